import CQRSPayload
import Foundation
import Testing

@Suite("Event payload format")
struct PayloadTests {
    struct Everything: Codable, Equatable {
        enum Colour: String, Codable { case red, green }
        struct Line: Codable, Equatable {
            var sku: String
            var quantity: Int
        }

        var text: String
        var count: Int
        var big: Int64
        var small: Int8
        var unsigned: UInt64
        var ratio: Double
        var single: Float
        var flag: Bool
        var amount: Decimal
        var at: Date
        var id: UUID
        var bytes: Data
        var link: URL
        var colour: Colour
        var lines: [Line]
        var tags: [String: Int]
        var note: String?
        var nested: [[Int?]]
    }

    static let everything = Everything(
        text: "caf\u{E9} \"quoted\" \\ \n\t\u{1}",
        count: -42,
        big: .max,
        small: .min,
        unsigned: .max,
        ratio: 0.1,
        single: 1.5,
        flag: true,
        amount: Decimal(string: "12.10")!,
        at: Date(timeIntervalSince1970: 1_714_564_800.25),
        id: UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!,
        bytes: Data([0, 1, 2, 255]),
        link: URL(string: "https://example.com/a?b=c")!,
        colour: .green,
        lines: [.init(sku: "A-1", quantity: 2)],
        tags: ["b": 2, "a": 1],
        note: nil,
        nested: [[1, nil], []]
    )

    @Test func roundTripsEveryBuiltinType() throws {
        let data = try EventPayload.encode(Self.everything)
        #expect(try EventPayload.decode(Everything.self, from: data) == Self.everything)
    }

