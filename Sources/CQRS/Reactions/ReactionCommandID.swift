import Foundation

/// The command id of a command a reaction sends: derived from the reaction's name, the event's id and
/// the command's place among those the event caused, so that a redelivered event's commands carry the
/// same ids and the command processor's idempotency absorbs them.
///
/// ```swift
/// let id = ReactionCommandID.make(reaction: "DebitOnTransfer", event: event.eventID, index: 0)
/// ```
public enum ReactionCommandID {
    /// The id of the `index`th command the reaction sends for the event (`compensating`: the index of the
    /// refused command whose compensations these are, and theirs among them).
    public static func make(reaction: String, event: UUID, index: Int, compensating: Int? = nil) -> UUID {
        Seed(reaction: reaction).make(event: event, index: index, compensating: compensating)
    }

    /// The part of the ids that depends on the reaction only, hashed once per runner.
    struct Seed: Sendable {
        private var low = StableHash()
        private var high = StableHash()

        init(reaction: String) {
            high.combine("cqrs.reaction-command")
            low.combine(reaction)
            high.combine(reaction)
        }

        /// ``ReactionCommandID/make(reaction:event:index:compensating:)`` for this seed's reaction.
        func make(event: UUID, index: Int, compensating: Int? = nil) -> UUID {
            var low = self.low
            var high = self.high
            low.combine(event)
            high.combine(event)
            if let compensating {
                let path = "\(compensating).rejected.\(index)"
                low.combine(path)
                high.combine(path)
            } else {
                low.combine(index)
                high.combine(index)
            }
            var bytes = (high.value.bigEndian, low.value.bigEndian)
            return withUnsafeMutableBytes(of: &bytes) { UUID.version8($0) }
        }
    }
}
