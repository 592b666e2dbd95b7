/// A decimal number held as its digits, for exact arithmetic on JSON number text.
///
/// Used to move a `Date` between seconds since 2001 (how `Date` stores it) and seconds since 1970
/// (how the payload writes it) without rounding: the value is `±digits × 10^exponent`.
struct ExactDecimal: Equatable {
    var isNegative: Bool
    /// Decimal digits (0...9), most significant first, without leading zeros; empty for zero.
    var digits: [UInt8]
    var exponent: Int

    init(isNegative: Bool, digits: [UInt8], exponent: Int) {
        self.isNegative = isNegative
        self.digits = digits
        self.exponent = exponent
        normalize()
    }

    init(_ integer: Int64) {
        var digits: [UInt8] = []
        var magnitude = integer.magnitude
        while magnitude > 0 {
            digits.append(UInt8(magnitude % 10))
            magnitude /= 10
        }
        self.init(isNegative: integer < 0, digits: digits.reversed(), exponent: 0)
    }

    /// Parses JSON number text (`-12.5e3`); `nil` when it is not one, or its exponent is absurd.
    init?(text: some Collection<UInt8>) {
        var isNegative = false
        var digits: [UInt8] = []
        var exponent = 0
        var index = text.startIndex
        func peek() -> UInt8? { index < text.endIndex ? text[index] : nil }
        if peek() == UInt8(ascii: "-") {
            isNegative = true
            text.formIndex(after: &index)
        }
        var sawDigit = false
        while let byte = peek(), byte >= 0x30, byte <= 0x39 {
            digits.append(byte - 0x30)
            sawDigit = true
            text.formIndex(after: &index)
        }
        guard sawDigit else { return nil }
        if peek() == UInt8(ascii: ".") {
            text.formIndex(after: &index)
            var sawFraction = false
            while let byte = peek(), byte >= 0x30, byte <= 0x39 {
                digits.append(byte - 0x30)
                exponent -= 1
                sawFraction = true
                text.formIndex(after: &index)
            }
            guard sawFraction else { return nil }
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            text.formIndex(after: &index)
            var negativeExponent = false
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                negativeExponent = sign == UInt8(ascii: "-")
                text.formIndex(after: &index)
            }
            var value = 0
            var sawExponent = false
            while let byte = peek(), byte >= 0x30, byte <= 0x39 {
                value = value * 10 + Int(byte - 0x30)
                guard value < 100_000 else { return nil }
                sawExponent = true
                text.formIndex(after: &index)
            }
            guard sawExponent else { return nil }
            exponent += negativeExponent ? -value : value
        }
        guard index == text.endIndex else { return nil }
        self.init(isNegative: isNegative, digits: digits, exponent: exponent)
    }

    var isZero: Bool { digits.isEmpty }

    private mutating func normalize() {
        let firstNonZero = digits.firstIndex { $0 != 0 } ?? digits.endIndex
        digits.removeSubrange(digits.startIndex..<firstNonZero)
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty {
            isNegative = false
            exponent = 0
        }
    }

    /// The exact sum.
    func adding(_ other: ExactDecimal) -> ExactDecimal {
        if isZero { return other }
        if other.isZero { return self }
        let exponent = Swift.min(self.exponent, other.exponent)
        let left = digits + Array(repeating: 0, count: self.exponent - exponent)
        let right = other.digits + Array(repeating: 0, count: other.exponent - exponent)
        if isNegative == other.isNegative {
            return ExactDecimal(isNegative: isNegative, digits: Self.add(left, right), exponent: exponent)
        }
        if Self.compare(left, right) >= 0 {
            return ExactDecimal(isNegative: isNegative, digits: Self.subtract(left, right), exponent: exponent)
        }
        return ExactDecimal(isNegative: other.isNegative, digits: Self.subtract(right, left), exponent: exponent)
    }

    /// Plain decimal text, no exponent: `-123.45`, `0.001`, `1200`.
    var plainText: String {
        if digits.isEmpty { return "0" }
        var text = isNegative ? "-" : ""
        let characters = digits.map { Character(Unicode.Scalar($0 + 0x30)) }
        if exponent >= 0 {
            text.append(contentsOf: characters)
            text.append(String(repeating: "0", count: exponent))
        } else if -exponent < characters.count {
            let point = characters.count + exponent
            text.append(contentsOf: characters[..<point])
            text.append(".")
            text.append(contentsOf: characters[point...])
        } else {
            text.append("0.")
            text.append(String(repeating: "0", count: -exponent - characters.count))
            text.append(contentsOf: characters)
        }
        return text
    }

    private static func compare(_ left: [UInt8], _ right: [UInt8]) -> Int {
        let left = left.drop { $0 == 0 }
        let right = right.drop { $0 == 0 }
        if left.count != right.count { return left.count < right.count ? -1 : 1 }
        for (l, r) in zip(left, right) where l != r { return l < r ? -1 : 1 }
        return 0
    }

    private static func add(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var carry: UInt8 = 0
        var l = left.count - 1
        var r = right.count - 1
        while l >= 0 || r >= 0 || carry > 0 {
            let sum = (l >= 0 ? left[l] : 0) + (r >= 0 ? right[r] : 0) + carry
            result.append(sum % 10)
            carry = sum / 10
            l -= 1
            r -= 1
        }
        return result.reversed()
    }

    /// `left - right`, for `left >= right`.
    private static func subtract(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var borrow: Int = 0
        var l = left.count - 1
        var r = right.count - 1
        while l >= 0 {
            var difference = Int(left[l]) - (r >= 0 ? Int(right[r]) : 0) - borrow
            borrow = 0
            if difference < 0 {
                difference += 10
                borrow = 1
            }
            result.append(UInt8(difference))
            l -= 1
            r -= 1
        }
        return result.reversed()
    }
}
