/// Why a projection stopped: the event its handler failed on (or the store operation that failed), with
/// the error itself.
///
/// ```swift
/// if case .failed(let failure) = try engine.status(of: "UserOrders") {
///     print(failure.position, failure.eventType ?? "-", failure.reason)
///     if let decoding = failure.underlyingError as? EventDecodingError { … }
/// }
/// ```
///
/// Two failures are equal when they name the same projection, position, event type and reason; the
/// underlying error takes no part in equality.
public struct ProjectionFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The projection.
    public var projection: String
    /// The position of the event being applied, or of the first one not yet committed.
    public var position: Int64
    /// The event's stored type; `nil` when a store operation failed rather than a handler.
    public var eventType: String?
    /// The error's description.
    public var reason: String
    /// The error the handler or the store threw, as it was thrown.
    public var underlyingError: any Error

    /// Creates a failure from the error a handler or a store threw; ``reason`` is its description.
    public init(projection: String, position: Int64, eventType: String?, error: any Error) {
        self.projection = projection
        self.position = position
        self.eventType = eventType
        self.reason = "\(error)"
        self.underlyingError = error
    }

    /// A sentence naming the projection, the event and the error.
    public var description: String {
        let event = eventType.map { "event \($0) at position \(position)" } ?? "position \(position)"
        return "projection \(projection) failed on \(event): \(reason)"
    }

    /// Whether two failures name the same projection, position, event type and reason.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.projection == rhs.projection && lhs.position == rhs.position && lhs.eventType == rhs.eventType
            && lhs.reason == rhs.reason
    }

    /// Hashes what equality compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(projection)
        hasher.combine(position)
        hasher.combine(eventType)
        hasher.combine(reason)
    }
}
