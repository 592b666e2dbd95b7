import Foundation

/// Per-command options: the id that makes a resend harmless, the version the client last saw,
/// correlation and metadata.
///
/// ```swift
/// let options = CommandOptions(commandID: requestID, expectedVersion: 3, metadata: ["user": "ada"])
/// ```
public struct CommandOptions: Sendable {
    /// The command's id. Sending the same id again returns the first receipt (with `isDuplicate`).
    public var commandID: UUID
    /// The stream version the client last saw (a receipt's ``CommandReceipt/version``, as HTTP's
    /// `If-Match` carries it; 0: the stream must not exist yet). When the stream is at another version the
    /// command fails with ``CommandError/concurrencyConflict(_:attempts:)`` and is never retried past it.
    /// `nil`: decide on the current state, retrying on concurrent writes.
    public var expectedVersion: Int64?
    /// Copied into every event the command appends; `nil`: the command's own id, so that the commands a
    /// chain of reactions sends share the first one's.
    public var correlationID: UUID?
    /// Copied into every event the command appends.
    public var metadata: [String: String]

    /// Creates options; the command id is random unless given.
    public init(
        commandID: UUID = .fastRandom(),
        expectedVersion: Int64? = nil,
        correlationID: UUID? = nil,
        metadata: [String: String] = [:]
    ) {
        self.commandID = commandID
        self.expectedVersion = expectedVersion
        self.correlationID = correlationID
        self.metadata = metadata
    }
}
