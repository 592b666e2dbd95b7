import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// The generated fixture types write exactly their `Codable` bytes.
@Suite("Generated payload encoding of the fixtures")
struct PayloadEncodableFixtureTests {
    /// The `Codable` path, whatever the type also conforms to.
    func codable<T: Encodable>(_ value: T) throws -> Data { try EventPayload.encodeThroughCodable(value) }

    @Test func theFixtureEventsWriteTheirCodableBytes() throws {
        let placed = Shop.OrderPlaced(userId: "ada", items: ["book", "pen"], totalUSD: 12, placedAt: fixedDate)
        #expect(try EventPayload.encode(placed) == codable(placed))
        #expect(try EventPayload.encode(Shop.OrderPaid(amountUSD: 3.5)) == codable(Shop.OrderPaid(amountUSD: 3.5)))
        for reason in [nil, "late"] as [String?] {
            let cancelled = Shop.OrderCancelled(reason: reason)
            #expect(try EventPayload.encode(cancelled) == codable(cancelled))
        }
        let state = Shop.Order.State(userId: "ada", status: .paid, totalUSD: 12)
        #expect(try EventPayload.encode(state) == codable(state))
    }
}
