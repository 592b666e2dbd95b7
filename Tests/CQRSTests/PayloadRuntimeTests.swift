import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// The parts of the payload format that involve runtime types (the codec itself is tested in
/// CQRSPayloadTests).
@Suite("Event payload format in the runtime")
struct PayloadRuntimeTests {
    @Test func wrapsFailuresInAnEventDecodingError() throws {
        struct Placed: Codable {
            var userId: String
        }
        let event = RecordedEvent(
            eventID: UUID(),
            streamID: StreamID(category: "Order", id: "7"),
            streamVersion: 1,
            position: 42,
            eventType: "Order.OrderPlaced",
            schemaVersion: 1,
            recordedAt: fixedDate,
            payload: Data(#"{"user":"ada"}"#.utf8)
        )
        let error = try #require(throws: EventDecodingError.self) {
            try EventPayload.decode(Placed.self, from: event)
        }
        #expect(error.position == 42)
        #expect(error.streamID == StreamID(category: "Order", id: "7"))
        #expect(error.eventType == "Order.OrderPlaced")
        #expect(error.schemaVersion == 1)
        #expect(error.reason.contains("userId"))
    }

    @Test func uuidsAreFastAndValid() {
        let ids = (0..<1000).map { _ in UUID.fastRandom() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let text = id.uuidString
            #expect(text[text.index(text.startIndex, offsetBy: 14)] == "4")
            #expect("89AB".contains(text[text.index(text.startIndex, offsetBy: 19)]))
            #expect(UUID(streamIDString: id.streamIDString) == id)
            #expect(id.streamIDString == id.uuidString)
        }
    }

    @Test func timeOrderedUUIDsSortInTheOrderTheyWereMadeAndCarryTheTime() {
        let before = Date()
        let ids = (0..<10_000).map { _ in UUID.timeOrdered() }
        let after = Date()
        #expect(Set(ids).count == ids.count)
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted())
        for id in [ids[0], ids[ids.count - 1]] {
            let text = id.uuidString
            #expect(text[text.index(text.startIndex, offsetBy: 14)] == "7")
            #expect("89AB".contains(text[text.index(text.startIndex, offsetBy: 19)]))
            // The first 48 bits are the Unix time in milliseconds (at most a few ahead: the counter's carry).
            let bytes = id.uuid
            let milliseconds = [bytes.0, bytes.1, bytes.2, bytes.3, bytes.4, bytes.5].reduce(UInt64(0)) {
                $0 << 8 | UInt64($1)
            }
            #expect(milliseconds >= UInt64(before.timeIntervalSince1970 * 1_000))
            #expect(milliseconds <= UInt64(after.timeIntervalSince1970 * 1_000) + 10)
        }
    }

    @Test func streamIDTextParsesAsFoundationDoes() {
        let id = UUID()
        let lower = id.uuidString.lowercased()
        var texts = [id.uuidString, lower, "", "not-a-uuid", String(lower.dropLast()), lower + "0"]
        // Every position replaced by a character that is not a hex digit, and a hyphen moved.
        for offset in [0, 7, 8, 9, 13, 18, 23, 35] {
            var characters = Array(lower)
            characters[offset] = characters[offset] == "-" ? "0" : "g"
            texts.append(String(characters))
        }
        texts.append(String(lower.prefix(7)) + "-0" + String(lower.dropFirst(9)))
        for text in texts {
            #expect(UUID(streamIDString: text) == UUID(uuidString: text), "\(text)")
        }
    }

    @Test func aPayloadThatDoesNotParseIsAnEventDecodingErrorThatSaysWhere() throws {
        let event = RecordedEvent(
            eventID: UUID(),
            streamID: StreamID(category: "Order", id: "7"),
            streamVersion: 1,
            position: 9,
            eventType: "Order.OrderPlaced",
            schemaVersion: 1,
            recordedAt: fixedDate,
            payload: Data([UInt8](#"{"userId":"a"#.utf8) + [0xFF, 0x22, 0x7D])
        )
        let error = try #require(throws: EventDecodingError.self) {
            try EventPayload.decode(Shop.OrderCancelled.self, from: event)
        }
        #expect(error.reason == "invalid JSON at byte 12: invalid UTF-8")
        let upcaster = Upcaster(currentVersion: 2, steps: [UpcastStep(fromVersion: 1)])
        let upcasting = try #require(throws: EventDecodingError.self) {
            try EventPayload.decode(Shop.OrderCancelled.self, from: event, upcaster: upcaster)
        }
        #expect(upcasting.reason == "invalid JSON at byte 12: invalid UTF-8")
    }

    /// Generated code names the codec's types through `CQRS`, which re-exports `CQRSPayload`.
    @Test func theCodecIsReachableUnderTheCQRSModuleName() throws {
        struct Paid: Codable, CQRS.PayloadEncodable {
            var amount: Decimal
            func encodePayload(to writer: inout CQRS.PayloadWriter) throws {
                writer.beginObject()
                try writer.member("amount", amount)
                writer.endObject()
            }
        }
        let data = try CQRS.EventPayload.encode(Paid(amount: Decimal(string: "12.10")!))
        #expect(String(decoding: data, as: UTF8.self) == #"{"amount":12.1}"#)
        let value: CQRS.JSONValue = try CQRS.EventPayload.decode(CQRS.JSONValue.self, from: data)
        #expect(value == .object(["amount": .number("12.1")]))
        let steps: [CQRS.UpcastStep] = [CQRS.UpcastStep(fromVersion: 1)]
        #expect(CQRS.Upcaster(currentVersion: 2, steps: steps).currentVersion == 2)
        #expect(throws: CQRS.PayloadSyntaxError.self) { try CQRS.EventPayload.decode(Paid.self, from: Data("{".utf8)) }
        #expect(throws: CQRSPayload.PayloadSyntaxError.self) {
            try CQRSPayload.EventPayload.decode(Paid.self, from: Data())
        }
    }
}
