import Foundation

/// `Decimal` values as text whose byte order is their numeric order, so that a TEXT column sorts, compares
/// and pages decimals correctly (a REAL would round past 15–17 digits) and gives back the exact value.
///
/// The form: `1` + negatives, `2` for zero, `3` + positives; then the decimal exponent `E` of the value
/// written `0.d₁d₂…dₙ × 10^E` as three digits biased by 500, then the significant digits without trailing
/// zeros. Negatives complement the exponent and every digit (`9 − d`) and end with `~`, which sorts after
/// every digit, so that a longer magnitude sorts first. `0.5` is `3500` + `5`, `-0.5` is `1499` + `4~`.
enum SortableDecimal {
    private static let bias = 500

    /// The sortable text of a decimal (NaN sorts before everything, as `0`).
    static func encode(_ value: Decimal) -> String {
        encodings(of: value).sortable
    }

    /// The sortable text and the plain decimal text (`12.5`, `-0.001`, `300`; what
    /// `Decimal.description` writes) of a decimal, from one reading of its digits.
    static func encodings(of value: Decimal) -> (sortable: String, plain: String) {
        if value.isNaN { return ("0", "NaN") }
        if value.isZero { return ("2", "0") }
        var digits = Array(value.significand.magnitude.description.utf8)
        var exponent = value.exponent
        while digits.count > 1, digits.last == UInt8(ascii: "0") {
            digits.removeLast()
            exponent += 1
        }
        let negative = value.sign == .minus
        // The value is 0.d₁d₂…dₙ × 10^scale.
        let scale = exponent + digits.count
        var text = [UInt8]()
        text.reserveCapacity(digits.count + 5)
        if negative {
            text.append(UInt8(ascii: "1"))
            appendThreeDigits(999 - (scale + bias), to: &text)
            for digit in digits { text.append(UInt8(ascii: "9") - (digit - UInt8(ascii: "0"))) }
            text.append(UInt8(ascii: "~"))
        } else {
            text.append(UInt8(ascii: "3"))
            appendThreeDigits(scale + bias, to: &text)
            text.append(contentsOf: digits)
        }
        var plain = [UInt8]()
        plain.reserveCapacity(digits.count + max(0, -scale) + max(0, scale - digits.count) + 3)
        if negative { plain.append(UInt8(ascii: "-")) }
        if scale <= 0 {
            plain.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: ".")])
            plain.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -scale))
            plain.append(contentsOf: digits)
        } else if scale < digits.count {
            plain.append(contentsOf: digits[..<scale])
            plain.append(UInt8(ascii: "."))
            plain.append(contentsOf: digits[scale...])
        } else {
            plain.append(contentsOf: digits)
            plain.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: scale - digits.count))
        }
        return (String(decoding: text, as: UTF8.self), String(decoding: plain, as: UTF8.self))
    }

    /// The decimal a sortable text stands for; `nil` for text that is not one.
    static func decode(_ text: String) -> Decimal? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { return nil }
        switch first {
        case UInt8(ascii: "0"): return bytes.count == 1 ? Decimal.nan : nil
        case UInt8(ascii: "2"): return bytes.count == 1 ? Decimal.zero : nil
        case UInt8(ascii: "1"), UInt8(ascii: "3"):
            let negative = first == UInt8(ascii: "1")
            guard bytes.count >= (negative ? 6 : 5), let stored = threeDigits(bytes[1...3]) else { return nil }
            let scale = (negative ? 999 - stored : stored) - bias
            var digits = bytes[4...]
            if negative {
                guard digits.last == UInt8(ascii: "~") else { return nil }
                digits = digits.dropLast()
            }
            var significand = ""
            significand.reserveCapacity(digits.count)
            for byte in digits {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                let digit = negative ? UInt8(ascii: "9") - (byte - UInt8(ascii: "0")) : byte
                significand.unicodeScalars.append(Unicode.Scalar(digit))
            }
            guard let magnitude = Decimal(string: significand) else { return nil }
            let value = Decimal(
                sign: negative ? .minus : .plus, exponent: scale - digits.count, significand: magnitude)
            return value
        default: return nil
        }
    }

    private static func appendThreeDigits(_ value: Int, to text: inout [UInt8]) {
        let clamped = min(max(value, 0), 999)
        text.append(UInt8(ascii: "0") + UInt8(clamped / 100))
        text.append(UInt8(ascii: "0") + UInt8(clamped / 10 % 10))
        text.append(UInt8(ascii: "0") + UInt8(clamped % 10))
    }

    private static func threeDigits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
