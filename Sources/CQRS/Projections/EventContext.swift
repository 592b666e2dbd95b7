import Foundation

/// What a projection handler knows about an event besides its payload: the typed stream identifier,
/// position, version, time and causation.
///
/// ```swift
/// func on(_ event: Shop.OrderPlaced, _ context: CQRS.EventContext<Shop.Order.ID>,
///         rows: CQRS.ProjectionRows<Shop.UserOrders>) async throws {
///     try await rows.insert(Shop.UserOrders(orderId: context.streamID, ...))
/// }
/// ```
public struct EventContext<ID: StreamIdentifier>: Sendable {
    /// The identifier of the event's stream, typed.
    public var streamID: ID
    /// The event's position in the global log.
    public var position: Int64
    /// The event's version within its stream.
    public var version: Int64
    /// When the event was stored.
    public var recordedAt: Date
    /// The event's identifier.
    public var eventID: UUID
    /// The command that caused the event.
    public var causationID: UUID?
    /// The command's correlation identifier.
    public var correlationID: UUID?
    /// The command's metadata.
    public var metadata: [String: String]

    /// Reads the context of a recorded event; throws ``EventDecodingError`` when the stream id is not an `ID`.
    @inlinable
    public init(_ event: RecordedEvent) throws {
        guard let id = ID(streamIDString: event.streamID.id) else {
            throw EventDecodingError(event, reason: "the stream id '\(event.streamID.id)' is not a \(ID.self)")
        }
        streamID = id
        position = event.position
        version = event.streamVersion
        recordedAt = event.recordedAt
        eventID = event.eventID
        causationID = event.causationID
        correlationID = event.correlationID
        metadata = event.metadata
    }
}
