/// One value of a parsed JSON document, in document order ("tape").
struct PayloadToken {
    enum Kind: UInt8 {
        case null, `true`, `false`, number, string, escapedString, object, array
    }

    var kind: Kind
    /// Scalars: the first byte of the value (strings: after the opening quote).
    /// Containers: the number of elements (arrays) or members (objects).
    var start: Int32
    /// Scalars: the byte after the value (strings: the closing quote).
    /// Containers: the offset of the opening bracket.
    var end: Int32
    /// The index of the token after this value and everything inside it.
    var next: Int32
}

/// The error a payload that is not well-formed JSON produces: where, and what is wrong.
///
/// Decoding never crashes on bad bytes; truncated documents, bad escapes, invalid UTF-8, nesting deeper
/// than 512 levels and the like all end here.
public struct PayloadSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offset of the byte where the document stops being valid (the length for a truncated one).
    public var offset: Int
    /// What is wrong there (`unexpected end`, `invalid escape`, …).
    public var message: String

    /// Creates the error.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// `invalid JSON at byte 12: unexpected end`.
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

/// Parses JSON bytes into a flat list of tokens: one allocation, no tree of objects.
package struct PayloadParser {
    /// How deeply arrays and objects may nest, unless told otherwise.
    package static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maximumDepth: Int
    private var index = 0
    private(set) var tokens: [PayloadToken] = []

    private init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        tokens.reserveCapacity(16)
    }

    static func parse(_ bytes: [UInt8], maximumDepth: Int = Self.maximumDepth) throws -> [PayloadToken] {
        // Offsets are 32-bit in the tokens.
        guard bytes.count < Int(Int32.max) else {
            throw PayloadSyntaxError(offset: Int(Int32.max), message: "document too large")
        }
        return try bytes.withUnsafeBufferPointer { buffer in
            var parser = PayloadParser(bytes: buffer, maximumDepth: maximumDepth)
            parser.skipWhitespace()
            try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            guard parser.index == buffer.count else { throw parser.error("unexpected bytes after the value") }
            return parser.tokens
        }
    }

    private func error(_ message: String) -> PayloadSyntaxError {
        PayloadSyntaxError(offset: index, message: message)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func expect(_ literal: StaticString, _ kind: PayloadToken.Kind) throws {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end") }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
            throw error("unexpected byte")
        }
        let here = Int32(tokens.count)
        tokens.append(PayloadToken(kind: kind, start: Int32(index), end: Int32(index + count), next: here + 1))
        index += count
    }

    private mutating func parseValue(depth: Int) throws {
        guard index < bytes.count else { throw error("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try parseContainer(.object, closing: UInt8(ascii: "}"), depth: depth + 1)
        case UInt8(ascii: "["): try parseContainer(.array, closing: UInt8(ascii: "]"), depth: depth + 1)
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try expect("true", .true)
        case UInt8(ascii: "f"): try expect("false", .false)
        case UInt8(ascii: "n"): try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        default: throw error("unexpected byte")
        }
    }

    /// An object or an array: its members (a name, `:` and a value in an object), separated by `,`, up to
    /// `closing`.
    private mutating func parseContainer(_ kind: PayloadToken.Kind, closing: UInt8, depth: Int) throws {
        guard depth <= maximumDepth else { throw error("nested too deeply") }
        let here = tokens.count
        tokens.append(PayloadToken(kind: kind, start: 0, end: Int32(index), next: 0))
        index += 1
        skipWhitespace()
        var count: Int32 = 0
        if index < bytes.count, bytes[index] == closing {
            index += 1
        } else {
            while true {
                if kind == .object { try parseName() }
                try parseValue(depth: depth)
                count += 1
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    skipWhitespace()
                } else if bytes[index] == closing {
                    index += 1
                    break
                } else {
                    throw error(kind == .object ? "expected ',' or '}'" : "expected ',' or ']'")
                }
            }
        }
        tokens[here].start = count
        tokens[here].next = Int32(tokens.count)
    }

    /// An object member's name and its `:`.
    private mutating func parseName() throws {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a name") }
        try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
        index += 1
        skipWhitespace()
    }

    private mutating func parseString() throws {
        index += 1
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let here = Int32(tokens.count)
                tokens.append(
                    PayloadToken(
                        kind: escaped ? .escapedString : .string,
                        start: Int32(start),
                        end: Int32(index),
                        next: here + 1
                    )
                )
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                try skipEscape()
                continue
            }
            guard byte >= 0x20 else { throw error("control character in a string") }
            if byte < 0x80 {
                index += 1
            } else {
                try skipMultibyteScalar()
            }
        }
        throw error("unterminated string")
    }

    /// Steps over `\\n`, `\\u00e9` and the other escapes JSON allows; any other is an error.
    private mutating func skipEscape() throws {
        guard index + 1 < bytes.count else { throw error("unterminated string") }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
        case UInt8(ascii: "u"):
            guard index + 6 <= bytes.count else { throw error("unterminated string") }
            for offset in 2..<6 {
                switch bytes[index + offset] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                    UInt8(ascii: "A")...UInt8(ascii: "F"):
                    continue
                default: throw error("invalid \\u escape")
                }
            }
            index += 6
        default:
            throw error("invalid escape")
        }
    }

    /// Steps over one UTF-8 encoded scalar of two to four bytes (RFC 3629: no overlong forms, no
    /// surrogates, nothing above U+10FFFF); anything else is an error at its first byte.
    private mutating func skipMultibyteScalar() throws {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: throw error("invalid UTF-8")
        }
        guard index + length <= bytes.count else { throw error("invalid UTF-8") }
        guard bytes[index + 1] >= low, bytes[index + 1] <= high else { throw error("invalid UTF-8") }
        for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
            throw error("invalid UTF-8")
        }
        index += length
    }

    private mutating func parseNumber() throws {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let first = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - first
        }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("expected a digit") }
        guard integerDigits == 1 || bytes[integerStart] != 0x30 else { throw error("leading zero") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("expected a digit after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw error("expected a digit in the exponent") }
        }
        let here = Int32(tokens.count)
        tokens.append(PayloadToken(kind: .number, start: Int32(start), end: Int32(index), next: here + 1))
    }
}
