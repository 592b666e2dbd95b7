import CQRS
import Foundation
import Synchronization

/// The events a scenario is given, and the in-memory store they are appended to: versions per stream and
/// positions in the order given, `recordedAt` one second apart from ``firstRecordedAt``.
struct ScenarioLog: Sendable {
    /// The time the first event is recorded at: 2024-01-01T00:00:00Z.
    static var firstRecordedAt: Date { Date(timeIntervalSince1970: 1_704_067_200) }

    /// The events given so far.
    private(set) var events: [(stream: StreamID, event: NewEvent)] = []

    /// Adds events of one aggregate instance, encoded with the aggregate's `encode`.
    mutating func append<A: AggregateDefinition>(_ aggregate: A.Type, id: A.ID, _ events: [A.Event]) throws {
        let stream = A.streamID(id)
        for event in events { self.events.append((stream, try A.encode(event))) }
    }

    /// A fresh in-memory store holding the events.
    func store() async throws -> InMemoryEventStore {
        let clock = ScenarioClock(start: Self.firstRecordedAt)
        let eventStore = InMemoryEventStore(now: { clock.next() })
        for (stream, event) in events {
            _ = try await eventStore.append(AppendRequest(stream: stream, expectedVersion: .any, events: [event]))
        }
        return eventStore
    }
}

/// A clock that ticks one second per reading.
private final class ScenarioClock: Sendable {
    private let start: Date
    private let ticks = Mutex(0)

    init(start: Date) {
        self.start = start
    }

    func next() -> Date {
        let tick = ticks.withLock { ticks in
            defer { ticks += 1 }
            return ticks
        }
        return start.addingTimeInterval(Double(tick))
    }
}
