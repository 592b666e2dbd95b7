import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// Paid orders per user, written by hand: `OrderPaid` names no user, so the projection remembers each
/// order's from its `OrderPlaced`, as a generated one does for `remember:` (a custom handler can do the
/// same with a `RememberedValues` of its own).
struct PaidPerUser: ReadModelProjection {
    let remembered = RememberedValues()
    /// Whether it sees `OrderPlaced` at all (`false`: every value is looked up in the log).
    var readsPlacements = true

    var name: String { "PlacedCount" }
    var schema: ReadModelSchema { PlacedCount.schema }
    var eventTypes: Set<String> {
        readsPlacements ? [Shop.OrderPlaced.eventType, Shop.OrderPaid.eventType] : [Shop.OrderPaid.eventType]
    }

    func apply(_ event: RecordedEvent, to batch: ProjectionBatch) async throws {
        if event.eventType == Shop.OrderPlaced.eventType {
            let placed: Shop.OrderPlaced = try event.decode()
            remembered.remember(placed.userId, as: "userId", for: event.streamID, in: batch)
            return
        }
        let userId: String = try await remembered.value("userId", for: event.streamID, in: batch) { events in
            guard let placed = events.first(where: { $0.eventType == Shop.OrderPlaced.eventType }) else { return nil }
            return (try placed.decode() as Shop.OrderPlaced).userId
        }
        let rows = ProjectionRows<PlacedCount>(batch)
        let updated = try await rows.update(key: [userId.columnValue]) { $0.orders += 1 }
        if !updated { try await rows.insert(PlacedCount(userId: userId, orders: 1)) }
    }
}

@Suite("Values remembered per stream", .timeLimit(.minutes(1)))
struct RememberedValuesTests {
    @Test(arguments: StoreKind.tested, [true, false])
    func aValueNotInHandIsReadFromTheLog(kind: StoreKind, readsPlacements: Bool) async throws {
        let (events, rows) = try await kind.makeSharedStores()
        let processor = CommandProcessor(eventStore: events)
        for (user, pays) in [("ada", true), ("bob", true), ("ada", true), ("cy", false)] {
            let place = Shop.PlaceOrder(userId: user, items: ["x"], totalUSD: 5)
            try await processor.send(place)
            if pays { try await processor.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 5)) }
        }
        var projection = PaidPerUser()
        projection.readsPlacements = readsPlacements
        let engine = try Engine(eventStore: events, readStore: rows, projections: [projection])
        try await engine.rebuild(projection: "PlacedCount")
        let paid = try await rows.rows(in: "PlacedCount", matching: [], orderBy: [], page: nil).rows
            .map(PlacedCount.init(columns:))
        #expect(paid.map(\.userId) == ["ada", "bob"])
        #expect(paid.map(\.orders) == [2, 1])
    }

    @Test func aStreamWithoutTheCarrierFailsTheProjectionAndSaysWhy() async throws {
        let events = InMemoryEventStore()
        let stream = Shop.Order.Definition.streamID(UUID())
        _ = try await events.append(
            AppendRequest(
                stream: stream, expectedVersion: .any,
                events: [try Shop.Order.Definition.encode(.orderPaid(.init(amountUSD: 5)))]))
        let engine = try Engine(eventStore: events, readStore: InMemoryReadStore(), projections: [PaidPerUser()])
        let failure = await #expect(throws: ProjectionFailure.self) {
            try await engine.rebuild(projection: "PlacedCount")
        }
        let missing = try #require(failure?.underlyingError as? RememberedValueMissing)
        #expect(missing.name == "userId" && missing.stream == stream)
        #expect(
            "\(missing)"
                == "read model PlacedCount remembers 'userId' per stream, but stream \(stream) has no event that carries it"
        )
    }
}
