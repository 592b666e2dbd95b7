import Foundation

/// Where events live: an append-only log of streams, with idempotency records and snapshots.
///
/// `InMemoryEventStore` implements it; durable stores (SQLite, PostgreSQL) live in their own modules.
///
/// ```swift
/// let store = InMemoryEventStore()
/// let result = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: [event]))
/// let events = try await store.readStream(stream)
/// ```
public protocol EventStore: Sendable {
    /// Appends events to a stream in one atomic step: the idempotency check (a recorded command id returns
    /// its result with `isDuplicate == true` and appends nothing), the expected-version check (throws
    /// ``WrongExpectedVersion``), the events, and the command id's record.
    func append(_ request: AppendRequest) async throws -> AppendResult

    /// The result recorded for a command id, if any (with `isDuplicate == true`).
    func appendResult(forCommand commandID: UUID) async throws -> AppendResult?

    /// The events of a stream with version `>= version`, in order, stopping at `limit` if given. Empty when
    /// the stream does not exist.
    func readStream(_ stream: StreamID, from version: Int64, until limit: StreamReadLimit?) async throws
        -> [RecordedEvent]

    /// At most `limit` events with position `> position`, in order; only types in `eventTypes` when given.
    func readAll(after position: Int64, limit: Int, eventTypes: Set<String>?) async throws -> EventPage

    /// The position of the last event in the log; 0 when empty.
    func headPosition() async throws -> Int64

    /// The head position after appends, as they happen (the newest one buffered): wait on this rather than
    /// poll.
    func appendNotifications() -> AsyncStream<Int64>

    /// Saves a snapshot, replacing the stream's previous one.
    func saveSnapshot(_ snapshot: Snapshot) async throws

    /// The stream's latest snapshot, if any.
    func loadSnapshot(for stream: StreamID) async throws -> Snapshot?
}

extension EventStore {
    /// Every event of a stream, in order.
    public func readStream(_ stream: StreamID) async throws -> [RecordedEvent] {
        try await readStream(stream, from: 1, until: nil)
    }

    /// The events of a stream with version `>= version`.
    public func readStream(_ stream: StreamID, from version: Int64) async throws -> [RecordedEvent] {
        try await readStream(stream, from: version, until: nil)
    }

    /// The events of a stream up to `limit`: the stream as it was at a version or a moment.
    public func readStream(_ stream: StreamID, until limit: StreamReadLimit) async throws -> [RecordedEvent] {
        try await readStream(stream, from: 1, until: limit)
    }

    /// At most `limit` events with position `> position`, of every type.
    public func readAll(after position: Int64, limit: Int) async throws -> EventPage {
        try await readAll(after: position, limit: limit, eventTypes: nil)
    }
}
