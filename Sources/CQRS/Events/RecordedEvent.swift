import Foundation

/// An event as the event store recorded it: the appended event plus where and when it was stored.
///
/// ```swift
/// let page = try await store.readAll(after: 0, limit: 100, eventTypes: nil)
/// for event in page.events {
///     print(event.position, event.streamID, event.streamVersion, event.eventType)
/// }
/// ```
public struct RecordedEvent: Sendable, Hashable {
    /// The event's unique identifier.
    public var eventID: UUID
    /// The stream the event belongs to.
    public var streamID: StreamID
    /// The event's version within its stream, from 1.
    public var streamVersion: Int64
    /// The event's position in the global log: from 1, increasing along the log. The in-memory and SQLite
    /// stores number events 1, 2, 3, …; PostgreSQL's positions skip numbers (transaction ids, shifted).
    public var position: Int64
    /// The stored event type, for example `"Order.OrderPlaced"`.
    public var eventType: String
    /// The version of the payload's schema when it was written.
    public var schemaVersion: Int
    /// When the store recorded the event.
    public var recordedAt: Date
    /// The identifier of the command that caused the event.
    public var causationID: UUID?
    /// The correlation identifier the command carried.
    public var correlationID: UUID?
    /// Free-form metadata the command carried.
    public var metadata: [String: String]
    /// The payload, in the format of `EventPayload` (module `CQRSPayload`).
    public var payload: Data

    /// Creates a recorded event; stores use this when they read events back.
    public init(
        eventID: UUID,
        streamID: StreamID,
        streamVersion: Int64,
        position: Int64,
        eventType: String,
        schemaVersion: Int,
        recordedAt: Date,
        causationID: UUID? = nil,
        correlationID: UUID? = nil,
        metadata: [String: String] = [:],
        payload: Data
    ) {
        self.eventID = eventID
        self.streamID = streamID
        self.streamVersion = streamVersion
        self.position = position
        self.eventType = eventType
        self.schemaVersion = schemaVersion
        self.recordedAt = recordedAt
        self.causationID = causationID
        self.correlationID = correlationID
        self.metadata = metadata
        self.payload = payload
    }
}
