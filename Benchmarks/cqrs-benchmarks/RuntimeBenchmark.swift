import ArgumentParser
import CQRS
import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The runtime's throughput: orders placed and paid through the full command path, then a read model
/// rebuilt from the log.
struct RuntimeBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtime",
        abstract:
            "Write path (CommandProcessor + InMemoryEventStore) and replay (ProjectionRunner rebuild) throughput.",
        discussion: """
            Each order is placed then paid by one client, through CommandProcessor.handle exactly as the
            generated Application.send calls it (validation, idempotency check, state load, decide, encode,
            append). The UserOrders read model is then rebuilt from the whole log into an InMemoryReadStore.
            Build with -c release.
            """
    )

    @Option(help: "Orders per run (each is two events).")
    var orders = 10_000

    @Option(help: "Measured runs; the best and the median are reported.")
    var runs = 5

    @Option(help: "Projection batch size for the rebuild.")
    var batchSize = 500

    @Flag(inversion: .prefixedNo, help: "Measure the rebuild too (--no-rebuild: the write path only, for profiling).")
    var rebuild = true

    /// How UserOrders and SalesDashboard are rebuilt after the runs (W2-each, W2-both).
    enum PairMode: String, ExpressibleByArgument, CaseIterable {
        case none, each, both, all
    }

    @Option(help: "Rebuild UserOrders and SalesDashboard one after the other (each), together (both), all, or none.")
    var pair = PairMode.all

    /// Concurrent clients of W1c (0: no W1c).
    @Option(help: "Concurrent clients for W1c (the same orders by concurrent clients; 0: skip).")
    var clients = 8

    /// Rounds of W3 (0: no W3).
    @Option(help: "Rounds of W3, read-your-writes with the projection running live (0: skip).")
    var w3Rounds = 10_000

    @OptionGroup var output: JSONOption

    func run() throws {
        let orders = orders
        let runs = max(runs, 1)
        let batchSize = rebuild ? batchSize : nil
        let clients = clients
        let w3Rounds = w3Rounds
        let pair = pair
        let reporter = output.reporter
        try blockOnBenchmark {
            // Warm-up, not reported.
            _ = try await measureOnce(orders: min(orders, 1_000), batchSize: batchSize)
            var results: [RuntimeMeasurement] = []
            for run in 1...runs {
                let result = try await measureOnce(orders: orders, batchSize: batchSize)
                results.append(result)
                reporter.note(
                    "run \(run): write \(groupDigits(result.writeEventsPerSecond)) events/s "
                        + "(\(groupDigits(result.writeEventsPerCPUSecond)) per CPU second), "
                        + "rebuild \(groupDigits(result.replayEventsPerSecond)) events/s "
                        + "(\(groupDigits(result.replayEventsPerCPUSecond)) per CPU second)"
                )
            }
            reporter.note("events per run: \(orders * 2)")
            report("write path", results.map(\.writeEventsPerSecond), results.map(\.writeEventsPerCPUSecond), reporter)
            let events: [String: any Sendable] = ["events": orders * 2, "orders": orders, "runs": runs]
            reporter.figure(
                "W1", store: "memory", value: median(results.map(\.writeEventsPerSecond)), unit: "events/s",
                extra: events.merging(["cpu_events_per_second": median(results.map(\.writeEventsPerCPUSecond))]) {
                    $1
                })
            if batchSize != nil {
                report(
                    "rebuild   ", results.map(\.replayEventsPerSecond), results.map(\.replayEventsPerCPUSecond),
                    reporter)
                reporter.figure(
                    "W2", store: "memory", value: median(results.map(\.replayEventsPerSecond)), unit: "events/s",
                    extra: events.merging(["cpu_events_per_second": median(results.map(\.replayEventsPerCPUSecond))]) {
                        $1
                    })
            }
            if pair != .none {
                let eventStore = InMemoryEventStore()
                try await placeAndPay(orders: orders, into: eventStore)
                for (name, together) in [("W2-each", false), ("W2-both", true)]
                where pair == .all || (pair == .both) == together {
                    let rate = try await medianOfRounds(runs) {
                        try await rebuildBothProjections(
                            eventStore: eventStore, readStore: InMemoryReadStore(), batchSize: batchSize ?? 500,
                            events: orders * 2, together: together)
                    }
                    reporter.note("\(name): median \(groupDigits(rate)) events/s (UserOrders and SalesDashboard)")
                    reporter.figure(
                        name, store: "memory", value: rate, unit: "events/s",
                        extra: events.merging(["projections": 2]) { $1 })
                }
            }
            if clients > 0 {
                var rates: [Double] = []
                for _ in 1...runs {
                    rates.append(
                        try await placeAndPayConcurrently(
                            eventStore: InMemoryEventStore(), orders: orders, clients: clients))
                }
                reporter.note(
                    "W1c (\(clients) clients): median \(groupDigits(median(rates))) events/s, best \(groupDigits(rates.max()!))"
                )
                reporter.figure(
                    "W1c", store: "memory", value: median(rates), unit: "events/s",
                    extra: events.merging(["clients": clients]) { $1 })
            }
            if w3Rounds > 0 {
                for inline in [false, true] {
                    try await measureReadYourWrites(
                        eventStore: InMemoryEventStore(), readStore: InMemoryReadStore(), rounds: w3Rounds,
                        inline: inline
                    ).report(store: "memory", to: reporter)
                }
                // W1 with UserOrders inline beside it (the write path above has no projection).
                var rates: [Double] = []
                for _ in 1...runs {
                    rates.append(
                        try await placeAndPayInline(
                            eventStore: InMemoryEventStore(), readStore: InMemoryReadStore(), orders: orders, clients: 1
                        ))
                }
                reporter.note("W1-inline: median \(groupDigits(median(rates))) events/s (UserOrders inline)")
                reporter.figure("W1-inline", store: "memory", value: median(rates), unit: "events/s", extra: events)
                // W1 with the order state-stored: its row in the in-memory read store, saved with its events.
                var stateRates: [Double] = []
                for _ in 1...runs {
                    stateRates.append(
                        try await placeAndPayStateStored(
                            eventStore: InMemoryEventStore(), readStore: InMemoryReadStore(), orders: orders, clients: 1
                        ))
                }
                reporter.note("W1-state: median \(groupDigits(median(stateRates))) events/s (the order state-stored)")
                reporter.figure(
                    "W1-state", store: "memory", value: median(stateRates), unit: "events/s", extra: events)
            }
        }
    }
}

