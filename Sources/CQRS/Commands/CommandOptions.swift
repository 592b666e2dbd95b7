import Foundation

/// Per-command options: the id that makes a resend harmless, correlation and metadata.
///
/// ```swift
/// let options = CommandOptions(commandID: requestID, metadata: ["user": "ada"])
/// ```
public struct CommandOptions: Sendable {
    /// The command's id. Sending the same id again returns the first receipt (with `isDuplicate`).
    public var commandID: UUID
    /// Copied into every event the command appends.
    public var correlationID: UUID?
    /// Copied into every event the command appends.
    public var metadata: [String: String]

    /// Creates options; the command id is random unless given.
    public init(commandID: UUID = .fastRandom(), correlationID: UUID? = nil, metadata: [String: String] = [:]) {
        self.commandID = commandID
        self.correlationID = correlationID
        self.metadata = metadata
    }
}
