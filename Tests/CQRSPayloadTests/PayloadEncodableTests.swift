import CQRSPayload
import Foundation
import Testing

@Suite("Generated payload encoding")
struct PayloadEncodableTests {
    /// The `Codable` path, whatever the type also conforms to.
    func codable<T: Encodable>(_ value: T) throws -> Data { try EventPayload.encodeThroughCodable(value) }

    enum Colour: String, Codable, PayloadValue, CodingKeyRepresentable {
        case red, green
    }

    struct Line: Codable, PayloadEncodable, Equatable {
        var sku: String
        var quantity: Int

        func encodePayload(to writer: inout PayloadWriter) throws {
            writer.beginObject()
            try writer.member("sku", sku)
            try writer.member("quantity", quantity)
            writer.endObject()
        }
    }

    struct Everything: Codable, PayloadEncodable {
        var text: String
        var count: Int
        var big: UInt64
        var ratio: Double
        var amount: Decimal
        var at: Date
        var id: UUID
        var bytes: Data
        var link: URL
        var colour: Colour
        var lines: [Line]
        var byNumber: [Int: String]
        var byName: [String: [Int]]
        var byColour: [Colour: Int]
        var byID: [UUID: Int]
        var note: String?
        var missing: Int?
        var nested: [[Int?]]

        func encodePayload(to writer: inout PayloadWriter) throws {
            writer.beginObject()
            try writer.member("text", text)
            try writer.member("count", count)
            try writer.member("big", big)
            try writer.member("ratio", ratio)
            try writer.member("amount", amount)
            try writer.member("at", at)
            try writer.member("id", id)
            try writer.member("bytes", bytes)
            try writer.member("link", link)
            try writer.member("colour", colour)
            try writer.member("lines", lines)
            try writer.member("byNumber", byNumber)
            try writer.member("byName", byName)
            try writer.member("byColour", byColour)
            try writer.member("byID", byID)
            try writer.member("note", ifPresent: note)
            try writer.member("missing", ifPresent: missing)
            try writer.member("nested", nested)
            writer.endObject()
        }
    }

    @Test func writesExactlyTheCodableBytes() throws {
        let value = Everything(
            text: "a \"quoted\" \\ line\n\u{1}é",
            count: -7,
            big: .max,
            ratio: 0.1,
            amount: Decimal(string: "-12.50")!,
            at: Date(timeIntervalSinceReferenceDate: 786_000_000.123_456_7),
            id: UUID(),
            bytes: Data([0, 255]),
            link: URL(string: "https://example.com/x?y=1")!,
            colour: .green,
            lines: [.init(sku: "A", quantity: 1), .init(sku: "B", quantity: 2)],
            byNumber: [10: "ten", 9: "nine", 100: "hundred"],
            byName: ["b": [2], "a": [1, 1], "a ": []],
            byColour: [.red: 1, .green: 2],
            byID: [UUID(): 1],
            note: "n",
            missing: nil,
            nested: [[1, nil], []]
        )
        #expect(try EventPayload.encode(value) == codable(value))
        #expect(try EventPayload.decode(Everything.self, from: EventPayload.encode(value)).lines == value.lines)
    }

    @Test func aPayloadValueReachedThroughAGenericEncodableWritesItself() throws {
        /// Its `Codable` encoding refuses, so only the direct writer can succeed.
        struct Direct: Encodable, PayloadEncodable {
            struct Refused: Error {}
            func encode(to encoder: any Encoder) throws { throw Refused() }
            func encodePayload(to writer: inout PayloadWriter) throws {
                writer.beginObject()
                try writer.member("direct", true)
                writer.endObject()
            }
        }
        func generic<T: Encodable>(_ value: T) throws -> Data { try EventPayload.encode(value) }
        #expect(String(decoding: try generic(Direct()), as: UTF8.self) == #"{"direct":true}"#)
        #expect(String(decoding: try generic([Direct()]), as: UTF8.self) == #"[{"direct":true}]"#)
        #expect(throws: Direct.Refused.self) { try codable(Direct()) }
    }

    @Test func refusesWhatJSONCannotHold() {
        struct Ratio: Codable, PayloadEncodable {
            var value: Double
            func encodePayload(to writer: inout PayloadWriter) throws {
                writer.beginObject()
                try writer.member("value", value)
                writer.endObject()
            }
        }
        #expect(throws: EncodingError.self) { try EventPayload.encode(Ratio(value: .infinity)) }
    }
}
