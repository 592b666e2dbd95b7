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
    ///
    /// Positions increase along the log; a store may skip numbers (PostgreSQL's positions are transaction
    /// ids shifted left, far apart), so read on from ``EventPage/lastPosition``, never from a count.
    func readAll(after position: Int64, limit: Int, eventTypes: Set<String>?) async throws -> EventPage

    /// The position of the last committed event in the log; 0 when empty.
    func headPosition() async throws -> Int64

    /// Returns once ``readAll(after:limit:eventTypes:)`` reads every event up to `position`. At once for a
    /// store whose appends are readable when they return (in memory, SQLite); PostgreSQL's readers read only
    /// below the oldest append still in flight, so an append that returned may wait there a moment for
    /// older ones to end. A projection needs none of this (it follows the log); call it before reading the
    /// log directly right after an append:
    ///
    /// ```swift
    /// let appended = try await store.append(request)
    /// try await store.waitUntilReadable(through: appended.position)
    /// let page = try await store.readAll(after: 0, limit: 100)
    /// ```
    func waitUntilReadable(through position: Int64) async throws

    /// How many events follow `position` in the log, counting at most `limit`: how far a reader at
    /// `position` is behind. The default subtracts positions, which is right for a store that numbers its
    /// events 1, 2, 3, …; a store whose positions skip numbers (PostgreSQL's) counts them.
    func countEvents(after position: Int64, atMost limit: Int) async throws -> Int

    /// The head position after appends, as they happen (the newest one buffered): wait on this rather than
    /// poll.
    func appendNotifications() -> AsyncStream<Int64>

    /// Saves a snapshot, replacing the stream's previous one.
    func saveSnapshot(_ snapshot: Snapshot) async throws

    /// The stream's latest snapshot, if any.
    func loadSnapshot(for stream: StreamID) async throws -> Snapshot?
}

extension EventStore {
    /// Returns at once: for stores whose appends are readable when they return.
    public func waitUntilReadable(through position: Int64) async throws {}

    /// `headPosition() - position`, between 0 and `limit`: for stores whose positions are 1, 2, 3, ….
    public func countEvents(after position: Int64, atMost limit: Int) async throws -> Int {
        Int(min(max(try await headPosition() - position, 0), Int64(max(limit, 0))))
    }

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
