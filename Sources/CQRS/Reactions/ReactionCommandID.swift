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
            return withUnsafeMutableBytes(of: &bytes) { buffer in
                // Version 8 (custom, RFC 9562) and the RFC variant.
                buffer[6] = (buffer[6] & 0x0F) | 0x80
                buffer[8] = (buffer[8] & 0x3F) | 0x80
                return UUID(
                    uuid: (
                        buffer[0], buffer[1], buffer[2], buffer[3], buffer[4], buffer[5], buffer[6], buffer[7],
                        buffer[8], buffer[9], buffer[10], buffer[11], buffer[12], buffer[13], buffer[14], buffer[15]
                    ))
            }
        }
    }
}
