/// Why a projection stopped: the event its handler failed on (or the store operation that failed).
///
/// ```swift
/// if case .failed(let failure) = await engine.status(of: "UserOrders") {
///     print(failure.position, failure.eventType ?? "-", failure.reason)
/// }
/// ```
public struct ProjectionFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The projection.
    public var projection: String
    /// The position of the event being applied, or of the first one not yet committed.
    public var position: Int64
    /// The event's stored type; `nil` when a store operation failed rather than a handler.
    public var eventType: String?
    /// The error's description.
    public var reason: String

    /// Creates a failure.
    public init(projection: String, position: Int64, eventType: String?, reason: String) {
        self.projection = projection
        self.position = position
        self.eventType = eventType
        self.reason = reason
    }

    /// A sentence naming the projection, the event and the error.
    public var description: String {
        let event = eventType.map { "event \($0) at position \(position)" } ?? "position \(position)"
        return "projection \(projection) failed on \(event): \(reason)"
    }
}
