import ArgumentParser
import CQRS
import CQRSPostgres
import CQRSSQLite
import Foundation

/// Reactions on one store per run: their throughput, the latency from an event to its reaction's command,
/// and the Bank transfer workflow, each next to W1 measured in the same run on the same store.
struct ReactionsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reactions",
        abstract: "Reaction throughput (R1), event → reaction's command latency (R2) and a workflow (R3).",
        discussion: """
            R-W1   W1 of this run: orders placed then paid by one client, one command per transaction,
                   commands per second (each command appends one event) on a fresh store: the yardstick
            R1     --orders OrderPlaced events appended first; then a reaction (PayOnPlaced: each
                   OrderPlaced sends PayOrder for its order) starts from the beginning, and the clock runs
                   until its checkpoint passes the last of them: events delivered per second (R1) and
                   PayOrder commands accepted per second (R1-commands)
            R2     the runners live, one order placed at a time by one client: milliseconds from the
                   PlaceOrder append's return to the reaction's PayOrder being appended, observed through
                   the store's appendNotifications() (the head passing the order's position; a notified
                   head that does not is checked against headPosition()); p50, p99
            R3     the Bank transfer workflow (four reactions: DebitPayer, MarkDebited, CreditPayee,
                   CompleteOnCredit) as Bank.Application assembles it, with its three read models:
                   --accounts accounts opened, then --transfers RequestTransfer sent by one client;
                   transfers per second from the first send until engine.waitUntilSettled returns
                   (each transfer is five commands, five events)
            R3-reactions  the same with the four reactions only (no read models)

            Build with: swift build -c release --product cqrs-benchmarks
            """
    )

    @OptionGroup var target: StoreOption

    @Option(
        help:
            "Orders appended before R1 starts, and W1's orders (default: 20,000 memory, 2,000 SQLite, 1,000 PostgreSQL)."
    )
    var orders: Int?

    @Option(help: "Rounds of R2 (after 10% warm-up, at most 50; 0: skip).")
    var latencyRounds = 500

    @Option(help: "Transfers of R3 (default: 2,000 memory, 500 SQLite, 300 PostgreSQL; 0: skip).")
    var transfers: Int?

    @Option(help: "Accounts of R3.")
    var accounts = 100

    @Option(help: "Reaction batch size (events per read of the log).")
    var batchSize = ReactionConfiguration().batchSize

    @OptionGroup var output: JSONOption

    func run() throws {
        let (store, url) = try target.validated()
        let defaultOrders = ["memory": 20_000, "sqlite": 2_000, "postgres": 1_000][store]!
        let defaultTransfers = ["memory": 2_000, "sqlite": 500, "postgres": 300][store]!
        let settings = ReactionsBenchmarkSettings(
            store: store, url: url, orders: max(orders ?? defaultOrders, 10), latencyRounds: max(latencyRounds, 0),
            transfers: max(transfers ?? defaultTransfers, 0), accounts: max(accounts, 2), batchSize: batchSize,
            reporter: output.reporter)
        try blockOnBenchmark { try await runReactionsBenchmark(settings) }
    }
}

private struct ReactionsBenchmarkSettings: Sendable {
    var store: String
    var url: String?
    var orders: Int
    var latencyRounds: Int
    var transfers: Int
    var accounts: Int
    var batchSize: Int
    var reporter: BenchmarkReporter

    var engineConfiguration: EngineConfiguration {
        EngineConfiguration(reactions: ReactionConfiguration(batchSize: batchSize))
    }

    /// Reports a rate, and its ratio to W1 of the same run.
    func report(_ name: String, _ value: Double, unit: String, w1: Double?, extra: [String: any Sendable] = [:]) {
        var line = "\(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(groupDigits(value)) \(unit)"
        var extra = extra
        if let w1, w1 > 0 {
            line += String(format: "  (%.2f× W1's %@ commands/s)", value / w1, groupDigits(w1))
            extra["ratio_to_W1"] = value / w1
        }
        reporter.note(line)
        reporter.figure(name, store: store, value: value, unit: unit, extra: extra)
    }

