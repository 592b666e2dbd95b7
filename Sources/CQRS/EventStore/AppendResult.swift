import Foundation

/// What an append did: the stream's new version and the global position of its last event.
///
/// The event store keeps one per command id (the idempotency record), written in the same atomic step as
/// the events.
public struct AppendResult: Sendable, Hashable, Codable {
    /// The stream appended to.
    public var stream: StreamID
    /// The stream's version after the append (the last event's version).
    public var version: Int64
    /// The global position of the last event appended; 0 when none was.
    public var position: Int64
    /// How many events were appended.
    public var eventCount: Int
    /// The command that caused the append, if given.
    public var commandID: UUID?
    /// `true` when the command id had already been recorded: nothing was appended, and this is the first
    /// append's result.
    public var isDuplicate: Bool

    /// Creates a result.
    public init(
        stream: StreamID,
        version: Int64,
        position: Int64,
        eventCount: Int,
        commandID: UUID? = nil,
        isDuplicate: Bool = false
    ) {
        self.stream = stream
        self.version = version
        self.position = position
        self.eventCount = eventCount
        self.commandID = commandID
        self.isDuplicate = isDuplicate
    }
}
