/// A stored event that could not be turned into a Swift value: unknown type, newer schema, or a payload
/// that does not match.
///
/// ```swift
/// throw EventDecodingError(recorded, reason: "unknown event type")
/// ```
public struct EventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The event's position in the global log.
    public var position: Int64
    /// The event's stream.
    public var streamID: StreamID
    /// The stored event type.
    public var eventType: String
    /// The stored schema version.
    public var schemaVersion: Int
    /// What went wrong.
    public var reason: String

    /// Creates an error with every field given.
    public init(position: Int64, streamID: StreamID, eventType: String, schemaVersion: Int, reason: String) {
        self.position = position
        self.streamID = streamID
        self.eventType = eventType
        self.schemaVersion = schemaVersion
        self.reason = reason
    }

    /// Creates an error about a recorded event.
    public init(_ event: RecordedEvent, reason: String) {
        self.init(
            position: event.position,
            streamID: event.streamID,
            eventType: event.eventType,
            schemaVersion: event.schemaVersion,
            reason: reason
        )
    }

    /// A sentence naming the event and the reason.
    public var description: String {
        "cannot decode event \(eventType) (schema version \(schemaVersion)) at position \(position) "
            + "in stream \(streamID): \(reason)"
    }
}
