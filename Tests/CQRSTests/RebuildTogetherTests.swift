import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// Several projections rebuilt together (one read of the log, each payload decoded once), for every store
/// kind.
@Suite("Rebuilding projections together", .timeLimit(.minutes(1)))
struct RebuildTogetherTests {
    /// Places an order for each user, pays every second one; the orders' ids.
    func placeAndPay(_ users: [String], with processor: CommandProcessor) async throws -> [UUID] {
        var ids: [UUID] = []
        for (index, user) in users.enumerated() {
            let command = Shop.PlaceOrder(userId: user, items: ["x"], totalUSD: 12)
            try await processor.send(command)
            if index % 2 == 0 { try await processor.send(Shop.PayOrder(orderId: command.orderId, amountUSD: 12)) }
            ids.append(command.orderId)
        }
        return ids
    }

    @Test(arguments: StoreKind.tested)
    func eachModelIsWhatItsOwnRebuildWouldMake(kind: StoreKind) async throws {
        let eventStore = try await kind.makeEventStore()
        let readStore = try await kind.makeReadStore()
        let ids = try await placeAndPay(
            ["ada", "bob", "ada", "cy", "ada"], with: CommandProcessor(eventStore: eventStore))
        let engine = try Engine(
            eventStore: eventStore, readStore: readStore,
            projections: [Shop.UserOrders.Projection(UserOrdersHandler()), PlacedCount.Projection()],
            configuration: .init(projections: .init(batchSize: 2)))

        try await engine.rebuildAll()
        let head = try await eventStore.headPosition()
        let orders = try await readStore.rows(in: "UserOrders", matching: [], orderBy: [], page: nil).rows
            .map(Shop.UserOrders.init(columns:))
        #expect(Set(orders.map(\.orderId)) == Set(ids))
        #expect(orders.filter { $0.status == .paid }.count == 3)
        let counts = try await readStore.rows(in: "PlacedCount", matching: [], orderBy: [], page: nil).rows
            .map(PlacedCount.init(columns:))
        #expect(counts.map(\.userId) == ["ada", "bob", "cy"])
        #expect(counts.map(\.orders) == [3, 1, 1])
        for name in ["UserOrders", "PlacedCount"] {
            #expect(try await readStore.checkpoint(of: name) == head)
        }
    }

    @Test(arguments: StoreKind.tested)
    func aFailingProjectionStopsAloneAndItsFailureIsThrown(kind: StoreKind) async throws {
        let eventStore = try await kind.makeEventStore()
        let readStore = try await kind.makeReadStore()
        _ = try await placeAndPay(["ada", "boom", "bob"], with: CommandProcessor(eventStore: eventStore))
        let engine = try Engine(
            eventStore: eventStore, readStore: readStore,
            projections: [Shop.UserOrders.Projection(ExplodingUserOrdersHandler()), PlacedCount.Projection()],
            configuration: .init(projections: .init(batchSize: 1)))

        await #expect(throws: ProjectionFailure.self) { try await engine.rebuildAll() }
        if case .failed(let failure) = try engine.status(of: "UserOrders") {
            #expect(failure.eventType == Shop.OrderPlaced.eventType)
        } else {
            Issue.record("UserOrders should have failed")
        }
        #expect(try await readStore.checkpoint(of: "PlacedCount") == (try await eventStore.headPosition()))
    }
}
