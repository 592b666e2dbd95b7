import Foundation

/// Text forms of the scalars the payload format treats specially: `UUID`, `Decimal`, `Date`.
///
/// These are exact and fast; Foundation's equivalents are far slower on Linux. Only public API is used
/// (`Decimal`'s digits come from `significand` and `exponent`, never from its storage).
@usableFromInline
package enum PayloadScalars {
    /// Seconds between 1970-01-01 and 2001-01-01, the two epochs.
    static let epochOffset: Int64 = 978_307_200

    // MARK: UUID

    /// The upper-case text form, `E621E1F8-C36C-495A-93FC-0C247A3E6E5F`, as `uuidString`.
    package static func uuidText(_ uuid: UUID) -> String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            withUnsafeBytes(of: uuid.uuid) { bytes in
                var out = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        buffer[out] = UInt8(ascii: "-")
                        out &+= 1
                    }
                    buffer[out] = hexDigit(bytes[index] >> 4)
                    buffer[out &+ 1] = hexDigit(bytes[index] & 0x0F)
                    out &+= 2
                }
            }
            return 36
        }
    }

    /// The upper-case hexadecimal digit of a nibble (0...15).
    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "A") &- 10 &+ nibble
    }

    /// Appends the upper-case text form (no quotes).
    @usableFromInline
    static func appendUUID(_ uuid: UUID, to out: inout [UInt8]) {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
                out.append(hexDigit(bytes[index] >> 4))
                out.append(hexDigit(bytes[index] & 0x0F))
            }
        }
    }

    /// Parses the usual text form, in either case.
    package static func parseUUID(_ text: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard text.count == 36, text[8] == UInt8(ascii: "-"), text[13] == UInt8(ascii: "-"),
            text[18] == UInt8(ascii: "-"), text[23] == UInt8(ascii: "-")
        else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var index = 0
            for slot in 0..<16 {
                if index == 8 || index == 13 || index == 18 || index == 23 { index += 1 }
                guard let high = hexValue(text[index]), let low = hexValue(text[index + 1]) else { return false }
                out[slot] = high << 4 | low
                index += 2
            }
            return true
        }
        return ok ? UUID(uuid: bytes) : nil
    }

    /// The value of one hexadecimal digit, in either case.
    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }

    // MARK: Decimal

    /// Appends the decimal's exact value as a plain JSON number (`12.5`, `-0.001`, `1200`): the digits of
    /// its significand, with the point where its exponent puts it. Returns `false` for NaN, which JSON
    /// cannot hold.
    @usableFromInline
    static func appendDecimal(_ value: Decimal, to out: inout [UInt8]) -> Bool {
        if value.isNaN { return false }
        if value.isZero {
            out.append(UInt8(ascii: "0"))
            return true
        }
        let significand = NSDecimalNumber(decimal: value.significand)
        // `doubleValue` is within a few ulps, far from the margin between 1.8e19 and 2^64: below it, the
        // significand fits `UInt64` and `uint64Value` is exact.
        guard significand.doubleValue < 1.8e19 else {
            // More digits: Foundation's text is exact (plain digits, never an exponent), only slower.
            out.append(contentsOf: value.description.utf8)
            return true
        }
        if value.sign == .minus { out.append(UInt8(ascii: "-")) }
        let start = out.count
        appendDigits(significand.uint64Value, to: &out)
        let count = out.count - start
        let exponent = value.exponent
        if exponent >= 0 {
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent))
        } else if -exponent < count {
            out.insert(UInt8(ascii: "."), at: out.count + exponent)
        } else {
            var prefix: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: ".")]
            prefix.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -exponent - count))
            out.insert(contentsOf: prefix, at: start)
        }
        return true
    }

    /// Parses JSON number text exactly; `nil` when it is not a number a `Decimal` can hold.
    static func parseDecimal(_ text: ArraySlice<UInt8>) -> Decimal? {
        var index = text.startIndex
        var isNegative = false
        if index < text.endIndex, text[index] == UInt8(ascii: "-") {
            isNegative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var sawDigit = false
        var simple = true
        while index < text.endIndex {
            let byte = text[index]
            if byte >= 0x30, byte <= 0x39 {
                sawDigit = true
                if mantissa > 0 || byte != 0x30 {
                    significantDigits += 1
                    if significantDigits > 19 {
                        simple = false
                        break
                    }
                    mantissa = mantissa * 10 + UInt64(byte - 0x30)
                }
                index += 1
            } else if byte == UInt8(ascii: ".") {
                index += 1
                while index < text.endIndex, text[index] >= 0x30, text[index] <= 0x39 {
                    if mantissa > 0 || text[index] != 0x30 {
                        significantDigits += 1
                        if significantDigits > 19 {
                            simple = false
                            break
                        }
                    }
                    mantissa = mantissa &* 10 &+ UInt64(text[index] - 0x30)
                    exponent -= 1
                    index += 1
                }
                if index < text.endIndex { simple = false }
                break
            } else {
                simple = false
                break
            }
        }
        guard simple, sawDigit else {
            return Decimal(string: String(decoding: text, as: UTF8.self), locale: nil)
        }
        if mantissa == 0 { return Decimal.zero }
        while mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        guard exponent >= -128, exponent <= 127 else {
            return Decimal(string: String(decoding: text, as: UTF8.self), locale: nil)
        }
        return Decimal(sign: isNegative ? .minus : .plus, exponent: exponent, significand: Decimal(mantissa))
    }

    // MARK: Date

    /// Appends the date as seconds since 1970, written with every digit needed to give back the very
    /// same `Date`. Returns `false` for a date that is not finite.
    @usableFromInline
    static func appendDate(_ date: Date, to out: inout [UInt8]) -> Bool {
        let sinceReference = date.timeIntervalSinceReferenceDate
        guard sinceReference.isFinite else { return false }
        // The shortest text that reads back as the same Double, moved to the 1970 epoch exactly.
        var text = sinceReference.description
        let simple = text.withUTF8 { utf8 -> Bool in
            // Fast path: "digits.digits", with a whole part that fits comfortably.
            var integer: Int64 = 0
            var index = 0
            while index < utf8.count, utf8[index] >= 0x30, utf8[index] <= 0x39, index < 16 {
                integer = integer * 10 + Int64(utf8[index] - 0x30)
                index += 1
            }
            guard index > 0, index < utf8.count, utf8[index] == UInt8(ascii: ".") else { return false }
            let fraction = UnsafeBufferPointer(rebasing: utf8[(index + 1)...])
            guard !fraction.isEmpty, fraction.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            appendInteger(integer + epochOffset, to: &out)
            if !(fraction.count == 1 && fraction[0] == 0x30) {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: fraction)
            }
            return true
        }
        if simple { return true }
        guard let exact = ExactDecimal(text: text.utf8) else { return false }
        out.append(contentsOf: exact.adding(ExactDecimal(epochOffset)).plainText.utf8)
        return true
    }

    /// Appends an unsigned integer's digits.
    static func appendDigits(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, enough for 20 digits
        withUnsafeMutableBytes(of: &scratch) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(rest % 10) + 0x30
                rest /= 10
            } while rest > 0
            out.append(contentsOf: digits[start...])
        }
    }

    /// Appends an integer's digits, after a minus sign when it is negative.
    @usableFromInline
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        var rest = value.magnitude
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(rest % 10) + 0x30
                rest /= 10
            } while rest > 0
            if value < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            out.append(contentsOf: digits[start...])
        }
    }

    /// Reads seconds since 1970 (any JSON number) back into the `Date` it was written from.
    static func parseDate(_ text: ArraySlice<UInt8>) -> Date? {
        var integer: Int64 = 0
        var digitCount = 0
        var index = text.startIndex
        var simple = true
        while index < text.endIndex {
            let byte = text[index]
            if byte >= 0x30, byte <= 0x39 {
                integer = integer * 10 + Int64(byte - 0x30)
                digitCount += 1
                if digitCount > 17 {
                    simple = false
                    break
                }
            } else if byte == UInt8(ascii: ".") {
                break
            } else {
                simple = false
                break
            }
            index += 1
        }
        if simple, digitCount > 0, integer >= epochOffset {
            let fraction = text[index...]
            if fraction.isEmpty {
                return Date(timeIntervalSinceReferenceDate: Double(integer - epochOffset))
            }
            if fraction.count > 1, fraction.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                if let seconds = exactSeconds(integer - epochOffset, fraction: fraction.dropFirst()) {
                    return Date(timeIntervalSinceReferenceDate: seconds)
                }
                var shifted = String(integer - epochOffset)
                shifted.append(String(decoding: fraction, as: UTF8.self))
                guard let seconds = Double(shifted) else { return nil }
                return Date(timeIntervalSinceReferenceDate: seconds)
            }
        }
        guard let exact = ExactDecimal(text: text) else { return nil }
        guard let seconds = Double(exact.adding(ExactDecimal(-epochOffset)).plainText), seconds.isFinite else {
            return nil
        }
        return Date(timeIntervalSinceReferenceDate: seconds)
    }

    /// `whole.fraction` as the `Double` nearest to it, without parsing text, when both the digits and the
    /// power of ten are exact in a `Double` (at most 2^53, and at most 10^15): one division of two exact
    /// values is then correctly rounded, the very value `Double(text)` reads. `nil` otherwise (the caller
    /// parses the text).
    package static func exactSeconds(_ whole: Int64, fraction: ArraySlice<UInt8>) -> Double? {
        let limit: Int64 = 1 << 53
        guard whole >= 0, whole <= limit, fraction.count <= 15 else { return nil }
        var digits = whole
        var scale: Int64 = 1
        for byte in fraction {
            // At most 2^53 before, so neither the product nor the sum can overflow.
            digits = digits * 10 + Int64(byte &- 0x30)
            guard digits <= limit else { return nil }
            scale *= 10
        }
        return Double(digits) / Double(scale)
    }

    /// The error for a value JSON cannot hold (NaN, infinity).
    @usableFromInline
    static func nonFinite(_ value: Any, _ path: [any CodingKey]) -> EncodingError {
        EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "JSON cannot hold \(value)."))
    }

    // MARK: Strings

    /// Appends a JSON string: quotes, and escapes only for `"`, `\\` and control characters.
    @usableFromInline
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
                case 0x0A: bytes.append(contentsOf: "\\n".utf8)
                case 0x0D: bytes.append(contentsOf: "\\r".utf8)
                case 0x09: bytes.append(contentsOf: "\\t".utf8)
                case 0x08: bytes.append(contentsOf: "\\b".utf8)
                case 0x0C: bytes.append(contentsOf: "\\f".utf8)
                default:
                    let hex: StaticString = "0123456789abcdef"
                    bytes.append(contentsOf: "\\u00".utf8)
                    bytes.append(hex.utf8Start[Int(byte >> 4)])
                    bytes.append(hex.utf8Start[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
