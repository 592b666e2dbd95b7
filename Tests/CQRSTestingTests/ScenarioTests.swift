import CQRS
import CQRSTestSupport
import CQRSTesting
import Foundation
import Testing

@Suite("Testing scenarios")
struct ScenarioTests {
    let placed = Shop.OrderPlaced(userId: "ada", items: ["book"], totalUSD: 12, placedAt: fixedDate)

    @Test func decideScenarioChecksTheEvents() throws {
        let id = UUID()
        try DecideScenario(orderDefinition)
            .given(.orderPlaced(placed))
            .when { try rules.decide(Shop.PayOrder(orderId: id, amountUSD: 12), state: $0) }
            .then(.orderPaid(.init(amountUSD: 12)))

        let failure = try #require(throws: ScenarioFailure.self) {
            try DecideScenario(orderDefinition)
                .given(.orderPlaced(placed))
                .when { try rules.decide(Shop.PayOrder(orderId: id, amountUSD: 12), state: $0) }
                .then(.orderPaid(.init(amountUSD: 13)))
        }
        #expect(failure.description.contains("expected:"))
        #expect(failure.expected.contains("13"))
        #expect(failure.actual.contains("12"))
    }

    @Test func aCommandGoesThroughTheRulesSendApplies() throws {
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        // A creating command on an empty history: decided, and the state after it.
        try DecideScenario(orderDefinition)
            .when(place)
            .then(.orderPlaced(placed))
            .thenState { $0.status == .placed && $0.totalUSD == 12 }
        // A creating command on a stream that exists, a command on one that does not.
        try DecideScenario(orderDefinition).given(.orderPlaced(placed))
            .when(place)
            .thenThrows { ($0 as? CommandError).map { "\($0)" } == "stream \(place.streamID) already exists" }
        try DecideScenario(orderDefinition)
            .when(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
            .thenThrows { ($0 as? CommandError).map { "\($0)" } == "stream \(place.streamID) does not exist" }
        // The command's constraints, before anything else.
        try DecideScenario(orderDefinition).given(.orderPlaced(placed))
            .when(Shop.PlaceOrder(userId: "", items: [], totalUSD: 0))
            .thenThrows { ($0 as? CommandValidationError)?.violations.map(\.field) == ["userId", "items", "totalUSD"] }
        // Your decide's errors pass through; the state check needs events.
        let cancelled = DecideScenario(orderDefinition).given(.orderPlaced(placed), .orderCancelled(.init(reason: nil)))
        try cancelled.when(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
            .thenThrows(OrderError.cannotPayCancelledOrder)
        #expect(throws: ScenarioFailure.self) {
            try cancelled.when(Shop.PayOrder(orderId: place.orderId, amountUSD: 12)).thenState { _ in true }
        }
    }

    @Test func decideScenarioChecksTheError() throws {
        let id = UUID()
        let cancelled = DecideScenario(orderDefinition).given(.orderPlaced(placed), .orderCancelled(.init(reason: nil)))
        #expect(cancelled.state.status == .cancelled)
        try cancelled
            .when { try rules.decide(Shop.PayOrder(orderId: id, amountUSD: 12), state: $0) }
            .thenThrows(OrderError.cannotPayCancelledOrder)
        try cancelled
            .when { try rules.decide(Shop.CancelOrder(orderId: id), state: $0) }
            .thenThrows { ($0 as? OrderError) == .cannotCancel(.cancelled) }
        try cancelled
            .when { try rules.decide(Shop.CancelOrder(orderId: id), state: $0) }
            .thenThrows(OrderError.self)

        #expect(throws: ScenarioFailure.self) {
            try DecideScenario(orderDefinition)
                .given(.orderPlaced(placed))
                .when { try rules.decide(Shop.PayOrder(orderId: id, amountUSD: 12), state: $0) }
                .thenThrows(OrderError.wrongAmount)
        }
    }

    @Test func projectionScenarioChecksTheRows() async throws {
        let id = UUID()
        let other = UUID()
        try await ProjectionScenario(Shop.UserOrders.Projection(UserOrdersHandler()))
            .given(
                Shop.Order.Definition.self, id: id, .orderPlaced(placed), .orderPaid(.init(amountUSD: 12))
            )
            .given(Shop.Order.Definition.self, id: other, .orderPlaced(placed))
            .thenRows([
                Shop.UserOrders(
                    orderId: other, userId: "ada", itemCount: 1, totalUSD: 12, status: .placed, placedAt: fixedDate),
                Shop.UserOrders(
                    orderId: id, userId: "ada", itemCount: 1, totalUSD: 12, status: .paid, placedAt: fixedDate),
            ])
    }

    @Test func projectionScenarioAnswersTheGeneratedQueries() async throws {
        let (first, second) = (UUID(), UUID())
        let scenario = try ProjectionScenario(Shop.UserOrders.Projection(UserOrdersHandler()))
            .given(Shop.Order.Definition.self, id: first, .orderPlaced(placed), .orderPaid(.init(amountUSD: 12)))
            .given(Shop.Order.Definition.self, id: second, .orderPlaced(placed))
        let paid = Shop.UserOrders(
            orderId: first, userId: "ada", itemCount: 1, totalUSD: 12, status: .paid, placedAt: fixedDate)
        try await scenario.thenAnswer(Shop.GetOrder(orderId: first), paid)
        try await scenario.thenAnswer(Shop.GetOrder(orderId: UUID()), nil)
        let page = try await scenario.answer(Shop.ListUserOrders(userId: "ada"))
        #expect(Set(page.rows.map(\.orderId)) == [first, second] && page.next == nil)
        #expect(try await scenario.answer(Shop.ListUserOrders(userId: "bob")).rows.isEmpty)
        let failure = try await #require(throws: ScenarioFailure.self) {
            try await scenario.thenAnswer(Shop.GetOrder(orderId: second), paid)
        }
        #expect(failure.description.contains("GetOrder"))
    }

    @Test func projectionScenarioShowsAReadableDifference() async throws {
        let id = UUID()
        let missing = UUID()
        let scenario = try ProjectionScenario(Shop.UserOrders.Projection(UserOrdersHandler()))
            .given(Shop.Order.Definition.self, id: id, .orderPlaced(placed))
        let failure = try await #require(throws: ScenarioFailure.self) {
            try await scenario.thenRows([
                Shop.UserOrders(
                    orderId: id, userId: "ada", itemCount: 1, totalUSD: 12, status: .paid, placedAt: fixedDate),
                Shop.UserOrders(
                    orderId: missing, userId: "bob", itemCount: 1, totalUSD: 1, status: .paid, placedAt: fixedDate),
            ])
        }
        #expect(failure.description.contains("differs at key"))
        #expect(failure.description.contains("missing"))
        #expect(failure.actual == "1 rows")
    }

    @Test func projectionScenarioReportsAFailingHandler() async throws {
        let boom = Shop.OrderPlaced(userId: "boom", items: [], totalUSD: 1, placedAt: fixedDate)
        try await ProjectionScenario(Shop.UserOrders.Projection(ExplodingUserOrdersHandler()))
            .given(Shop.Order.Definition.self, id: UUID(), .orderPlaced(boom))
            .thenFails { $0.position == 1 && $0.reason == "boom" }
    }
}
