import Foundation
import Synchronization

/// An ``EventStore`` in memory: for tests, prototypes and benchmarks. Safe under concurrent use; every
/// operation is one critical section.
///
/// ```swift
/// let store = InMemoryEventStore()
/// let engine = Engine(eventStore: store, readStore: InMemoryReadStore(), projections: [])
/// ```
public final class InMemoryEventStore: EventStore {
    private struct Stream {
        /// Indices into the log, in version order.
        var indices: [Int] = []
    }

    private struct State {
        var log: [RecordedEvent] = []
        var streams: [StreamID: Stream] = [:]
        var results: [UUID: AppendResult] = [:]
        var snapshots: [StreamID: Snapshot] = [:]
        var subscribers: [UInt64: AsyncStream<Int64>.Continuation] = [:]
        var nextSubscriber: UInt64 = 0
    }

    private let state = Mutex(State())
    private let now: @Sendable () -> Date

    /// Creates an empty store. `now` stamps ``RecordedEvent/recordedAt`` (tests pass a fixed clock).
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    public func append(_ request: AppendRequest) async throws -> AppendResult {
        let (result, subscribers) = try state.withLock {
            state -> (AppendResult, [AsyncStream<Int64>.Continuation]) in
            if let commandID = request.commandID, var recorded = state.results[commandID] {
                recorded.isDuplicate = true
                return (recorded, [])
            }
            let indices = state.streams[request.stream]?.indices
            let actual = indices.map { Int64($0.count) }
            guard request.expectedVersion.isSatisfied(by: actual) else {
                throw WrongExpectedVersion(stream: request.stream, expected: request.expectedVersion, actual: actual)
            }
            // Stamped inside the critical section, so that recordedAt never decreases along the log.
            let recordedAt = now()
            var version = actual ?? 0
            var stream = state.streams.removeValue(forKey: request.stream) ?? Stream()
            for event in request.events {
                version += 1
                stream.indices.append(state.log.count)
                state.log.append(
                    RecordedEvent(
                        eventID: event.eventID,
                        streamID: request.stream,
                        streamVersion: version,
                        position: Int64(state.log.count + 1),
                        eventType: event.eventType,
                        schemaVersion: event.schemaVersion,
                        recordedAt: recordedAt,
                        causationID: request.commandID,
                        correlationID: request.correlationID,
                        metadata: request.metadata,
                        payload: event.payload
                    )
                )
            }
            if !stream.indices.isEmpty || indices != nil {
                state.streams[request.stream] = stream
            }
            let result = AppendResult(
                stream: request.stream,
                version: version,
                position: request.events.isEmpty ? 0 : Int64(state.log.count),
                eventCount: request.events.count,
                commandID: request.commandID
            )
            if let commandID = request.commandID { state.results[commandID] = result }
            let subscribers = request.events.isEmpty ? [] : Array(state.subscribers.values)
            return (result, subscribers)
        }
        if !subscribers.isEmpty {
            for subscriber in subscribers { subscriber.yield(result.position) }
        }
        return result
    }

    public func appendResult(forCommand commandID: UUID) async throws -> AppendResult? {
        state.withLock { state in
            guard var result = state.results[commandID] else { return nil }
            result.isDuplicate = true
            return result
        }
    }

    public func readStream(
        _ stream: StreamID,
        from version: Int64,
        until limit: StreamReadLimit?
    ) async throws -> [RecordedEvent] {
        state.withLock { state in
            guard let indices = state.streams[stream]?.indices else { return [] }
            let first = Int(max(version, 1)) - 1
            guard first < indices.count else { return [] }
            var events: [RecordedEvent] = []
            events.reserveCapacity(indices.count - first)
            for index in indices[first...] {
                let event = state.log[index]
                if let limit, !limit.includes(event) { break }
                events.append(event)
            }
            return events
        }
    }

    public func readAll(after position: Int64, limit: Int, eventTypes: Set<String>?) async throws -> EventPage {
        state.withLock { state in
            var events: [RecordedEvent] = []
            var index = Int(max(position, 0))
            var last = position
            // Bound the time spent in the critical section when most events are filtered out.
            let end = min(state.log.count, index + max(limit * 16, 4096))
            while index < end, events.count < limit {
                let event = state.log[index]
                if eventTypes?.contains(event.eventType) ?? true { events.append(event) }
                last = event.position
                index += 1
            }
            return EventPage(events: events, lastPosition: last)
        }
    }

    public func headPosition() async throws -> Int64 {
        state.withLock { Int64($0.log.count) }
    }

    public func appendNotifications() -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int64.self, bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    public func saveSnapshot(_ snapshot: Snapshot) async throws {
        state.withLock { state in
            if let existing = state.snapshots[snapshot.stream], existing.version > snapshot.version { return }
            state.snapshots[snapshot.stream] = snapshot
        }
    }

    public func loadSnapshot(for stream: StreamID) async throws -> Snapshot? {
        state.withLock { $0.snapshots[stream] }
    }
}