    /// Reports milliseconds: the median and the 99th percentile.
    func report(_ name: String, latencies samples: [Double]) {
        let p50 = percentile(samples, 0.5)
        let p99 = percentile(samples, 0.99)
        reporter.note(
            String(
                format: "%@ p50 %.3f ms, p99 %.3f ms over %d", name.padding(toLength: 16, withPad: " ", startingAt: 0),
                p50, p99, samples.count))
        let extra: [String: any Sendable] = ["samples": samples.count]
        reporter.figure("\(name)-p50", store: store, value: p50, unit: "ms", extra: extra)
        reporter.figure("\(name)-p99", store: store, value: p99, unit: "ms", extra: extra)
    }
}

/// Fresh stores of one kind, one per workload.
private struct ReactionStores: Sendable {
    var kind: String
    var folder: URL
    var url: String?
    var runID: String

    /// Runs `body` with a fresh event store and read store (the same database for SQLite and PostgreSQL).
    func with<T: Sendable>(_ name: String, _ body: (any EventStore, any ReadStore) async throws -> T) async throws
        -> T
    {
        switch kind {
        case "memory":
            return try await body(InMemoryEventStore(), InMemoryReadStore())
        case "sqlite":
            let store = try SQLiteStore(path: folder.appendingPathComponent("\(name).sqlite").path)
            return try await body(store, store)
        default:
            let configuration = try PostgresStoreConfiguration(
                url: url!, schema: "bench_reactions_\(name.lowercased())_\(runID)")
            return try await withStartedStore(configuration: configuration) { store in
                try await store.prepareSchema()
                return try await body(store, store)
            }
        }
    }
}

