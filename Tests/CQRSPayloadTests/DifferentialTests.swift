import CQRSPayload
import Foundation
import Testing

/// The payload codec against Foundation's `JSONEncoder` and `JSONDecoder`, on the same random values.
///
/// Foundation is configured for the payload format where it has a choice: dates as seconds since 1970,
/// data as base64 (its default), UUIDs and URLs as text (its only way). Where the formats differ on
/// purpose, the comparison is semantic:
/// - Dates: the payload writes the exact decimal value of the `Date` moved to the 1970 epoch, and reads it
///   back exactly; Foundation converts through `Double` seconds since 1970, which may round by an ulp or
///   two. Dates are compared within a microsecond where Foundation is involved, exactly otherwise.
/// - Dictionaries: the payload sorts their members by bytes; Foundation writes them in hash order. Only
///   decoded values are compared, never Foundation's bytes.
/// - Foundation escapes `/` as `\/`; the payload does not. Both read both.
@Suite("Differential: payload codec vs Foundation JSON")
struct DifferentialTests {
    static let cases = 400

    static func foundationEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.dataEncodingStrategy = .base64
        return encoder
    }

    static func foundationDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        decoder.dataDecodingStrategy = .base64
        return decoder
    }

    /// The `Codable` path, whatever the type also conforms to.
    func codable<T: Encodable>(_ value: T) throws -> Data { try EventPayload.encodeThroughCodable(value) }

    /// Whether two dates are the same up to Foundation's rounding through `Double` seconds since 1970.
    func close(_ left: Date, _ right: Date) -> Bool {
        abs(left.timeIntervalSinceReferenceDate - right.timeIntervalSinceReferenceDate) <= 1e-6
    }

    func expectSame(_ ours: Sample, _ theirs: Sample, _ note: String) {
        #expect(ours.withDate(of: theirs) == theirs, "\(note)")
        #expect(close(ours.at, theirs.at), "\(note): \(ours.at.timeIntervalSinceReferenceDate) vs \(theirs.at)")
    }

    @Test func bothEncodersWriteTheSameBytes() throws {
        var random = RandomValues(seed: 1)
        for index in 0..<Self.cases {
            let sample = random.sample()
            let fast = try EventPayload.encode(sample)
            #expect(fast == (try codable(sample)), "case \(index): \(String(decoding: fast, as: UTF8.self))")
        }
    }

    @Test func ourEncodingReadsBackExactly() throws {
        var random = RandomValues(seed: 2)
        for index in 0..<Self.cases {
            let sample = random.sample()
            let data = try EventPayload.encode(sample)
            #expect(
                try EventPayload.decode(Sample.self, from: data) == sample,
                "case \(index): \(String(decoding: data, as: UTF8.self))"
            )
        }
    }

    @Test func foundationReadsOurEncoding() throws {
        var random = RandomValues(seed: 3)
        let decoder = Self.foundationDecoder()
        for index in 0..<Self.cases {
            let sample = random.sample()
            let data = try EventPayload.encode(sample)
            let theirs = try decoder.decode(Sample.self, from: data)
            expectSame(sample, theirs, "case \(index): \(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test func weReadFoundationsEncodingAsFoundationDoes() throws {
        var random = RandomValues(seed: 4)
        let encoder = Self.foundationEncoder()
        let decoder = Self.foundationDecoder()
        for index in 0..<Self.cases {
            let sample = random.sample()
            let data = try encoder.encode(sample)
            let ours = try EventPayload.decode(Sample.self, from: data)
            let theirs = try decoder.decode(Sample.self, from: data)
            let note = "case \(index): \(String(decoding: data, as: UTF8.self))"
            // Everything but the date is exactly what Foundation reads; the date is what Foundation wrote.
            expectSame(ours, theirs, note)
            expectSame(ours, sample, note)
        }
    }

    @Test func formattedJSONReadsTheSame() throws {
        // Whitespace, sorted keys and unescaped slashes are all valid JSON the payload must read.
        var random = RandomValues(seed: 5)
        let encoder = Self.foundationEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for index in 0..<100 {
            let sample = random.sample()
            let data = try encoder.encode(sample)
            expectSame(try EventPayload.decode(Sample.self, from: data), sample, "case \(index)")
        }
    }

    @Test func decimalsAreWrittenAsFoundationDescribesThem() throws {
        // `Decimal.description` is Foundation's exact, plain text; the payload writes the same digits.
        var random = RandomValues(seed: 6)
        for _ in 0..<2000 {
            let decimal = random.decimal()
            let json = String(decoding: try EventPayload.encode([decimal]), as: UTF8.self)
            #expect(json == "[\(decimal.description)]")
            #expect(try EventPayload.decode([Decimal].self, from: Data(json.utf8)) == [decimal], "\(json)")
        }
    }

    @Test func decimalsAroundTheFastPathsLimitAreExact() throws {
        // Significands below 1.8e19 are written from `UInt64` digits, larger ones from `description`.
        let texts = [
            "17999999999999999999", "18000000000000000001", "18446744073709551615", "18446744073709551616",
            "-1.7999999999999999999", "0.00000000000000000018446744073709551615", "99999999999999999999e-25",
            "340282366920938463463374607431768211455", "-3402823669209384634633746074317682114.55",
        ]
        for text in texts {
            let decimal = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
            let json = String(decoding: try EventPayload.encode([decimal]), as: UTF8.self)
            #expect(json == "[\(decimal.description)]", "\(text)")
            #expect(try EventPayload.decode([Decimal].self, from: Data(json.utf8)) == [decimal], "\(text)")
        }
    }

    @Test func scalarsAtTheTopLevelAndInArraysMatchFoundation() throws {
        var random = RandomValues(seed: 7)
        let decoder = Self.foundationDecoder()
        let encoder = Self.foundationEncoder()
        for _ in 0..<Self.cases {
            let strings = (0..<3).map { _ in random.string() }
            let ints = (0..<3).map { _ in Int.random(in: .min ... .max, using: &random.generator) }
            let doubles = (0..<3).map { _ in random.double() }
            #expect(try decoder.decode([String].self, from: EventPayload.encode(strings)) == strings)
            #expect(try EventPayload.decode([String].self, from: encoder.encode(strings)) == strings)
            #expect(try decoder.decode(String.self, from: EventPayload.encode(strings[0])) == strings[0])
            #expect(try decoder.decode([Int].self, from: EventPayload.encode(ints)) == ints)
            #expect(try EventPayload.decode([Int].self, from: encoder.encode(ints)) == ints)
            #expect(try decoder.decode([Double].self, from: EventPayload.encode(doubles)) == doubles)
            #expect(try EventPayload.decode([Double].self, from: encoder.encode(doubles)) == doubles)
        }
    }
}
