import CQRS
import CQRSTesting
import Foundation
import ShopDomain
import Testing

/// The order's business rules, given events, when a command, then events or an error.
@Suite("Order rules")
struct OrderRulesTests {
    let placedAt = Date(timeIntervalSince1970: 1_714_554_000)
    let orderId = UUID()
    var rules: OrderRules { OrderRules(now: { [placedAt] in placedAt }) }
    var placed: Shop.OrderPlaced { Shop.OrderPlaced(userId: "ada", items: ["book"], totalUSD: 12, placedAt: placedAt) }

    @Test("Placing an order records who, what and when")
    func placeOrder() throws {
        let command = Shop.PlaceOrder(orderId: orderId, userId: "ada", items: ["book"], totalUSD: 12)
        try DecideScenario(Shop.Order.Definition(rules))
            .when { [rules] in try rules.decide(command, state: $0) }
            .then(.orderPlaced(placed))
    }

    @Test("A placed order is paid with its exact total")
    func payOrder() throws {
        try DecideScenario(Shop.Order.Definition(rules))
            .given(.orderPlaced(placed))
            .when { [rules, orderId] in try rules.decide(Shop.PayOrder(orderId: orderId, amountUSD: 12), state: $0) }
            .then(.orderPaid(.init(amountUSD: 12)))
    }

    @Test("A payment of another amount is refused")
    func wrongAmount() throws {
        try DecideScenario(Shop.Order.Definition(rules))
            .given(.orderPlaced(placed))
            .when { [rules, orderId] in try rules.decide(Shop.PayOrder(orderId: orderId, amountUSD: 5), state: $0) }
            .thenThrows { ($0 as? OrderError) == .wrongAmount(expected: 12, paid: 5) }
    }

    @Test("A cancelled order cannot be paid")
    func cannotPayCancelled() throws {
        try DecideScenario(Shop.Order.Definition(rules))
            .given(.orderPlaced(placed), .orderCancelled(.init(reason: nil, totalUSD: 12, placedAt: placedAt)))
            .when { [rules, orderId] in try rules.decide(Shop.PayOrder(orderId: orderId, amountUSD: 12), state: $0) }
            .thenThrows { ($0 as? OrderError) == .cannotPay(.cancelled) }
    }

    @Test("A paid order cannot be cancelled")
    func cannotCancelPaid() throws {
        try DecideScenario(Shop.Order.Definition(rules))
            .given(.orderPlaced(placed), .orderPaid(.init(amountUSD: 12)))
            .when { [rules, orderId] in try rules.decide(Shop.CancelOrder(orderId: orderId, reason: "late"), state: $0)
            }
            .thenThrows { ($0 as? OrderError) == .cannotCancel(.paid) }
    }

    @Test("Cancelling carries the total and time the dashboard needs")
    func cancelOrder() throws {
        try DecideScenario(Shop.Order.Definition(rules))
            .given(.orderPlaced(placed))
            .when { [rules, orderId] in try rules.decide(Shop.CancelOrder(orderId: orderId, reason: "late"), state: $0)
            }
            .then(.orderCancelled(.init(reason: "late", totalUSD: 12, placedAt: placedAt)))
    }

    @Test("The spec's constraints reject an empty basket and a non-positive total, all at once")
    func constraints() {
        let violations = Shop.PlaceOrder(userId: "", items: [], totalUSD: 0).validate()
        #expect(Set(violations.map(\.field)) == ["userId", "items", "totalUSD"])
    }
}