private struct RuntimeMeasurement {
    var writeEventsPerSecond: Double
    var replayEventsPerSecond: Double
    /// Events per second of the process's CPU time: less sensitive to other load on the machine.
    var writeEventsPerCPUSecond: Double
    var replayEventsPerCPUSecond: Double
}

/// The CPU time the process has used, in seconds.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// One run: `orders` placed and paid, then (with a batch size) the UserOrders read model rebuilt.
private func measureOnce(orders: Int, batchSize: Int?) async throws -> RuntimeMeasurement {
    let eventStore = InMemoryEventStore()
    let processor = CommandProcessor(eventStore: eventStore)
    let definition = Shop.Order.Definition(OrderRules())
    let clock = ContinuousClock()

    let writeStart = clock.now
    let writeCPUStart = processCPUSeconds()
    try await placeAndPay(orders: orders, with: processor, definition: definition)
    let writeTime = clock.now - writeStart
    let writeCPU = processCPUSeconds() - writeCPUStart
    let events = try await eventStore.headPosition()
    guard events == Int64(orders * 2) else { throw ValidationError("expected \(orders * 2) events, found \(events)") }
    guard let batchSize else {
        return RuntimeMeasurement(
            writeEventsPerSecond: Double(events) / writeTime.seconds,
            replayEventsPerSecond: 0,
            writeEventsPerCPUSecond: Double(events) / writeCPU,
            replayEventsPerCPUSecond: 0
        )
    }

    let readStore = InMemoryReadStore()
    let runner = ProjectionRunner(
        projection: Shop.UserOrders.Projection(UserOrdersHandler()),
        eventStore: eventStore,
        readStore: readStore,
        configuration: ProjectionConfiguration(batchSize: batchSize)
    )
    let replayStart = clock.now
    let replayCPUStart = processCPUSeconds()
    try await runner.rebuild()
    let replayTime = clock.now - replayStart
    let replayCPU = processCPUSeconds() - replayCPUStart
    let rows = try await readStore.rows(in: "UserOrders", matching: [], orderBy: [], page: nil).rows
    guard rows.count == orders, try await readStore.checkpoint(of: "UserOrders") == events else {
        throw ValidationError("the rebuilt read model has \(rows.count) rows")
    }

    return RuntimeMeasurement(
        writeEventsPerSecond: Double(events) / writeTime.seconds,
        replayEventsPerSecond: Double(events) / replayTime.seconds,
        writeEventsPerCPUSecond: Double(events) / writeCPU,
        replayEventsPerCPUSecond: Double(events) / replayCPU
    )
}

/// `orders` orders placed then paid by one client through `processor`, one command at a time.
private func placeAndPay(orders: Int, with processor: CommandProcessor, definition: Shop.Order.Definition) async throws
{
    for index in 0..<orders {
        let place = Shop.PlaceOrder(userId: "user-\(index % 1_000)", items: ["book", "pen"], totalUSD: 12)
        try await processor.handle(place, with: definition)
        let pay = Shop.PayOrder(orderId: place.orderId, amountUSD: 12)
        try await processor.handle(pay, with: definition)
    }
}

/// `orders` orders placed then paid into `eventStore`.
private func placeAndPay(orders: Int, into eventStore: InMemoryEventStore) async throws {
    try await placeAndPay(
        orders: orders, with: CommandProcessor(eventStore: eventStore), definition: Shop.Order.Definition(OrderRules()))
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

private func report(_ name: String, _ wall: [Double], _ cpu: [Double], _ reporter: BenchmarkReporter) {
    reporter.note(
        "\(name): best \(groupDigits(wall.max()!)) events/s, median \(groupDigits(median(wall))) events/s; "
            + "per CPU second: best \(groupDigits(cpu.max()!)), median \(groupDigits(median(cpu)))"
    )
}

private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}