private func runReactionsBenchmark(_ settings: ReactionsBenchmarkSettings) async throws {
    let runID = UUID().uuidString.prefix(8).lowercased()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cqrs-reactions-\(runID)")
    if settings.store == "sqlite" {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    defer { if settings.store == "sqlite" { try? FileManager.default.removeItem(at: folder) } }
    let stores = ReactionStores(kind: settings.store, folder: folder, url: settings.url, runID: String(runID))

    if settings.store == "memory" {
        // Warm-up, not reported: the first thousands of commands of a process are slower.
        _ = try await placeAndPayConcurrently(eventStore: InMemoryEventStore(), orders: 2_000, clients: 1)
    }
    // W1 as the other subcommands measure it: one client, each order placed then paid.
    let cpuBefore = processCPUSeconds()
    let w1 = try await stores.with("w1") { eventStore, _ in
        try await placeAndPayConcurrently(eventStore: eventStore, orders: settings.orders, clients: 1)
    }
    let w1CPU = processCPUSeconds() - cpuBefore
    settings.report(
        "R-W1", w1, unit: "commands/s", w1: nil,
        extra: ["orders": settings.orders, "cpu_commands_per_second": Double(settings.orders * 2) / w1CPU])

    try await stores.with("r1") { eventStore, readStore in
        try await measureThroughputAndLatency(eventStore: eventStore, readStore: readStore, w1: w1, settings)
    }
    try await stores.with("r1_warm") { eventStore, readStore in
        try await measureWarmThroughput(eventStore: eventStore, readStore: readStore, w1: w1, settings)
    }

    guard settings.transfers > 0 else { return }
    var goalR3: Double = 0
    for projections in [true, false] {
        let rate = try await stores.with(projections ? "r3" : "r3_reactions") { eventStore, readStore in
            try await measureWorkflow(
                eventStore: eventStore, readStore: readStore, withReadModels: projections, settings)
        }
        settings.report(
            projections ? "R3" : "R3-reactions", rate.transfersPerSecond, unit: "transfers/s", w1: w1,
            extra: [
                "transfers": settings.transfers, "accounts": settings.accounts, "send_seconds": rate.sendSeconds,
                "seconds": rate.seconds,
            ])
        if projections { goalR3 = rate.transfersPerSecond }
        if let writes = rate.writes {
            let transfers = Double(settings.transfers)
            settings.reporter.note(
                "\(projections ? "R3" : "R3-reactions") writes: "
                    + String(
                        format:
                            "%.2f transactions per transfer carrying %.2f appends and %.2f model commits (largest %d)",
                        Double(writes.transactions) / transfers, Double(writes.appends) / transfers,
                        Double(writes.modelCommits) / transfers, writes.largestGroup))
        }
    }
    if settings.store == "sqlite" {
        settings.reporter.note(
            "goal: R3 >= W1 / 3 on SQLite: \(goalR3 >= w1 / 3 ? "met" : "missed") (\(groupDigits(goalR3)) transfers/s against \(groupDigits(w1 / 3)))"
        )
    }
}

// MARK: R1 and R2

/// Pays each order placed: one PayOrder per OrderPlaced, sent like a generated reaction sends its commands.
private struct PayOnPlaced: EventReaction {
    typealias Command = Shop.PayOrder

    let order: Shop.Order.Definition

    var name: String { "PayOnPlaced" }
    var eventTypes: Set<String> { [Shop.Order.OrderPlaced.eventType] }
    var start: ReactionStart { .beginning }

    func react(to event: RecordedEvent) async throws -> [Shop.PayOrder] {
        let context = try EventContext<Shop.Order.ID>(event)
        let placed: Shop.Order.OrderPlaced = try event.decode()
        return [Shop.PayOrder(orderId: context.streamID, amountUSD: placed.totalUSD)]
    }

    func send(_ command: Shop.PayOrder, through processor: CommandProcessor, options: CommandOptions) async throws
        -> CommandOutcome
    {
        try await processor.submit(command, with: order, options: options)
    }

    func name(of command: Shop.PayOrder) -> String { Shop.PayOrder.commandName }
}

/// R1-warm: as R1, but the orders are placed through the engine's own command processor, whose state cache
/// holds them all: each PayOrder finds its order in memory, as a reaction that keeps up with the log finds
/// the aggregate the command before it just wrote (and as W1's PayOrder does). R1 pays for loading each
/// order from the store instead (reading and decoding its events), which is the cost of a cold aggregate,
/// not of the reaction.
private func measureWarmThroughput(
    eventStore: any EventStore, readStore: any ReadStore, w1: Double, _ settings: ReactionsBenchmarkSettings
) async throws {
    let definition = Shop.Order.Definition(OrderRules())
    var configuration = settings.engineConfiguration
    // The cache keeps two generations of half its capacity each: the orders survive a full pass over them,
    // placed and then paid, only when one generation holds them all.
    configuration.commands = CommandConfiguration(stateCacheCapacity: 2 * settings.orders + 1_000)
    let engine = try Engine(
        eventStore: eventStore, readStore: readStore, projections: [], reactions: [PayOnPlaced(order: definition)],
        configuration: configuration)
    try await placeOrders(settings.orders, through: engine.commands, definition: definition)
    try await timeCatchUp("R1-warm", engine: engine, w1: w1, settings) {}
}

/// Places `count` orders, one at a time.
private func placeOrders(_ count: Int, through processor: CommandProcessor, definition: Shop.Order.Definition)
    async throws
{
    for index in 0..<count {
        let place = Shop.PlaceOrder(userId: "user-\(index % 1_000)", items: ["book", "pen"], totalUSD: 12)
        try await processor.handle(place, with: definition)
    }
}

/// Runs the engine's PayOnPlaced from the beginning of a log of `settings.orders` placed orders, timed until
/// its checkpoint passes them; checks that it paid each order once, reports the rate as `name` (and
/// `name-commands`), then runs `then` with the engine still running.
private func timeCatchUp(
    _ name: String, engine: Engine, w1: Double, _ settings: ReactionsBenchmarkSettings,
    then: () async throws -> Void
) async throws {
    let eventStore = engine.eventStore
    let placed = try await eventStore.headPosition()
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = processCPUSeconds()
    try await engine.withProjectionsRunning {
        try await engine.waitUntil(reaction: "PayOnPlaced", hasProcessed: placed, timeout: .seconds(600))
        let elapsed = (clock.now - start).benchmarkSecondsValue
        let cpu = processCPUSeconds() - cpuStart
        try await eventStore.waitUntilReadable(through: try await eventStore.headPosition())
        let appended = try await eventStore.countEvents(after: placed, atMost: .max)
        guard appended == settings.orders else {
            throw ValidationError("\(name): the reaction appended \(appended) events for \(settings.orders) orders")
        }
        let rate = Double(settings.orders) / elapsed
        let extra: [String: any Sendable] = [
            "events": settings.orders, "seconds": elapsed, "batch_size": settings.batchSize,
            "cpu_events_per_second": Double(settings.orders) / cpu,
        ]
        settings.reporter.note(
            "\(name) per CPU second of the process: \(groupDigits(Double(settings.orders) / cpu)) events "
                + "(\(String(format: "%.2f", cpu / elapsed)) cores busy)")
        settings.report(name, rate, unit: "events/s", w1: w1, extra: extra)
        settings.report("\(name)-commands", rate, unit: "commands/s", w1: w1, extra: extra)
        if settings.store == "memory" {
            settings.reporter.note("goal: \(name) >= W1 / 2 in memory: \(rate >= w1 / 2 ? "met" : "missed")")
        }
        try await then()
    }
}

/// R1: `settings.orders` orders placed, then PayOnPlaced started from the beginning and timed until its
/// checkpoint passes them. R2: then, with it live, one order at a time, the time from the append's return
/// to the reaction's PayOrder append.
private func measureThroughputAndLatency(
    eventStore: any EventStore, readStore: any ReadStore, w1: Double, _ settings: ReactionsBenchmarkSettings
) async throws {
    let definition = Shop.Order.Definition(OrderRules())
    try await placeOrders(settings.orders, through: CommandProcessor(eventStore: eventStore), definition: definition)
    let engine = try Engine(
        eventStore: eventStore, readStore: readStore, projections: [],
        reactions: [PayOnPlaced(order: definition)], configuration: settings.engineConfiguration)
    let placed = try await eventStore.headPosition()
    let clock = ContinuousClock()
    try await timeCatchUp("R1", engine: engine, w1: w1, settings) {
        guard settings.latencyRounds > 0 else { return }
        // The head after each append, this process's at once: the PayOrder's append is the first after the
        // order's, since nothing else writes. The store's head is read only when a notification is not past it.
        var heads = eventStore.appendNotifications().makeAsyncIterator()
        let warmUp = min(settings.latencyRounds / 10, 50)
        var samples: [Double] = []
        for round in 0..<(warmUp + settings.latencyRounds) {
            let place = Shop.PlaceOrder(userId: "r2", items: ["book"], totalUSD: 12)
            let receipt = try await engine.commands.handle(place, with: definition)
            let returned = clock.now
            // A notification only wakes the loop: the heads of two appends racing may arrive out of order (the
            // older one last, replacing the newer in the buffer), so a head not past the order is checked
            // against the store's.
            while true {
                guard let next = await heads.next() else { throw ValidationError("R2: the notifications ended") }
                if next > receipt.position { break }
                if try await eventStore.headPosition() > receipt.position { break }
            }
            if round >= warmUp { samples.append((clock.now - returned).benchmarkMilliseconds) }
        }
        let rounds = warmUp + settings.latencyRounds
        try await engine.waitUntil(
            reaction: "PayOnPlaced", hasProcessed: try await eventStore.headPosition(), timeout: .seconds(60))
        let total = try await eventStore.countEvents(after: placed, atMost: .max)
        guard total == settings.orders + 2 * rounds else {
            throw ValidationError("R2: \(total) events after R1's orders, not \(settings.orders + 2 * rounds)")
        }
        settings.report("R2", latencies: samples)
        if settings.store == "sqlite" {
            settings.reporter.note(
                "goal: R2 p99 <= 10 ms on SQLite: \(percentile(samples, 0.99) <= 10 ? "met" : "missed")")
        }
    }
}

// MARK: R3

private struct WorkflowRate: Sendable {
    var transfersPerSecond: Double
    var sendSeconds: Double
    var seconds: Double
    /// SQLite: the write transactions (each one WAL sync) per transfer, and what they carried.
    var writes: SQLiteStoreStatistics?
}

/// R3: the accounts opened, then the transfers sent by one client and the workflow settled; transfers per
/// second. Checks that every transfer completed (five events each).
private func measureWorkflow(
    eventStore: any EventStore, readStore: any ReadStore, withReadModels: Bool, _ settings: ReactionsBenchmarkSettings
) async throws -> WorkflowRate {
    let account = Bank.Account.Definition(AccountRules())
    let transfer = Bank.Transfer.Definition(TransferRules())
    let engine: Engine
    if withReadModels {
        engine = try Bank.Application(
            eventStore: eventStore, readStore: readStore, configuration: settings.engineConfiguration
        ).engine
    } else {
        engine = try Engine(
            eventStore: eventStore, readStore: readStore, projections: [],
            reactions: [
                Bank.DebitPayer.Reaction(DebitPayerSteps(), accountDefinition: account, transferDefinition: transfer),
                Bank.MarkDebited.Reaction(transferDefinition: transfer),
                Bank.CreditPayee.Reaction(CreditPayeeSteps(), accountDefinition: account, transferDefinition: transfer),
                Bank.CompleteOnCredit.Reaction(transferDefinition: transfer),
            ],
            configuration: settings.engineConfiguration)
    }
    let accounts = settings.accounts
    return try await engine.withProjectionsRunning {
        for index in 0..<accounts {
            let open = Bank.OpenAccount(
                accountId: "account-\(index)", owner: "owner \(index)", initialDepositCents: 100_000_000)
            try await engine.commands.handle(open, with: account)
        }
        try await engine.waitUntilSettled(timeout: .seconds(60))
        let opened = try await eventStore.headPosition()
        let statisticsBefore = (eventStore as? SQLiteStore)?.statistics
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<settings.transfers {
            // A payee other than the payer: an offset of 1 … accounts - 1.
            let payee = (index + 1 + (index / accounts) % (accounts - 1)) % accounts
            let request = Bank.RequestTransfer(
                fromAccount: "account-\(index % accounts)", toAccount: "account-\(payee)", amountCents: 100)
            try await engine.commands.handle(request, with: transfer)
        }
        let sent = (clock.now - start).benchmarkSecondsValue
        try await engine.waitUntilSettled(timeout: .seconds(600))
        let elapsed = (clock.now - start).benchmarkSecondsValue
        let events = try await eventStore.countEvents(after: opened, atMost: .max)
        guard events == 5 * settings.transfers else {
            throw ValidationError("R3: \(events) events for \(settings.transfers) transfers, not 5 each")
        }
        var writes: SQLiteStoreStatistics?
        if let before = statisticsBefore, let after = (eventStore as? SQLiteStore)?.statistics {
            writes = SQLiteStoreStatistics(
                appends: after.appends - before.appends,
                appendTransactions: after.appendTransactions - before.appendTransactions,
                modelCommits: after.modelCommits - before.modelCommits,
                transactions: after.transactions - before.transactions, largestGroup: after.largestGroup)
        }
        return WorkflowRate(
            transfersPerSecond: Double(settings.transfers) / elapsed, sendSeconds: sent, seconds: elapsed,
            writes: writes)
    }
}
