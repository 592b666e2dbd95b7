import CQRS
import CQRSTestSupport
import Foundation
import Testing

@Suite("Upcasting")
struct UpcastTests {
    /// Version 3 of a cancellation: `note` became `reason` in 2, `cancelledBy` was added in 2, `legacyCode`
    /// dropped in 2, and `channel` added in 3.
    struct OrderCancelled: Codable, Equatable {
        static let upcaster = Upcaster(
            currentVersion: 3,
            steps: [
                UpcastStep(fromVersion: 2, defaults: ["channel": .string("web")]),
                UpcastStep(
                    fromVersion: 1,
                    defaults: ["cancelledBy": .string("unknown")],
                    renamed: [(from: "note", to: "reason")],
                    removed: ["legacyCode"]
                ),
            ]
        )

        var reason: String?
        var cancelledBy: String
        var channel: String
    }

    func recorded(_ json: String, version: Int) -> RecordedEvent {
        RecordedEvent(
            eventID: UUID(),
            streamID: StreamID(category: "Order", id: "1"),
            streamVersion: 2,
            position: 9,
            eventType: "Order.OrderCancelled",
            schemaVersion: version,
            recordedAt: fixedDate,
            payload: Data(json.utf8)
        )
    }

    @Test func upcastsEveryOlderVersionStepByStep() throws {
        let v1 = recorded(#"{"note":"too late","legacyCode":7}"#, version: 1)
        #expect(
            try EventPayload.decode(OrderCancelled.self, from: v1, upcaster: OrderCancelled.upcaster)
                == OrderCancelled(reason: "too late", cancelledBy: "unknown", channel: "web")
        )

        let v2 = recorded(#"{"reason":"changed mind","cancelledBy":"ada"}"#, version: 2)
        #expect(
            try EventPayload.decode(OrderCancelled.self, from: v2, upcaster: OrderCancelled.upcaster)
                == OrderCancelled(reason: "changed mind", cancelledBy: "ada", channel: "web")
        )

        let v3 = recorded(#"{"cancelledBy":"shop","channel":"phone"}"#, version: 3)
        #expect(
            try EventPayload.decode(OrderCancelled.self, from: v3, upcaster: OrderCancelled.upcaster)
                == OrderCancelled(reason: nil, cancelledBy: "shop", channel: "phone")
        )
    }

    @Test func aDefaultDoesNotOverwriteAStoredValue() throws {
        let v1 = recorded(#"{"cancelledBy":"ada"}"#, version: 1)
        let decoded = try EventPayload.decode(OrderCancelled.self, from: v1, upcaster: OrderCancelled.upcaster)
        #expect(decoded.cancelledBy == "ada")
    }

    @Test func aNewerVersionThanTheCodeReadsIsAnError() throws {
        let v4 = recorded(#"{"cancelledBy":"ada","channel":"web"}"#, version: 4)
        let error = try #require(throws: EventDecodingError.self) {
            try EventPayload.decode(OrderCancelled.self, from: v4, upcaster: OrderCancelled.upcaster)
        }
        #expect(error.schemaVersion == 4)
        #expect(error.reason.contains("newer"))
    }

    @Test func aGeneratedDecodeUpcastsThroughTheDefinition() throws {
        // The fixture's events are all at version 1; an event without an upcaster decodes as is.
        let placed = Shop.OrderPlaced(userId: "ada", items: ["book"], totalUSD: 12, placedAt: fixedDate)
        let encoded = try Shop.Order.Definition.encode(.orderPlaced(placed))
        let event = RecordedEvent(
            eventID: encoded.eventID,
            streamID: StreamID(category: "Order", id: UUID().uuidString),
            streamVersion: 1,
            position: 1,
            eventType: encoded.eventType,
            schemaVersion: encoded.schemaVersion,
            recordedAt: fixedDate,
            payload: encoded.payload
        )
        #expect(try Shop.Order.Definition.decode(event) == .orderPlaced(placed))

        var unknown = event
        unknown.eventType = "Order.OrderShipped"
        #expect(throws: EventDecodingError.self) { try Shop.Order.Definition.decode(unknown) }
    }
}
