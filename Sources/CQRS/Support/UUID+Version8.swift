import Foundation

extension UUID {
    /// A version 8 UUID (custom, RFC 9562, with the RFC variant) of the first 16 of `bytes`: what a derived
    /// command id is made of (a reaction's, an idempotency key's). The version and variant bits are set
    /// in `bytes`.
    package static func version8(_ bytes: UnsafeMutableRawBufferPointer) -> UUID {
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
