/// A 64-bit FNV-1a hash: the same input gives the same value in every process (unlike `hashValue`).
struct StableHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        value ^= 0xFF
        value &*= 0x0000_0100_0000_01B3
    }

    /// The value as 16 lower-case hexadecimal digits.
    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
