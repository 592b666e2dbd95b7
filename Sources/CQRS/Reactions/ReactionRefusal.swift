/// Thrown by a reaction's ``EventReaction/react(to:)`` (or a call-out) when retrying cannot help: another
/// system answered that the request is wrong (an HTTP 4xx), say. The event then goes to
/// ``EventReaction/rejected(_:because:reactingTo:)`` and is skipped, rather than retried.
///
/// ```swift
/// guard response.status.code < 500 else { throw TransientError() }
/// if response.status.code >= 400 { throw CQRS.ReactionRefusal("the receiver answered \(response.status)") }
/// ```
public struct ReactionRefusal: Error, Sendable, CustomStringConvertible {
    /// Why, in a sentence.
    public var reason: String

    /// Creates a refusal.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }
}
