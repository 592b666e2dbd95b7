import CQRSPayload
import Foundation
import Testing

/// A stored payload that does not parse is a typed error that says where, never a crash.
@Suite("Malformed payloads")
struct MalformedPayloadTests {
    /// Input bytes, the byte offset the error names, and what it says.
    static let syntaxErrors: [(bytes: [UInt8], offset: Int, message: String)] = [
        // Truncated.
        (Array("".utf8), 0, "unexpected end"),
        (Array("{".utf8), 1, "expected a name"),
        (Array(#"{"n":1"#.utf8), 6, "unexpected end"),
        (Array(#"{"n":"#.utf8), 5, "unexpected end"),
        (Array(#"{"n""#.utf8), 4, "expected ':'"),
        (Array(#"["abc"#.utf8), 5, "unterminated string"),
        (Array(#"["abc\"#.utf8), 5, "unterminated string"),
        (Array(#""\u12"#.utf8), 1, "unterminated string"),
        (Array("tru".utf8), 0, "unexpected end"),
        (Array("[1,".utf8), 3, "unexpected end"),
        (Array("-".utf8), 1, "expected a digit"),
        (Array("1.".utf8), 2, "expected a digit after '.'"),
        (Array("1e+".utf8), 3, "expected a digit in the exponent"),
        // Bad escapes.
        (Array(#""a\x""#.utf8), 2, "invalid escape"),
        (Array(#""\u12G4""#.utf8), 1, #"invalid \u escape"#),
        (Array(#"{"a\'":1}"#.utf8), 3, "invalid escape"),
        (Array(#""\U0041""#.utf8), 1, "invalid escape"),
        // Structure.
        (Array(#"{"n":1} x"#.utf8), 8, "unexpected bytes after the value"),
        (Array("[1,]".utf8), 3, "unexpected byte"),
        (Array(#"{"a" 1}"#.utf8), 5, "expected ':'"),
        (Array(#"{"a":1 "b":2}"#.utf8), 7, "expected ',' or '}'"),
        (Array("[1 2]".utf8), 3, "expected ',' or ']'"),
        (Array("{1:2}".utf8), 1, "expected a name"),
        (Array("nul".utf8), 0, "unexpected end"),
        (Array("nulL".utf8), 0, "unexpected byte"),
        (Array("'a'".utf8), 0, "unexpected byte"),
        (Array("NaN".utf8), 0, "unexpected byte"),
        (Array("+1".utf8), 0, "unexpected byte"),
        (Array("\u{FEFF}{}".utf8), 0, "unexpected byte"),
        (Array("\"a\u{1}\"".utf8), 2, "control character in a string"),
        (Array("\"a\nb\"".utf8), 2, "control character in a string"),
        // Deep nesting.
        (Array(repeating: UInt8(ascii: "["), count: 10_000), 512, "nested too deeply"),
        (Array(String(repeating: #"{"a":"#, count: 600).utf8), 2560, "nested too deeply"),
        // Invalid UTF-8 inside a string (outside strings, any byte above 0x7F is unexpected).
        ([0x22, 0xFF, 0x22], 1, "invalid UTF-8"),
        ([0x22, 0x61, 0x80, 0x22], 2, "invalid UTF-8"),
        ([0x22, 0xC0, 0xAF, 0x22], 1, "invalid UTF-8"),  // overlong "/"
        ([0x22, 0xE0, 0x80, 0xAF, 0x22], 1, "invalid UTF-8"),  // overlong
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1, "invalid UTF-8"),  // a surrogate
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1, "invalid UTF-8"),  // above U+10FFFF
        ([0x22, 0xE2, 0x82, 0x22], 1, "invalid UTF-8"),  // truncated sequence
        ([0x22, 0xE2, 0x82], 1, "invalid UTF-8"),
        ([0x22, 0xF0, 0x9F, 0x98], 1, "invalid UTF-8"),
        ([0xC3, 0xA9], 0, "unexpected byte"),
    ]

    @Test func syntaxErrorsSayWhere() throws {
        for (bytes, offset, message) in Self.syntaxErrors {
            let note = String(decoding: bytes.prefix(40), as: UTF8.self)
            let error = try #require(throws: PayloadSyntaxError.self, "\(note)") {
                try EventPayload.decode(JSONValue.self, from: Data(bytes))
            }
            #expect(error.offset == offset, "\(note): \(error)")
            #expect(error.message == message, "\(note): \(error)")
            #expect(error.description == "invalid JSON at byte \(offset): \(message)")
            // The same error whatever type is decoded.
            #expect(throws: error) { try EventPayload.decode([String: Int].self, from: Data(bytes)) }
        }
    }

    @Test func acceptsWhatIsValid() throws {
        let nested = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        for json in [
            nested, #""\u00e9\/\b\f\n\r\t\"\\""#, "\"\u{10FFFF}\u{E9}\u{20AC}\u{1F600}\"", " 0 ", "-0.5e-3", "[]", "{}",
        ] {
            _ = try EventPayload.decode(JSONValue.self, from: Data(json.utf8))
        }
    }

    @Test func valuesThatDoNotFitSayWhere() throws {
        struct Numbers: Codable {
            var int: Int?
            var small: Int8?
            var double: Double?
            var float: Float?
            var amount: Decimal?
            var id: UUID?
            var at: Date?
            var bytes: Data?
        }
        let cases: [(json: String, offset: Int)] = [
            (#"{"int":123456789012345678901234567890}"#, 7),
            (#"{"int":-9223372036854775809}"#, 7),
            (#"{"small":300}"#, 9),
            (#"{"int":1.5}"#, 7),
            (#"{"double":1e400}"#, 10),
            (#"{"double":-1e99999}"#, 10),
            (#"{"float":1e39}"#, 9),
            (#"{"amount":1e999}"#, 10),
            (#"{"id":"not-a-uuid"}"#, 6),
            (#"{"at":1e999999}"#, 6),
            (#"{"bytes":"***"}"#, 9),
            (#"{"int":"1"}"#, 7),
            (#"{"int":[1]}"#, 7),
            (#"{"bytes":{}}"#, 9),
        ]
        for (json, offset) in cases {
            let error = try #require(throws: DecodingError.self, "\(json)") {
                try EventPayload.decode(Numbers.self, from: Data(json.utf8))
            }
            #expect(EventPayload.describeForTests(error).contains("at byte \(offset)"), "\(json): \(error)")
        }
    }

    @Test func everyTruncationIsASyntaxError() throws {
        var random = RandomValues(seed: 11)
        for _ in 0..<20 {
            let bytes = [UInt8](try EventPayload.encode(random.sample()))
            for length in 0..<bytes.count {
                let error = try #require(throws: PayloadSyntaxError.self) {
                    try EventPayload.decode(Sample.self, from: Data(bytes[..<length]))
                }
                #expect(error.offset <= length)
            }
        }
    }

    @Test func mutatedPayloadsFailCleanly() throws {
        var random = RandomValues(seed: 12)
        let interesting: [UInt8] = Array(#"{}[]",:\u0"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xED, 0xF4, 0xFF]
        for _ in 0..<2000 {
            var bytes = [UInt8](try EventPayload.encode(random.sample()))
            for _ in 0..<random.int(1...4) {
                let position = random.int(0...(bytes.count - 1))
                switch random.int(0...2) {
                case 0: bytes[position] = interesting[random.int(0...(interesting.count - 1))]
                case 1: bytes.remove(at: position)
                default: bytes.insert(interesting[random.int(0...(interesting.count - 1))], at: position)
                }
            }
            do {
                _ = try EventPayload.decode(Sample.self, from: Data(bytes))
            } catch let error as PayloadSyntaxError {
                #expect(error.offset <= bytes.count)
            } catch is DecodingError {
                // Well-formed JSON that is not a Sample.
            }
            if let value = try? EventPayload.decode(JSONValue.self, from: Data(bytes)) {
                // What parses re-encodes to JSON that parses.
                #expect(throws: Never.self) {
                    _ = try EventPayload.decode(JSONValue.self, from: EventPayload.encode(value))
                }
            }
        }
    }
}

extension EventPayload {
    /// The sentence decoding failures become (the debug description carries the byte offset).
    static func describeForTests(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            return context.debugDescription
        @unknown default:
            return String(describing: error)
        }
    }
}
