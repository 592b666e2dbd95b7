import CQRS
import Foundation
import Synchronization

/// A clock for stores: each reading is one second after the previous one.
package final class SteppingClock: Sendable {
    private let readings: Mutex<Int> = Mutex(0)
    package let start: Date

    package init(start: Date = Date(timeIntervalSince1970: 1_704_067_200)) {
        self.start = start
    }

    /// The time of the `n`th reading (from 0).
    package func time(ofReading reading: Int) -> Date { start.addingTimeInterval(Double(reading)) }

    package func now() -> Date {
        let reading = readings.withLock { readings in
            defer { readings += 1 }
            return readings
        }
        return time(ofReading: reading)
    }
}

/// A fixed moment for event payloads.
package let fixedDate = Date(timeIntervalSince1970: 1_714_564_800.25)

/// Rules with a fixed `placedAt`, so that decided events compare equal.
package let rules = OrderRules(now: { fixedDate })
package let orderDefinition = Shop.Order.Definition(rules)

/// A new event of a test type with a small JSON payload.
package func testEvent(_ type: String = "Test.Happened", _ number: Int = 0) -> NewEvent {
    NewEvent(eventType: type, schemaVersion: 1, payload: Data("{\"n\":\(number)}".utf8))
}

extension CommandProcessor {
    /// Sends `PlaceOrder` the way the generated `Application.send` does.
    @discardableResult
    package func send(_ command: Shop.PlaceOrder, options: CommandOptions = .init()) async throws -> CommandReceipt {
        try await handle(command, with: orderDefinition, options: options)
    }

    /// Sends `PayOrder` the way the generated `Application.send` does.
    @discardableResult
    package func send(_ command: Shop.PayOrder, options: CommandOptions = .init()) async throws -> CommandReceipt {
        try await handle(command, with: orderDefinition, options: options)
    }

    /// Sends `CancelOrder` the way the generated `Application.send` does.
    @discardableResult
    package func send(_ command: Shop.CancelOrder, options: CommandOptions = .init()) async throws -> CommandReceipt {
        try await handle(command, with: orderDefinition, options: options)
    }
}

/// An event store that forwards to another and can inject a concurrent writer's event just before the
/// next appends of a stream, and counts calls.
package final class SpyEventStore: EventStore {
    private struct Counts {
        var conflictsToInject = 0
        var streamReads: [Int64] = []
        var snapshotLoads = 0
        var beforeStreamRead: (@Sendable () async throws -> Void)?
        var beforeAppend: (@Sendable () async throws -> Void)?
    }

    package let inner: any EventStore
    private let counts = Mutex(Counts())

    package init(_ inner: any EventStore) {
        self.inner = inner
    }

    /// Before each of the next `count` appends, another writer appends one event to the same stream.
    package func injectConflicts(_ count: Int) { counts.withLock { $0.conflictsToInject = count } }

    /// Runs `action` once, before the next stream read goes to the store: another writer handling the same
    /// command just before this one loads its state.
    package func beforeNextStreamRead(_ action: @escaping @Sendable () async throws -> Void) {
        counts.withLock { $0.beforeStreamRead = action }
    }

    /// Runs `action` once, before the next append goes to the store.
    package func beforeNextAppend(_ action: @escaping @Sendable () async throws -> Void) {
        counts.withLock { $0.beforeAppend = action }
    }

    /// The `from` versions of every stream read so far.
    package var streamReads: [Int64] { counts.withLock { $0.streamReads } }

    /// How many snapshots were loaded.
    package var snapshotLoads: Int { counts.withLock { $0.snapshotLoads } }

    package func append(_ request: AppendRequest) async throws -> AppendResult {
        let action = counts.withLock { counts in
            defer { counts.beforeAppend = nil }
            return counts.beforeAppend
        }
        try await action?()
        let inject = counts.withLock { counts in
            guard counts.conflictsToInject > 0 else { return false }
            counts.conflictsToInject -= 1
            return true
        }
        if inject {
            let interloper = Shop.Order.OrderPaid(amountUSD: 0)
            _ = try await inner.append(
                AppendRequest(
                    stream: request.stream,
                    expectedVersion: .any,
                    events: [try Shop.Order.Definition.encode(.orderPaid(interloper))]
                )
            )
        }
        return try await inner.append(request)
    }

    package func appendResult(forCommand commandID: UUID) async throws -> AppendResult? {
        try await inner.appendResult(forCommand: commandID)
    }

    package func readStream(_ stream: StreamID, from version: Int64, until limit: StreamReadLimit?) async throws
        -> [RecordedEvent]
    {
        let action = counts.withLock { counts in
            counts.streamReads.append(version)
            defer { counts.beforeStreamRead = nil }
            return counts.beforeStreamRead
        }
        try await action?()
        return try await inner.readStream(stream, from: version, until: limit)
    }

    package func readAll(after position: Int64, limit: Int, eventTypes: Set<String>?) async throws -> EventPage {
        try await inner.readAll(after: position, limit: limit, eventTypes: eventTypes)
    }

    package func headPosition() async throws -> Int64 { try await inner.headPosition() }

    package func waitUntilReadable(through position: Int64) async throws {
        try await inner.waitUntilReadable(through: position)
    }

    package func countEvents(after position: Int64, atMost limit: Int) async throws -> Int {
        try await inner.countEvents(after: position, atMost: limit)
    }

    package func appendNotifications() -> AsyncStream<Int64> { inner.appendNotifications() }

    package func saveSnapshot(_ snapshot: Snapshot) async throws { try await inner.saveSnapshot(snapshot) }

    package func loadSnapshot(for stream: StreamID) async throws -> Snapshot? {
        counts.withLock { $0.snapshotLoads += 1 }
        return try await inner.loadSnapshot(for: stream)
    }
}
