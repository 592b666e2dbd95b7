import Foundation

/// Exact decimal text of a `Decimal`, without Foundation's slow formatting.
///
/// The digits come from the value's storage (exponent, sign, 128-bit mantissa), read through its bytes.
/// That layout is Foundation's business, so it is checked once against known values; if it ever differs,
/// the public (slower) path is used instead.
@usableFromInline
enum DecimalText {
    /// Whether the storage layout is the one this code reads (checked once).
    static let layoutIsKnown: Bool = {
        func check(_ text: String, exponent: Int, negative: Bool, mantissa: UInt64) -> Bool {
            guard let value = Decimal(string: text, locale: nil), let parts = rawParts(value) else { return false }
            return parts.exponent == exponent && parts.isNegative == negative && parts.mantissa == UInt128(mantissa)
        }
        return MemoryLayout<Decimal>.size == 20
            && check("-12.10", exponent: -1, negative: true, mantissa: 121)
            && check("12345678901234567890", exponent: 1, negative: false, mantissa: 1_234_567_890_123_456_789)
            && check("0.000042", exponent: -6, negative: false, mantissa: 42)
            && check("1e100", exponent: 100, negative: false, mantissa: 1)
            && check("18446744073709551615", exponent: 0, negative: false, mantissa: .max)
    }()

    /// The value's parts as read from its storage: `±mantissa × 10^exponent`.
    private static func rawParts(_ value: Decimal) -> (exponent: Int, isNegative: Bool, mantissa: UInt128)? {
        withUnsafeBytes(of: value) { bytes -> (Int, Bool, UInt128)? in
            guard bytes.count == 20 else { return nil }
            let exponent = Int(Int8(bitPattern: bytes[0]))
            let flags = bytes[1]
            let length = Int(flags >> 4)
            guard length <= 8 else { return nil }
            var mantissa: UInt128 = 0
            for word in stride(from: length - 1, through: 0, by: -1) {
                let low = UInt128(bytes[4 + 2 * word])
                let high = UInt128(bytes[5 + 2 * word])
                mantissa = mantissa << 16 | high << 8 | low
            }
            return (exponent, flags & 0x08 != 0, mantissa)
        }
    }

    /// Appends the exact value as a plain JSON number; `false` for NaN.
    @usableFromInline
    static func append(_ value: Decimal, to out: inout [UInt8]) -> Bool {
        if value.isNaN { return false }
        guard layoutIsKnown, let parts = rawParts(value) else { return appendSlow(value, to: &out) }
        if parts.mantissa == 0 {
            out.append(UInt8(ascii: "0"))
            return true
        }
        if parts.isNegative { out.append(UInt8(ascii: "-")) }
        var scratch: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)  // 40 bytes: 39 digits at most
        withUnsafeMutableBytes(of: &scratch) { digits in
            var start = digits.count
            if parts.mantissa <= UInt128(UInt64.max) {
                var rest = UInt64(parts.mantissa)
                while rest > 0 {
                    start -= 1
                    digits[start] = UInt8(rest % 10) + 0x30
                    rest /= 10
                }
            } else {
                var rest = parts.mantissa
                while rest > 0 {
                    start -= 1
                    digits[start] = UInt8(rest % 10) + 0x30
                    rest /= 10
                }
            }
            let count = digits.count - start
            let exponent = parts.exponent
            if exponent >= 0 {
                out.append(contentsOf: digits[start...])
                for _ in 0..<exponent { out.append(UInt8(ascii: "0")) }
            } else if -exponent < count {
                let point = digits.count + exponent
                out.append(contentsOf: digits[start..<point])
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[point...])
            } else {
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "."))
                for _ in 0..<(-exponent - count) { out.append(UInt8(ascii: "0")) }
                out.append(contentsOf: digits[start...])
            }
        }
        return true
    }

    private static func appendSlow(_ value: Decimal, to out: inout [UInt8]) -> Bool {
        PayloadScalars.appendDecimal(value, to: &out)
    }
}
