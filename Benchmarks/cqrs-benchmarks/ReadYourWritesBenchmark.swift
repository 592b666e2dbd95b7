import ArgumentParser
import CQRS
import Foundation

/// W3's figures: how long after a command's receipt a query that must see it returns it.
struct ReadYourWritesResult: Sendable {
    /// Per round, milliseconds from the receipt to the query returning the new row (the wait for the
    /// projection plus the query).
    var lags: [Double]
    /// Per round, milliseconds the command itself took (validation to durable append).
    var sends: [Double]
    /// The largest `cqrs_projection_lag_events` the runner reported during the rounds.
    var reportedLagEventsMaximum: Double
    /// The largest `cqrs_projection_lag_seconds` the runner reported during the rounds.
    var reportedLagSecondsMaximum: Double
    /// How many times the runner reported its lag (once per committed batch).
    var reportedBatches: Int

    /// Whether UserOrders was inline (W3-inline): the wait returns at once.
    var inline = false

    /// Reports the figures under `store`.
    func report(store: String, to reporter: BenchmarkReporter) {
        let name = inline ? "W3-inline" : "W3"
        let p50 = percentile(lags, 0.5)
        let p99 = percentile(lags, 0.99)
        let extra: [String: any Sendable] = ["rounds": lags.count]
        reporter.note(
            String(
                format: "%@ receipt → query sees it: p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d rounds; "
                    + "the command itself: p50 %.3f ms, p99 %.3f ms",
                name.padding(toLength: 10, withPad: " ", startingAt: 0), p50, p99, lags.max() ?? 0, lags.count,
                percentile(sends, 0.5), percentile(sends, 0.99)))
        reporter.note(
            String(
                format: "           the projection reported: lag at most %.0f events, %.3f s (%d batches)",
                reportedLagEventsMaximum, reportedLagSecondsMaximum, reportedBatches))
        reporter.figure(
            "\(name)-p50", store: store, value: p50, unit: "ms", extra: extra)
        reporter.figure(
            "\(name)-p99", store: store, value: p99, unit: "ms", extra: extra)
        reporter.figure(
            "\(name)-send-p50", store: store, value: percentile(sends, 0.5), unit: "ms", extra: extra)
        reporter.figure(
            "\(name)-send-p99", store: store, value: percentile(sends, 0.99), unit: "ms", extra: extra)
        reporter.figure(
            "\(name)-reported-lag-events-max", store: store, value: reportedLagEventsMaximum, unit: "events",
            extra: extra)
        reporter.figure(
            "\(name)-reported-lag-seconds-max", store: store, value: reportedLagSecondsMaximum * 1_000, unit: "ms",
            extra: extra)
    }
}

/// W3, read-your-writes: with the UserOrders projection running live in this process, `rounds` times
/// place an order (one command, one transaction), wait until the projection has committed the
/// receipt's position (``Engine/waitUntil(projection:hasProcessed:timeout:)``, woken by the commit),
/// then read the order's row through the typed reader, which must find it.
///
/// `eventStore` and `readStore` should be fresh (the projection starts from the head of the log). With
/// `inline`, UserOrders is inline (the stores must share a database): W3-inline.
func measureReadYourWrites(eventStore: any EventStore, readStore: any ReadStore, rounds: Int, inline: Bool = false)
    async throws -> ReadYourWritesResult
{
    let metrics = MaximumRecordingMetrics()
    let engine = try Engine(
        eventStore: eventStore,
        readStore: readStore,
        projections: [inline ? InlineUserOrders() : Shop.UserOrders.Projection(UserOrdersHandler())],
        configuration: EngineConfiguration(projections: ProjectionConfiguration(metricsFactory: metrics))
    )
    let definition = Shop.Order.Definition(OrderRules())
    let reader = engine.reader(Shop.UserOrders.self)
    let clock = ContinuousClock()
    return try await engine.withProjectionsRunning {
        let head = try await eventStore.headPosition()
        try await engine.waitUntil(projection: Shop.UserOrders.name, hasProcessed: head, timeout: .seconds(120))
        let warmUp = min(rounds / 10, 100)
        var lags: [Double] = []
        var sends: [Double] = []
        lags.reserveCapacity(rounds)
        sends.reserveCapacity(rounds)
        for round in 0..<(warmUp + rounds) {
            let place = Shop.PlaceOrder(userId: "w3-user-\(round % 100)", items: ["book"], totalUSD: 12)
            let start = clock.now
            let receipt = try await engine.commands.handle(place, with: definition)
            let sent = clock.now
            try await engine.waitUntil(
                projection: Shop.UserOrders.name, hasProcessed: receipt.position, timeout: .seconds(30))
            guard try await reader.row(key: [.uuid(place.orderId)]) != nil else {
                throw ValidationError("read-your-writes: the order of round \(round) is not in UserOrders")
            }
            let seen = clock.now
            if round >= warmUp {
                sends.append((sent - start).benchmarkMilliseconds)
                lags.append((seen - sent).benchmarkMilliseconds)
            }
        }
        let events = metrics.seen("cqrs_projection_lag_events")
        let seconds = metrics.seen("cqrs_projection_lag_seconds")
        return ReadYourWritesResult(
            lags: lags, sends: sends, reportedLagEventsMaximum: events.maximum,
            reportedLagSecondsMaximum: seconds.maximum, reportedBatches: events.count, inline: inline)
    }
}
