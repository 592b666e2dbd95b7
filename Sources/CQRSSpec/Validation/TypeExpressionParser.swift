/// Reads the text of a type expression (`String`, `[LineItem]`, `[String: Int]?`) into a
/// ``TypeExpression`` whose names are not yet resolved.
struct TypeExpressionParser {
    /// Why a text is not a type expression.
    struct Failure: Error {
        /// What is wrong, e.g. "expected ']'".
        var message: String
    }

    private let bytes: [UInt8]
    private var index = 0

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Parses `text` as a whole.
    static func parse(_ text: String) -> Result<TypeExpression, Failure> {
        var parser = TypeExpressionParser(text)
        do throws(Failure) {
            let type = try parser.type()
            parser.skipSpaces()
            guard parser.index == parser.bytes.count else {
                throw Failure(message: "unexpected '\(parser.rest)' after '\(type)'")
            }
            return .success(type)
        } catch {
            return .failure(error)
        }
    }

    private var rest: String { String(decoding: bytes[index...], as: UTF8.self) }

    private mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
    }

    private mutating func type() throws(Failure) -> TypeExpression {
        var type = try primary()
        skipSpaces()
        if index < bytes.count, bytes[index] == UInt8(ascii: "?") {
            index += 1
            type = .optional(type)
            skipSpaces()
            if index < bytes.count, bytes[index] == UInt8(ascii: "?") {
                throw Failure(message: "'\(type)?' is optional twice; write '\(type)'")
            }
        }
        return type
    }

    private mutating func primary() throws(Failure) -> TypeExpression {
        skipSpaces()
        guard index < bytes.count else { throw Failure(message: "expected a type name") }
        if bytes[index] == UInt8(ascii: "[") {
            index += 1
            let first = try type()
            skipSpaces()
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                index += 1
                let value = try type()
                try expectClosingBracket()
                return .dictionary(key: first, value: value)
            }
            try expectClosingBracket()
            return .array(first)
        }
        let start = index
        while index < bytes.count, Self.isNameByte(bytes[index], first: index == start) {
            index += 1
        }
        guard index > start else {
            throw Failure(message: "expected a type name at '\(rest)'")
        }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        skipSpaces()
        if index < bytes.count, bytes[index] == UInt8(ascii: "<") {
            throw Failure(message: "generic types are not supported; write '[T]', '[K: V]' or 'T?'")
        }
        return .named(name)
    }

    private mutating func expectClosingBracket() throws(Failure) {
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "]") else {
            throw Failure(message: "expected ']'")
        }
        index += 1
    }

    private static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
        let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        let isDigit = byte >= 0x30 && byte <= 0x39
        return isLetter || byte == UInt8(ascii: "_") || (!first && isDigit)
    }
}
