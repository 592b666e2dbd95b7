import Foundation

/// An event about to be appended: its identity, type, schema version and JSON payload.
///
/// Generated aggregates build these in `encode(_:)`:
///
/// ```swift
/// NewEvent(eventType: "Order.OrderPlaced", schemaVersion: 1, payload: try EventPayload.encode(placed))
/// ```
public struct NewEvent: Sendable, Hashable {
    /// The event's unique identifier.
    public var eventID: UUID
    /// The stored event type, `Aggregate.Event` (for example `"Order.OrderPlaced"`).
    public var eventType: String
    /// The version of the payload's schema (1 unless the spec says otherwise).
    public var schemaVersion: Int
    /// The payload, in the format of `EventPayload` (module `CQRSPayload`).
    public var payload: Data

    /// Creates an event to append; the identifier is random unless given.
    public init(eventID: UUID = .fastRandom(), eventType: String, schemaVersion: Int, payload: Data) {
        self.eventID = eventID
        self.eventType = eventType
        self.schemaVersion = schemaVersion
        self.payload = payload
    }
}
