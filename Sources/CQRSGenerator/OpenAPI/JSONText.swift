/// A JSON value whose objects keep their members' order, written with two-space indentation: the
/// OpenAPI document reads in the order it was built, and the same spec gives the same bytes.
indirect enum JSONText: Sendable, Equatable {
    case string(String)
    /// A number, as its text (a spec's decimal constraint, written as it was given).
    case number(String)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    static func == (lhs: JSONText, rhs: JSONText) -> Bool { lhs.text() == rhs.text() }

    /// An integer.
    static func integer(_ value: Int) -> JSONText { .number(String(value)) }

    /// The value's text, indented `level` levels deep.
    func text(level: Int = 0) -> String {
        let indent = String(repeating: "  ", count: level + 1)
        let closing = String(repeating: "  ", count: level)
        switch self {
        case .string(let text): return Self.quoted(text)
        case .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .array(let elements):
            guard !elements.isEmpty else { return "[]" }
            return "[\n" + elements.map { indent + $0.text(level: level + 1) }.joined(separator: ",\n")
                + "\n\(closing)]"
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            return "{\n"
                + members.map { indent + Self.quoted($0.0) + ": " + $0.1.text(level: level + 1) }
                .joined(separator: ",\n") + "\n\(closing)}"
        }
    }

    /// `text` as a JSON string.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
