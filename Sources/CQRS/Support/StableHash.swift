import Foundation

/// A 64-bit FNV-1a hash: the same input gives the same value in every process (unlike `hashValue`).
struct StableHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ text: String) {
        for byte in text.utf8 { add(byte) }
        separate()
    }

    /// Combines a UUID's upper-case text form (as `combine(uuid.uuidString)`), without making the string.
    mutating func combine(_ uuid: UUID) {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 { add(UInt8(ascii: "-")) }
                add(Self.hexDigit(bytes[index] >> 4))
                add(Self.hexDigit(bytes[index] & 0x0F))
            }
        }
        separate()
    }

    /// Combines a number's decimal digits, as `combine("\(number)")` would, without making the string.
    mutating func combine(_ number: Int) {
        guard number >= 0, number < 1_000_000_000 else {
            combine("\(number)")
            return
        }
        var divisor = 1
        while divisor * 10 <= number { divisor *= 10 }
        var rest = number
        while divisor > 0 {
            add(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
        separate()
    }

    @inline(__always)
    private mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value &*= 0x0000_0100_0000_01B3
    }

    /// A separator after each value, so that ("ab", "c") and ("a", "bc") differ.
    @inline(__always)
    private mutating func separate() {
        add(0xFF)
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "A") &- 10 &+ nibble
    }

    /// The value as 16 lower-case hexadecimal digits.
    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
