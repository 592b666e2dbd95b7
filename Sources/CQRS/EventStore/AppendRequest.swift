import Foundation

/// Events to append to one stream, atomically, with the expectation and the command that caused them.
///
/// ```swift
/// let request = AppendRequest(stream: stream, expectedVersion: .noStream, events: [placed], commandID: commandID)
/// let result = try await store.append(request)
/// ```
public struct AppendRequest: Sendable, Hashable {
    /// The stream to append to.
    public var stream: StreamID
    /// The optimistic concurrency check.
    public var expectedVersion: ExpectedVersion
    /// The events, in order.
    public var events: [NewEvent]
    /// The command that caused the events; a second append with the same id appends nothing and returns
    /// the first one's result. `nil`: no idempotency record.
    public var commandID: UUID?
    /// Copied into every event's ``RecordedEvent/correlationID``.
    public var correlationID: UUID?
    /// Copied into every event's ``RecordedEvent/metadata``.
    public var metadata: [String: String]

    /// Creates a request.
    public init(
        stream: StreamID,
        expectedVersion: ExpectedVersion,
        events: [NewEvent],
        commandID: UUID? = nil,
        correlationID: UUID? = nil,
        metadata: [String: String] = [:]
    ) {
        self.stream = stream
        self.expectedVersion = expectedVersion
        self.events = events
        self.commandID = commandID
        self.correlationID = correlationID
        self.metadata = metadata
    }
}
