import CQRS
import Foundation
import ShopDomain
import Testing

/// The whole shop over the in-memory stores: send commands, ask queries.
@Suite("Shop application")
struct ApplicationTests {
    func makeShop() throws -> Shop.Application {
        try Shop.Application(
            eventStore: InMemoryEventStore(),
            readStore: InMemoryReadStore(),
            order: OrderRules(),
            userOrders: UserOrdersProjection(),
            salesDashboard: SalesDashboardProjection()
        )
    }

    @Test("A user's orders are listed newest first, and read-your-writes sees the last command")
    func listUserOrders() async throws {
        let shop = try makeShop()
        try await shop.withProjectionsRunning {
            var last: CQRS.CommandReceipt?
            for total in [10, 20, 30] as [Decimal] {
                last = try await shop.send(Shop.PlaceOrder(userId: "ada", items: ["x"], totalUSD: total))
            }
            try await shop.send(Shop.PlaceOrder(userId: "bob", items: ["y"], totalUSD: 1))
            let page = try await shop.ask(Shop.ListUserOrders(userId: "ada"), after: last)
            #expect(page.rows.map(\.totalUSD) == [30, 20, 10])
        }
    }

    @Test("Invalid commands are rejected with every violation, and nothing is stored")
    func rejected() async throws {
        let shop = try makeShop()
        await #expect(throws: CQRS.CommandValidationError.self) {
            try await shop.send(Shop.PlaceOrder(userId: "", items: [], totalUSD: -1))
        }
        #expect(try await shop.engine.commands.eventStore.headPosition() == 0)
    }

    @Test("Paying twice is refused by the rules")
    func payTwice() async throws {
        let shop = try makeShop()
        let place = Shop.PlaceOrder(userId: "ada", items: ["x"], totalUSD: 3)
        try await shop.send(place)
        try await shop.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 3))
        await #expect(throws: OrderError.cannotPay(.paid)) {
            try await shop.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 3))
        }
    }
}
