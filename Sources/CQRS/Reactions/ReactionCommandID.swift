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
        var path = "\(index)"
        if let compensating { path = "\(compensating).rejected.\(index)" }
        var low = StableHash()
        var high = StableHash()
        high.combine("cqrs.reaction-command")
        low.combine(reaction)
        low.combine(event.uuidString)
        low.combine(path)
        high.combine(reaction)
        high.combine(event.uuidString)
        high.combine(path)
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high.value >> (8 * UInt64(7 - index)))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low.value >> (8 * UInt64(7 - index)))
        }
        // Version 8 (custom, RFC 9562) and the RFC variant.
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
