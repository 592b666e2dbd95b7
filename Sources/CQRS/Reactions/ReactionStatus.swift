import Foundation

/// What a reaction runner is doing.
public enum ReactionStatus: Sendable, Hashable, CustomStringConvertible {
    /// Waiting for the reaction's lease: another runner (here or in another process) runs it.
    case waitingForLease
    /// Reading its checkpoint.
    case starting
    /// Delivering the events of the log after its checkpoint.
    case catchingUp
    /// Caught up; waiting for appends.
    case live
    /// Stopped on an event whose delivery kept failing; ``ReactionRunner/resume()`` tries again.
    case failed(ReactionFailure)
    /// Not running.
    case stopped

    /// The status in a word or two (with the failure).
    public var description: String {
        switch self {
        case .waitingForLease: "waiting for the lease"
        case .starting: "starting"
        case .catchingUp: "catching up"
        case .live: "live"
        case .failed(let failure): "failed: \(failure)"
        case .stopped: "stopped"
        }
    }
}

/// Why a reaction stopped: the event whose delivery kept failing, and the last error.
///
/// Two failures are equal when they name the same reaction, position, event and reason.
public struct ReactionFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reaction.
    public var reaction: String
    /// The position of the event (or, for a store failure, of the first event not yet delivered).
    public var position: Int64
    /// The event's stored type; `nil` for a store failure outside a delivery.
    public var eventType: String?
    /// The event's id; `nil` for a store failure outside a delivery.
    public var eventID: UUID?
    /// How many times delivery was tried.
    public var attempts: Int
    /// The last error's description.
    public var reason: String
    /// The last error, as it was thrown.
    public var underlyingError: any Error

    /// Creates a failure.
    public init(
        reaction: String, position: Int64, eventType: String?, eventID: UUID?, attempts: Int, error: any Error
    ) {
        self.reaction = reaction
        self.position = position
        self.eventType = eventType
        self.eventID = eventID
        self.attempts = attempts
        self.reason = "\(error)"
        self.underlyingError = error
    }

    /// A sentence naming the reaction, the event and the error.
    public var description: String {
        let event =
            eventType.map { "event \($0) \(eventID.map { "(\($0)) " } ?? "")at position \(position)" }
            ?? "position \(position)"
        return "reaction \(reaction) failed on \(event) after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)"
    }

    /// Whether two failures name the same reaction, position, event and reason.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.reaction == rhs.reaction && lhs.position == rhs.position && lhs.eventType == rhs.eventType
            && lhs.eventID == rhs.eventID && lhs.reason == rhs.reason
    }

    /// Hashes what equality compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(reaction)
        hasher.combine(position)
        hasher.combine(eventID)
        hasher.combine(reason)
    }
}
