/// A number as written in a spec, read exactly (no binary floating point): `digits × 10^exponent`.
///
/// Used to check that a literal fits its type's range and to write it in canonical decimal text.
struct DecimalNumber: Comparable {
    /// Whether the number is below zero (never set for zero).
    var isNegative: Bool
    /// The significant digits as values 0...9, without leading or trailing zeros (empty for zero).
    var digits: [UInt8]
    /// The power of ten the digits are scaled by.
    var exponent: Int
    /// Whether the text had a fraction or an exponent (`1.0`, `2e3`), as opposed to a whole number.
    var isWrittenAsFraction: Bool

    /// The largest exponent a literal may use; beyond it no spec type can hold the value.
    static let exponentLimit = 400

    /// Reads `[+-]digits[.digits][(e|E)[+-]digits]` (a leading or trailing `.` is allowed when the
    /// other side has digits); returns `nil` for anything else.
    init?(_ text: String) {
        var text = text
        guard let number = text.withUTF8({ Self.parse($0) }) else { return nil }
        self = number
    }

    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> DecimalNumber? {
        var index = 0
        let count = utf8.count
        var negative = false
        if index < count, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") {
            negative = utf8[index] == UInt8(ascii: "-")
            index += 1
        }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        var fraction = false
        while index < count {
            let byte = utf8[index]
            if byte >= 0x30 && byte <= 0x39 {
                sawDigit = true
                digits.append(byte - 0x30)
                if sawPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
                fraction = true
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if index < count, utf8[index] == UInt8(ascii: "e") || utf8[index] == UInt8(ascii: "E") {
            fraction = true
            index += 1
            var exponentNegative = false
            if index < count, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") {
                exponentNegative = utf8[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < count, utf8[index] >= 0x30 && utf8[index] <= 0x39 else { return nil }
            while index < count, utf8[index] >= 0x30 && utf8[index] <= 0x39 {
                exponent = min(exponent * 10 + Int(utf8[index] - 0x30), 1_000_000)
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        guard index == count else { return nil }
        exponent -= fractionDigits
        // Normalize: no leading or trailing zeros.
        let leadingZeros = digits.prefix { $0 == 0 }.count
        digits.removeFirst(leadingZeros)
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty {
            exponent = 0
            negative = false
        }
        var number = DecimalNumber(isNegative: negative, digits: digits, exponent: exponent)
        number.isWrittenAsFraction = fraction
        return number
    }

    /// The value of `[+-]digits` with at most 18 digits (so that it fits an `Int`), else `nil`: the
    /// common case of a number in a spec, read without building a ``DecimalNumber``.
    static func plainInteger(_ text: String) -> Int? {
        var value = 0
        var negative = false
        var digits = 0
        for (index, byte) in text.utf8.enumerated() {
            if index == 0, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                negative = byte == UInt8(ascii: "-")
                continue
            }
            guard byte >= 0x30, byte <= 0x39, digits < 18 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }

    /// Whether the number written `first` is below the one written `second` (`nil` if either is
    /// not a number).
    static func isLess(_ first: String, than second: String) -> Bool? {
        if let a = plainInteger(first), let b = plainInteger(second) { return a < b }
        guard let a = DecimalNumber(first), let b = DecimalNumber(second) else { return nil }
        return a < b
    }

    init(isNegative: Bool, digits: [UInt8], exponent: Int) {
        self.isNegative = isNegative
        self.digits = digits
        self.exponent = exponent
        self.isWrittenAsFraction = false
    }

    /// Reads a whole number's decimal text such as `"-9223372036854775808"`.
    init(integerText: String) {
        self.init(integerText)!
    }

    /// Whether the value has no fractional part.
    var isWhole: Bool { exponent >= 0 }

    /// The power of ten of the leading digit plus one (the number of integer digits for values ≥ 1).
    var magnitude: Int { digits.isEmpty ? Int.min : digits.count + exponent }

    /// Whether the exponent is small enough to write the number out.
    var isWithinExponentLimit: Bool {
        digits.isEmpty || abs(magnitude) <= Self.exponentLimit && abs(exponent) <= Self.exponentLimit
    }

    /// The canonical decimal text: no exponent, no leading or trailing zeros, `-` for negatives
    /// (`"2.5e3"` → `"2500"`, `"0.010"` → `"0.01"`, `"-0"` → `"0"`).
    var canonicalText: String {
        guard !digits.isEmpty else { return "0" }
        var bytes: [UInt8] = isNegative ? [UInt8(ascii: "-")] : []
        let characters = digits.map { $0 + 0x30 }
        if exponent >= 0 {
            bytes += characters
            bytes += repeatElement(0x30, count: exponent)
        } else if -exponent < characters.count {
            let point = characters.count + exponent
            bytes += characters[..<point]
            bytes.append(UInt8(ascii: "."))
            bytes += characters[point...]
        } else {
            bytes += [0x30, UInt8(ascii: ".")]
            bytes += repeatElement(0x30, count: -exponent - characters.count)
            bytes += characters
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func < (lhs: DecimalNumber, rhs: DecimalNumber) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        let magnitudeLess = lhs.absoluteValueIsLess(than: rhs)
        let magnitudeGreater = rhs.absoluteValueIsLess(than: lhs)
        return lhs.isNegative ? magnitudeGreater : magnitudeLess
    }

    static func == (lhs: DecimalNumber, rhs: DecimalNumber) -> Bool {
        lhs.isNegative == rhs.isNegative && lhs.digits == rhs.digits && lhs.exponent == rhs.exponent
    }

    private func absoluteValueIsLess(than other: DecimalNumber) -> Bool {
        if digits.isEmpty { return !other.digits.isEmpty }
        if other.digits.isEmpty { return false }
        if magnitude != other.magnitude { return magnitude < other.magnitude }
        for index in 0..<max(digits.count, other.digits.count) {
            let a = index < digits.count ? digits[index] : 0
            let b = index < other.digits.count ? other.digits[index] : 0
            if a != b { return a < b }
        }
        return false
    }
}