    @Test func writesTheDocumentedJSON() throws {
        struct Sample: Codable {
            var userId: String
            var totalUSD: Decimal
            var placedAt: Date
            var orderId: UUID
            var note: String?
            var raw: Data
            var status: PayloadTests.Everything.Colour
        }
        let sample = Sample(
            userId: "ada",
            totalUSD: Decimal(string: "12.10")!,
            placedAt: Date(timeIntervalSince1970: 1_714_564_800.25),
            orderId: UUID(uuidString: "e621e1f8-c36c-495a-93fc-0c247a3e6e5f")!,
            note: nil,
            raw: Data("hi".utf8),
            status: .red
        )
        let json = String(decoding: try EventPayload.encode(sample), as: UTF8.self)
        #expect(
            json
                == #"{"userId":"ada","totalUSD":12.1,"placedAt":1714564800.25,"#
                + #""orderId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","raw":"aGk=","status":"red"}"#
        )
    }

    @Test func datesRoundTripExactly() throws {
        var generator = SystemRandomNumberGenerator()
        var dates = [
            Date(), Date.distantPast, Date.distantFuture, Date(timeIntervalSince1970: 0),
            Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSinceReferenceDate: -0.000_001),
            Date(timeIntervalSinceReferenceDate: 1e-9), Date(timeIntervalSinceReferenceDate: .leastNonzeroMagnitude),
            Date(timeIntervalSince1970: -1.5), Date(timeIntervalSinceReferenceDate: 1e15 + 0.5),
        ]
        for _ in 0..<2000 {
            dates.append(Date(timeIntervalSinceReferenceDate: Double.random(in: -4e9...4e9, using: &generator)))
        }
        for date in dates {
            let data = try EventPayload.encode([date])
            let back = try EventPayload.decode([Date].self, from: data)
            #expect(
                back == [date], "\(date.timeIntervalSinceReferenceDate) via \(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test func fractionalSecondsReadWithoutTextAreTheTextsDouble() {
        var generator = SeededGenerator(seed: 0x5EC0_4D5)
        var fast = 0
        for _ in 0..<20_000 {
            // Seconds since 2001 of dates around now, with the fraction digits the writer gives them (the
            // shortcut's case), and any number up to 2^53 with up to 15.
            let isDate = Bool.random(using: &generator)
            let whole =
                isDate
                ? Int64.random(in: 700_000_000...900_000_000, using: &generator)
                : Int64.random(in: 0...(1 << 53), using: &generator)
            let digits = Int.random(in: 1...(isDate ? 7 : 15), using: &generator)
            let fraction = String((0..<digits).map { _ in "0123456789".randomElement(using: &generator)! })
            if let exact = PayloadScalars.exactSeconds(whole, fraction: ArraySlice(fraction.utf8)) {
                fast += 1
                #expect(exact == Double("\(whole).\(fraction)"), "\(whole).\(fraction)")
            }
        }
        #expect(fast > 9_000)
        #expect(PayloadScalars.exactSeconds(1, fraction: ArraySlice("5".utf8)) == 1.5)
        // 2^53 exactly is exact; one more is not.
        #expect(
            PayloadScalars.exactSeconds(9_007_199_254, fraction: ArraySlice("740992".utf8))
                == Double("9007199254.740992"))
        #expect(PayloadScalars.exactSeconds(9_007_199_254, fraction: ArraySlice("740993".utf8)) == nil)
        #expect(PayloadScalars.exactSeconds(-1, fraction: ArraySlice("5".utf8)) == nil)
        // Digits that would overflow an Int64 before they pass 2^53 are not read this way.
        #expect(PayloadScalars.exactSeconds(92_233_720_368_547_758, fraction: ArraySlice("08".utf8)) == nil)
    }

    @Test func aDateTooLargeForTheShortcutStillDecodes() throws {
        let data = Data("[92233721346854958.08]".utf8)
        let dates = try EventPayload.decode([Date].self, from: data)
        #expect(dates.count == 1)
        #expect(abs((dates.first?.timeIntervalSince1970 ?? 0) - 92_233_721_346_854_960) < 64)
    }

    @Test func datesAreSecondsSince1970() throws {
        let json = String(decoding: try EventPayload.encode([Date(timeIntervalSince1970: 86_400)]), as: UTF8.self)
        #expect(json == "[86400]")
        // Any JSON number reads back, including forms this encoder does not write.
        #expect(
            try EventPayload.decode([Date].self, from: Data("[8.64e4, 1.5, -2]".utf8)) == [
                Date(timeIntervalSince1970: 86_400), Date(timeIntervalSince1970: 1.5), Date(timeIntervalSince1970: -2),
            ])
    }

    @Test func decimalsRoundTripExactly() throws {
        let texts = [
            "0", "1", "-1", "12.1", "0.001", "-0.000123", "123456789012345678", "18446744073709551615",
            "12345678901234567890.123456789", "1e20", "3.14159265358979323846264338327950288",
        ]
        for text in texts {
            let decimal = try #require(Decimal(string: text))
            let data = try EventPayload.encode([decimal])
            let back = try EventPayload.decode([Decimal].self, from: data)
            #expect(back == [decimal], "\(text) via \(String(decoding: data, as: UTF8.self))")
            #expect(back.first?.description == decimal.description)
        }
        #expect(String(decoding: try EventPayload.encode([Decimal(string: "-0.0500")!]), as: UTF8.self) == "[-0.05]")
    }

    @Test func dictionariesAreWrittenSorted() throws {
        struct Tagged: Codable {
            var tags: [String: Int]
            var counts: [Int: String]
        }
        let value = Tagged(
            tags: Dictionary(uniqueKeysWithValues: (0..<20).map { ("k\($0)", $0) }),
            counts: [3: "c", 1: "a", 2: "b"]
        )
        let json = String(decoding: try EventPayload.encode(value), as: UTF8.self)
        let tags = (0..<20).map { "k\($0)" }.sorted().map { #""\#($0)":\#($0.dropFirst())"# }.joined(separator: ",")
        #expect(json == #"{"tags":{"# + tags + #"},"counts":{"1":"a","2":"b","3":"c"}}"#)
        // The same bytes for the same value, whatever the dictionary's internal order.
        var copy = value
        copy.tags = Dictionary(uniqueKeysWithValues: value.tags.shuffled().map { ($0.key, $0.value) })
        #expect(try EventPayload.encode(copy) == EventPayload.encode(value))
    }

    @Test func encodersUsedOutOfOrderStillGiveTheSameJSON() throws {
        /// Writes its members through nested containers in an order streaming cannot follow.
        struct Unusual: Encodable {
            enum Keys: String, CodingKey { case a, b, c }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                var a = container.nestedUnkeyedContainer(forKey: .a)
                var b = container.nestedUnkeyedContainer(forKey: .b)
                try a.encode(1)
                try b.encode(2)
                try a.encode(3)
                try container.encode("x", forKey: .c)
            }
        }
        #expect(String(decoding: try EventPayload.encode(Unusual()), as: UTF8.self) == #"{"a":[1,3],"b":[2],"c":"x"}"#)
    }

    @Test func optionalsMayBeAbsentOrNull() throws {
        struct Optionals: Codable, Equatable {
            var a: Int?
            var b: String?
        }
        #expect(String(decoding: try EventPayload.encode(Optionals(a: nil, b: nil)), as: UTF8.self) == "{}")
        #expect(try EventPayload.decode(Optionals.self, from: Data(#"{"a":null}"#.utf8)) == Optionals())
        #expect(
            try EventPayload.decode(Optionals.self, from: Data(#"{"a":1,"b":"x"}"#.utf8)) == Optionals(a: 1, b: "x"))
    }

    @Test func readsEscapesAndWhitespace() throws {
        let json = #" { "text" : "a\u00e9\ud83d\ude00\"\\\/\n" , "n" : [ 1 , 2 ] } "#
        struct Value: Codable, Equatable {
            var text: String
            var n: [Int]
        }
        #expect(
            try EventPayload.decode(Value.self, from: Data(json.utf8))
                == Value(text: "a\u{E9}\u{1F600}\"\\/\n", n: [1, 2]))
    }

    @Test func rejectsMalformedOrMismatchedPayloads() throws {
        struct Value: Codable {
            var n: Int8
        }
        for json in [#"{"n":1"#, #"{"n":01}"#, #"{"n":1} x"#, "", #"{"n":"1"}"#, #"{"n":300}"#, "{}", #"{"n":1.5}"#] {
            #expect(throws: (any Error).self, "\(json)") {
                try EventPayload.decode(Value.self, from: Data(json.utf8))
            }
        }
        #expect(throws: EncodingError.self) { try EventPayload.encode([Double.nan]) }
    }

    @Test func jsonValueKeepsNumbersExactly() throws {
        let json = #"{"a":[1,2.50,null,true,"x"],"b":{"c":123456789012345678901234567890}}"#
        let value = try EventPayload.decode(JSONValue.self, from: Data(json.utf8))
        #expect(
            value
                == .object([
                    "a": .array([.number("1"), .number("2.50"), .null, .bool(true), .string("x")]),
                    "b": .object(["c": .number("123456789012345678901234567890")]),
                ])
        )
        #expect(String(decoding: try EventPayload.encode(value), as: UTF8.self) == json)
    }
}
