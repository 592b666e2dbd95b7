/// A hash that is the same on every run and machine (unlike `Hasher`): 64-bit FNV-1a.
enum StableHash {
    /// The hash of the text's UTF-8 bytes, as 16 lower-case hex digits.
    static func hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
