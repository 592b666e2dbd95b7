import CQRS
import CQRSTesting
import Foundation
import ShopDomain
import Testing

/// The read models, given events, then rows.
@Suite("Read models")
struct ProjectionTests {
    let placedAt = Date(timeIntervalSince1970: 1_714_554_000)  // 2024-05-01 09:00 UTC

    @Test("UserOrders: a placed, then paid order is one paid row")
    func userOrders() async throws {
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

    @Test("SalesDashboard: orders and revenue add up per day, and a cancellation comes off its day")
    func salesDashboard() async throws {
        let nextDay = placedAt.addingTimeInterval(86_400)
        try await ProjectionScenario(Shop.SalesDashboard.Projection(SalesDashboardProjection()))
            .given(
                Shop.Order.Definition.self, id: UUID(),
                .orderPlaced(.init(userId: "ada", items: ["a"], totalUSD: 20, placedAt: placedAt))
            )
            .given(
                Shop.Order.Definition.self,
                id: UUID(),
                .orderPlaced(.init(userId: "bob", items: ["b"], totalUSD: 5, placedAt: placedAt)),
                .orderCancelled(.init(reason: nil, totalUSD: 5, placedAt: placedAt))
            )
            .given(
                Shop.Order.Definition.self, id: UUID(),
                .orderPlaced(.init(userId: "ada", items: ["c"], totalUSD: 7, placedAt: nextDay))
            )
            .thenRows([
                Shop.SalesDashboard(day: "2024-05-01", orders: 1, revenueUSD: 20),
                Shop.SalesDashboard(day: "2024-05-02", orders: 1, revenueUSD: 7),
            ])
    }
}
