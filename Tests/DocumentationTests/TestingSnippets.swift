import CQRS
import CQRSTesting
import Foundation
import Testing

// The code of Sources/CQRS/CQRS.docc/Testing.md and Sources/CQRSTesting/CQRSTesting.docc/CQRSTesting.md:
// these tests are the articles' examples. Each ```swift block of the articles appears here verbatim
// (SnippetTests checks it): change both together.

@Suite("Testing article: decisions")
struct OrderRulesTests {
    let orderId = UUID()
    let placed = Shop.OrderPlaced(userId: "ada", items: ["book"], totalUSD: 12, placedAt: .now)

    @Test func payingAPlacedOrder() throws {
        try DecideScenario(Shop.Order.Definition(OrderRules()))
            .given(.orderPlaced(placed))
            .when { try OrderRules().decide(Shop.PayOrder(orderId: orderId, amountUSD: 12), state: $0) }
            .then(.orderPaid(.init(amountUSD: 12)))
    }

    @Test func payingTwiceIsRefused() throws {
        try DecideScenario(Shop.Order.Definition(OrderRules()))
            .given(.orderPlaced(placed), .orderPaid(.init(amountUSD: 12)))
            .when { try OrderRules().decide(Shop.PayOrder(orderId: orderId, amountUSD: 12), state: $0) }
            .thenThrows(OrderError.cannotPay(.paid))
    }

    @Test func aWrongAmountIsRefused() throws {
        try DecideScenario(Shop.Order.Definition(OrderRules()))
            .given(.orderPlaced(placed))
            .when { try OrderRules().decide(Shop.PayOrder(orderId: orderId, amountUSD: 5), state: $0) }
            .thenThrows { ($0 as? OrderError) == .wrongAmount(expected: 12, paid: 5) }
    }

    @Test func aCommandThroughTheRulesOfSend() throws {
        let scenario = DecideScenario(Shop.Order.Definition(OrderRules())).given(.orderPlaced(placed))
        try scenario
            .when(Shop.PayOrder(orderId: orderId, amountUSD: 12))
            .then(.orderPaid(.init(amountUSD: 12)))
            .thenState { $0.status == .paid }
        try scenario
            .when(Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12))
            .thenThrows(CommandError.self)  // the history is the stream: it exists already
        try DecideScenario(Shop.Order.Definition(OrderRules()))
            .when(Shop.PlaceOrder(userId: "", items: [], totalUSD: 0))
            .thenThrows(CommandValidationError.self)
    }

    @Test func theSpecsConstraints() {
        let violations = Shop.PlaceOrder(userId: "", items: [], totalUSD: 0).validate()
        #expect(Set(violations.map(\.field)) == ["userId", "items", "totalUSD"])
    }
}

@Suite("Testing article: projections")
struct ReadModelTests {
    let placedAt = Date(timeIntervalSince1970: 1_714_554_000)  // 2024-05-01 09:00 UTC

    @Test func aPaidOrderIsOnePaidRow() async throws {
        let id = UUID()
        try await ProjectionScenario(Shop.UserOrders.Projection(UserOrdersProjection()))
            .given(
                Shop.Order.Definition.self,
                id: id,
                .orderPlaced(.init(userId: "ada", items: ["a", "b"], totalUSD: 20, placedAt: placedAt)),
                .orderPaid(.init(amountUSD: 20))
            )
            .thenRows([
                Shop.UserOrders(
                    orderId: id, userId: "ada", itemCount: 2, totalUSD: 20, status: .paid, placedAt: placedAt)
            ])
    }

    @Test func aCancellationComesOffItsDay() async throws {
        let rows = try await ProjectionScenario(Shop.SalesDashboard.Projection(SalesDashboardProjection()))
            .given(
                Shop.Order.Definition.self,
                id: UUID(),
                .orderPlaced(.init(userId: "ada", items: ["a"], totalUSD: 20, placedAt: placedAt)),
                .orderCancelled(.init(reason: nil, totalUSD: 20, placedAt: placedAt))
            )
            .rows(Shop.SalesDashboard.self)
        #expect(rows == [Shop.SalesDashboard(day: "2024-05-01", orders: 0, revenueUSD: 0)])
    }

    @Test func aUsersListShowsTheirOrdersOnly() async throws {
        let (ada, bob) = (UUID(), UUID())
        let scenario = try ProjectionScenario(Shop.UserOrders.Projection(UserOrdersProjection()))
            .given(
                Shop.Order.Definition.self, id: ada,
                .orderPlaced(.init(userId: "ada", items: ["a"], totalUSD: 20, placedAt: placedAt))
            )
            .given(
                Shop.Order.Definition.self, id: bob,
                .orderPlaced(.init(userId: "bob", items: ["b"], totalUSD: 5, placedAt: placedAt)))
        let page = try await scenario.answer(Shop.ListUserOrders(userId: "ada"))
        #expect(page.rows.map(\.orderId) == [ada])
        try await scenario.thenAnswer(Shop.CountSearchOrders(userId: "bob", statuses: [.paid]), 0)
    }

    @Test func placingAnOrderTwiceStopsTheProjection() async throws {
        let id = UUID()
        let placed = Shop.OrderPlaced(userId: "ada", items: ["a"], totalUSD: 20, placedAt: placedAt)
        try await ProjectionScenario(Shop.UserOrders.Projection(UserOrdersProjection()))
            .given(Shop.Order.Definition.self, id: id, .orderPlaced(placed), .orderPlaced(placed))
            .thenFails { $0.position == 2 && $0.eventType == "Order.OrderPlaced" }
    }
}

@Suite("Testing article: a fixed clock")
struct FixedClockTests {
    /// The Shop with the clock its rules' `context.now` reads fixed.
    func shopWithAFixedClock() throws -> (Shop.Application, Date) {
        let fixed = Date(timeIntervalSince1970: 1_714_564_800)  // 2024-05-01T12:00:00Z
        let shop = try Shop.Application(
            eventStore: InMemoryEventStore(),
            readStore: InMemoryReadStore(),
            order: OrderRules(),
            userOrders: UserOrdersProjection(),
            salesDashboard: SalesDashboardProjection(),
            configuration: .init(commands: .init(now: { fixed }))
        )
        return (shop, fixed)
    }

    @Test func decisionsSeeTheFixedTime() throws {
        let (shop, fixed) = try shopWithAFixedClock()
        #expect(shop.engine.commands.configuration.now() == fixed)
    }
}
