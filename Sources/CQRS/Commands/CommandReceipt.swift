import Foundation

/// What a handled command did. Pass its ``position`` to a query to read your own writes.
///
/// ```swift
/// let receipt = try await processor.handle(…)
/// try await engine.waitUntil(projection: "UserOrders", hasProcessed: receipt.position, timeout: .seconds(5))
/// ```
public struct CommandReceipt: Sendable, Hashable, Codable {
    /// The command's id.
    public var commandID: UUID
    /// The stream the command acted on.
    public var streamID: StreamID
    /// The stream's version after the command.
    public var version: Int64
    /// The global position of the last event appended; 0 when the command appended none.
    public var position: Int64
    /// How many events the command appended.
    public var eventCount: Int
    /// `true` when the command id had been handled before: this is the first receipt, and nothing was done.
    public var isDuplicate: Bool

    /// Creates a receipt.
    public init(
        commandID: UUID,
        streamID: StreamID,
        version: Int64,
        position: Int64,
        eventCount: Int,
        isDuplicate: Bool
    ) {
        self.commandID = commandID
        self.streamID = streamID
        self.version = version
        self.position = position
        self.eventCount = eventCount
        self.isDuplicate = isDuplicate
    }
}
