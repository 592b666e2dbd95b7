import Foundation

/// A delivery that may succeed if tried again: the endpoint answered 5xx, 408 or 429, took longer than
/// the timeout, or could not be reached. ``WebhookPublisher`` throws it from `react(to:)`; the reaction
/// runner retries the event with backoff and, once the attempts run out, stops the reaction in
/// `ReactionStatus.failed(_:)` with this error as the failure's underlying error.
public struct WebhookDeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// The endpoint answered this status (5xx, 408, 429, or an unexpected 1xx/3xx), with the start of
        /// its body.
        case status(Int, body: String)
        /// No complete answer within the configured timeout.
        case timedOut(Duration)
        /// The connection failed: refused, reset, closed before an answer, a TLS or DNS error.
        case transport(String)

        /// The reason in a few words.
        public var description: String {
            switch self {
            case .status(let code, let body): body.isEmpty ? "HTTP \(code)" : "HTTP \(code): \(body)"
            case .timedOut(let timeout): "no answer within \(timeout)"
            case .transport(let error): "connection failed: \(error)"
            }
        }
    }

    /// The endpoint.
    public var endpoint: URL
    /// The event (also the request's `Idempotency-Key`).
    public var eventID: UUID
    /// What went wrong.
    public var reason: Reason

    /// Creates an error.
    public init(endpoint: URL, eventID: UUID, reason: Reason) {
        self.endpoint = endpoint
        self.eventID = eventID
        self.reason = reason
    }

    /// A sentence naming the endpoint and the reason.
    public var description: String {
        "webhook \(endpoint.absoluteString) for event \(eventID.uuidString.lowercased()): \(reason)"
    }
}
