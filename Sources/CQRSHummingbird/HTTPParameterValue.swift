import Foundation

/// A value a path segment or query-string parameter gives as text: numbers, `true`/`false`, UUIDs,
/// dates (seconds since 1970, as in a body), and enums (by case name; generated enums conform).
public protocol HTTPParameterValue: Sendable {
    /// Reads the (percent-decoded) text; `nil` when it is not a value of the type.
    init?(httpParameter text: Substring)
}

extension HTTPParameterValue where Self: RawRepresentable, RawValue: HTTPParameterValue {
    /// The case whose raw value the text gives.
    public init?(httpParameter text: Substring) {
        guard let raw = RawValue(httpParameter: text) else { return nil }
        self.init(rawValue: raw)
    }
}

extension String: HTTPParameterValue {
    /// The text itself.
    public init?(httpParameter text: Substring) { self = String(text) }
}

extension Bool: HTTPParameterValue {
    /// `true` or `false`.
    public init?(httpParameter text: Substring) {
        switch text {
        case "true": self = true
        case "false": self = false
        default: return nil
        }
    }
}

extension Int: HTTPParameterValue {
    /// A whole number.
    public init?(httpParameter text: Substring) { self.init(text) }
}

extension Int32: HTTPParameterValue {
    /// A whole number.
    public init?(httpParameter text: Substring) { self.init(text) }
}

extension Int64: HTTPParameterValue {
    /// A whole number.
    public init?(httpParameter text: Substring) { self.init(text) }
}

extension UInt: HTTPParameterValue {
    /// A whole number of at least 0.
    public init?(httpParameter text: Substring) { self.init(text) }
}

extension Double: HTTPParameterValue {
    /// A finite number.
    public init?(httpParameter text: Substring) {
        guard let value = Double(text), value.isFinite, text.first != "+" else { return nil }
        self = value
    }
}

extension Float: HTTPParameterValue {
    /// A finite number.
    public init?(httpParameter text: Substring) {
        guard let value = Float(text), value.isFinite, text.first != "+" else { return nil }
        self = value
    }
}

extension Decimal: HTTPParameterValue {
    /// A number, read exactly.
    public init?(httpParameter text: Substring) {
        // Digits with an optional sign and fraction, as a JSON number without an exponent: nothing that
        // `Decimal(string:)` would read only a prefix of.
        let digits = text.utf8.drop { $0 == UInt8(ascii: "-") }
        let parts = digits.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard text.utf8.count - digits.count <= 1, (1...2).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { (0x30...0x39).contains($0) } }),
            let value = Decimal(string: String(text), locale: Locale(identifier: "en_US_POSIX")), !value.isNaN
        else { return nil }
        self = value
    }
}

extension Date: HTTPParameterValue {
    /// Seconds since 1970-01-01T00:00:00Z, as a body gives a date.
    public init?(httpParameter text: Substring) {
        guard let seconds = Double(httpParameter: text) else { return nil }
        self.init(timeIntervalSince1970: seconds)
    }
}

extension UUID: HTTPParameterValue {
    /// A UUID's text, in either case.
    public init?(httpParameter text: Substring) { self.init(uuidString: String(text)) }
}
