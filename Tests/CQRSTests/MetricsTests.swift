import CQRS
import CQRSTestSupport
import Foundation
import MetricsTestKit
import Testing

@Suite("Metrics", .timeLimit(.minutes(1)))
struct MetricsTests {
    let metrics = TestMetrics()

    func dimensions(_ command: String) -> [(String, String)] { [("aggregate", "Order"), ("command", command)] }

    @Test func countsCommandsByOutcome() async throws {
        let spy = SpyEventStore(InMemoryEventStore())
        let processor = CommandProcessor(
            eventStore: spy, configuration: .init(maxConflictRetries: 1, metricsFactory: metrics))
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await processor.send(place)
        await #expect(throws: CommandError.self) {
            try await processor.send(place, options: .init(commandID: UUID()))
        }
        await #expect(throws: CommandValidationError.self) {
            try await processor.send(Shop.PlaceOrder(userId: "", items: [], totalUSD: 0))
        }
        await #expect(throws: OrderError.wrongAmount) {
            try await processor.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 1))
        }
        // The append decided on the cached state conflicts (a retry that does not count against the
        // limit), then the first attempt and its one retry on the stored state.
        spy.injectConflicts(3)
        await #expect(throws: CommandError.self) {
            try await processor.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
        }

        #expect(try metrics.expectCounter("cqrs_commands_handled_total", dimensions("PlaceOrder")).totalValue == 1)
        #expect(try metrics.expectCounter("cqrs_commands_rejected_total", dimensions("PlaceOrder")).totalValue == 2)
        #expect(try metrics.expectCounter("cqrs_commands_rejected_total", dimensions("PayOrder")).totalValue == 1)
        #expect(try metrics.expectCounter("cqrs_commands_conflicted_total", dimensions("PayOrder")).totalValue == 1)
        #expect(
            try metrics.expectCounter("cqrs_command_conflict_retries_total", dimensions("PayOrder")).totalValue == 2)
        #expect(try metrics.expectCounter("cqrs_events_appended_total", dimensions("PlaceOrder")).totalValue == 1)
        #expect(try metrics.expectTimer("cqrs_command_duration_seconds", dimensions("PlaceOrder")).values.count == 3)
        #expect(try metrics.expectTimer("cqrs_command_duration_seconds", dimensions("PayOrder")).values.count == 2)
    }

    @Test func reportsProjectionLag() async throws {
        let eventStore = InMemoryEventStore()
        let processor = CommandProcessor(eventStore: eventStore)
        for _ in 0..<5 { try await processor.send(Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)) }
        let engine = try Engine(
            eventStore: eventStore,
            readStore: InMemoryReadStore(),
            projections: [Shop.UserOrders.Projection(UserOrdersHandler())],
            configuration: .init(projections: .init(batchSize: 2, metricsFactory: metrics))
        )
        try await engine.rebuild(projection: "UserOrders")

        let lag = try metrics.expectGauge("cqrs_projection_lag_events", [("projection", "UserOrders")])
        // After the first full batch (3 behind), then at most once a second while batches are full, and after
        // the batch that reaches the head (0).
        #expect(lag.values.first == 3)
        #expect(lag.values.last == 0)
        #expect(lag.values.count >= 2 && lag.values.count <= 3)
        let seconds = try metrics.expectGauge("cqrs_projection_lag_seconds", [("projection", "UserOrders")])
        #expect(seconds.lastValue == 0)
        #expect(
            try metrics.expectCounter("cqrs_projection_events_processed_total", [("projection", "UserOrders")])
                .totalValue == 5)
    }
}
