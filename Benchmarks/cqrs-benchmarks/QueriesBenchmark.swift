import ArgumentParser
import CQRS
import CQRSPostgres
import CQRSSQLite
import Foundation
import GRDBSQLite
import Logging
import PostgresNIO

/// Filtered counts and watched queries, on one store per run.
struct QueriesBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queries",
        abstract:
            "A count under a prefix filter (against the raw engine and a walk over pages), and watched queries' latency.",
        discussion: """
            count        UserOrders holds --rows rows (10 per user, users user-0 …); the count of the rows whose
                         userId starts with "user-12" (1,110 rows) through ReadStore.count, per call
            count-raw    the same count as one SQL statement on the model's stable name, the engine's own API
                         (SQLite's C API, PostgresNIO): no count-raw in memory
            count-walk   what a custom count did before prefixes: every row read a page of 500 at a time,
                         counted in Swift
            W5           a watched count of one user's orders, UserOrders running live in this process: per
                         round, one order placed; milliseconds from the command's receipt to the watch
                         yielding the new count (p50, p99)
            W5-inline    the same with UserOrders inline (SQLite, PostgreSQL)
            W5-remote    PostgreSQL: the watch in a second store (its own pool and LISTEN connection, no
                         projection running), woken by the projector's commit NOTIFY: another process's view

            Build with: swift build -c release --product cqrs-benchmarks
            """
    )

    @OptionGroup var target: StoreOption

    @Option(help: "Rows of UserOrders for the counts.")
    var rows = 20_000

    @Option(help: "Counts timed (after 10% warm-up).")
    var countRounds = 200

    @Option(help: "Rounds of W5 (0: skip).")
    var watchRounds = 500

    @OptionGroup var output: JSONOption

    func run() throws {
        let (store, url) = try target.validated()
        let settings = QueriesBenchmarkSettings(
            store: store, url: url, rows: max(rows, 1_000), countRounds: max(countRounds, 10),
            watchRounds: max(watchRounds, 0), reporter: output.reporter)
        try blockOnBenchmark { try await runQueriesBenchmark(settings) }
    }
}

private struct QueriesBenchmarkSettings: Sendable {
    var store: String
    var url: String?
    var rows: Int
    var countRounds: Int
    var watchRounds: Int
    var reporter: BenchmarkReporter

    /// Reports milliseconds per call: the median and the 99th percentile.
    func report(_ name: String, _ samples: [Double], extra: [String: any Sendable] = [:]) {
        let p50 = percentile(samples, 0.5)
        let p99 = percentile(samples, 0.99)
        reporter.note(
            String(
                format: "%@ p50 %.3f ms, p99 %.3f ms over %d", name.padding(toLength: 11, withPad: " ", startingAt: 0),
                p50, p99, samples.count))
        reporter.figure("\(name)-p50", store: store, value: p50, unit: "ms", extra: extra)
        reporter.figure("\(name)-p99", store: store, value: p99, unit: "ms", extra: extra)
    }
}

/// The prefix of the counts, and how many rows have it at 10 rows per user.
private let countedPrefix = "user-12"

private func runQueriesBenchmark(_ settings: QueriesBenchmarkSettings) async throws {
    let runID = UUID().uuidString.prefix(8).lowercased()
    switch settings.store {
    case "memory":
        let store = InMemoryReadStore()
        try await measureCounts(store, settings, raw: nil)
        if settings.watchRounds > 0 {
            let events = InMemoryEventStore()
            settings.report(
                "W5", try await measureWatch(eventStore: events, readStore: InMemoryReadStore(), settings: settings))
        }
    case "sqlite":
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cqrs-queries-\(runID)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("counts.sqlite").path
        let store = try SQLiteStore(path: path)
        try await measureCounts(store, settings) { lower, upper in
            try sqliteCount(path: path, lower, upper, rounds: settings.countRounds)
        }
        if settings.watchRounds > 0 {
            for inline in [false, true] {
                let file = folder.appendingPathComponent("w5-\(inline).sqlite").path
                let store = try SQLiteStore(path: file)
                settings.report(
                    inline ? "W5-inline" : "W5",
                    try await measureWatch(eventStore: store, readStore: store, inline: inline, settings: settings))
            }
        }
    default:
        let url = settings.url!
        let configuration = try PostgresStoreConfiguration(url: url, schema: "bench_queries_\(runID)")
        let store = try PostgresStore(configuration: configuration)
        try store.start()
        defer { Task { await store.shutdown() } }
        try await store.prepareSchema()
        try await measureCounts(store, settings) { lower, upper in
            try await postgresCount(
                url: url, schema: "bench_queries_\(runID)", lower, upper, rounds: settings.countRounds)
        }
        guard settings.watchRounds > 0 else { return }
        for variant in ["W5", "W5-inline", "W5-remote"] {
            let schema = "bench_w5_\(variant.replacingOccurrences(of: "-", with: "_").lowercased())_\(runID)"
            let configuration = try PostgresStoreConfiguration(url: url, schema: schema)
            let projector = try PostgresStore(configuration: configuration)
            try projector.start()
            let watcher = variant == "W5-remote" ? try PostgresStore(configuration: configuration) : nil
            try watcher?.start()
            let samples = try await measureWatch(
                eventStore: projector, readStore: projector, inline: variant == "W5-inline", watcher: watcher,
                settings: settings)
            await watcher?.shutdown()
            await projector.shutdown()
            settings.report(variant, samples)
        }
    }
}

/// Fills UserOrders with `settings.rows` rows, then times the prefix count through the store, through
/// `raw` (when given: one call, which returns the milliseconds of each of its own counts), and by walking
/// every page.
private func measureCounts(
    _ store: any ReadStore, _ settings: QueriesBenchmarkSettings,
    raw: ((String, String) async throws -> [Double])?
) async throws {
    _ = try await store.prepare(Shop.UserOrders.schema)
    let placedAt = Date(timeIntervalSince1970: 1_714_554_000)
    let rows = (0..<settings.rows).map { index in
        Shop.UserOrders(
            orderId: UUID(), userId: "user-\(index / 10)", itemCount: 1, totalUSD: 12, status: .placed,
            placedAt: placedAt.addingTimeInterval(Double(index))
        ).columns
    }
    var checkpoint: Int64 = 0
    for chunk in stride(from: 0, to: rows.count, by: 5_000) {
        try await store.commit(
            rows[chunk..<min(chunk + 5_000, rows.count)].map { .upsert($0) }, to: Shop.UserOrders.name,
            expected: checkpoint, checkpoint: checkpoint + 1)
        checkpoint += 1
    }
    if let postgres = store as? PostgresStore {
        try await postgres.withConnection { connection in
            _ = try await connection.query("ANALYZE", logger: Logger(label: "cqrs.benchmark"))
        }
    }
    let expected = (0..<(settings.rows / 10)).filter { "user-\($0)".hasPrefix(countedPrefix) }.count * 10
    let filter = [Shop.UserOrders.Column.userId.startsWith(countedPrefix)]
    let clock = ContinuousClock()
    var samples: [Double] = []
    let warmUp = settings.countRounds / 10
    for round in 0..<(warmUp + settings.countRounds) {
        let start = clock.now
        let count = try await store.count(in: Shop.UserOrders.name, matching: filter)
        let elapsed = (clock.now - start).benchmarkMilliseconds
        guard count == expected else { throw ValidationError("the count is \(count), not \(expected)") }
        if round >= warmUp { samples.append(elapsed) }
    }
    let extra: [String: any Sendable] = ["rows": settings.rows, "counted": expected]
    settings.report("count", samples, extra: extra)
    if let raw {
        let upper = FilterConditions.successor(ofPrefix: countedPrefix)!
        settings.report("count-raw", try await raw(countedPrefix, upper), extra: extra)
    }
    // A custom count before prefixes: read every row, a page at a time, and count in Swift.
    var walks: [Double] = []
    let reader = ReadModelReader<Shop.UserOrders>(store: store)
    for _ in 0..<3 {
        let start = clock.now
        var counted = 0
        for try await order in PagedRows(first: .first(500), read: { try await reader.all(orderBy: [], page: $0) })
        where order.userId.hasPrefix(countedPrefix) {
            counted += 1
        }
        guard counted == expected else { throw ValidationError("the walk counted \(counted), not \(expected)") }
        walks.append((clock.now - start).benchmarkMilliseconds)
    }
    settings.report("count-walk", walks, extra: extra)
}

/// The prefix count as one statement on the stable name, through SQLite's C API: milliseconds per count.
private func sqliteCount(path: String, _ lower: String, _ upper: String, rounds: Int) throws -> [Double] {
    var connection: OpaquePointer?
    guard sqlite3_open(path, &connection) == SQLITE_OK, let connection else {
        throw ValidationError("cannot open \(path)")
    }
    defer { sqlite3_close(connection) }
    var statement: OpaquePointer?
    let sql = "SELECT count(*) FROM rm_UserOrders WHERE userId >= ?1 AND userId < ?2"
    guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
        throw ValidationError("cannot prepare the count: \(String(cString: sqlite3_errmsg(connection)))")
    }
    defer { sqlite3_finalize(statement) }
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    let clock = ContinuousClock()
    var samples: [Double] = []
    for round in 0..<(rounds + rounds / 10) {
        let start = clock.now
        sqlite3_bind_text(statement, 1, lower, -1, transient)
        sqlite3_bind_text(statement, 2, upper, -1, transient)
        guard sqlite3_step(statement) == SQLITE_ROW else { throw ValidationError("the raw count failed") }
        _ = sqlite3_column_int64(statement, 0)
        sqlite3_reset(statement)
        if round >= rounds / 10 { samples.append((clock.now - start).benchmarkMilliseconds) }
    }
    return samples
}

/// The prefix count as one statement on the stable name, through PostgresNIO: milliseconds per count.
private func postgresCount(url: String, schema: String, _ lower: String, _ upper: String, rounds: Int) async throws
    -> [Double]
{
    let base = try PostgresStoreConfiguration(url: url, schema: schema)
    let client = PostgresClient(
        configuration: .init(
            host: base.host, port: base.port, username: base.username, password: base.password,
            database: base.database, tls: .disable))
    return try await withThrowingTaskGroup(of: [Double]?.self) { group in
        group.addTask {
            await client.run()
            return nil
        }
        defer { group.cancelAll() }
        let logger = Logger(label: "cqrs.benchmark")
        let clock = ContinuousClock()
        var samples: [Double] = []
        for round in 0..<(rounds + rounds / 10) {
            let start = clock.now
            let rows = try await client.query(
                "SELECT count(*) FROM \(unescaped: schema).\"rm_UserOrders\" WHERE \"userId\" >= \(lower) AND \"userId\" < \(upper)",
                logger: logger
            ).collect()
            _ = try rows.first?.decode(Int64.self)
            if round >= rounds / 10 { samples.append((clock.now - start).benchmarkMilliseconds) }
        }
        return samples
    }
}

/// W5: a watched count of one user's orders while UserOrders runs live (inline, or async in this process);
/// per round one order is placed, and the time from the receipt to the watch yielding the new count is a
/// sample. With `watcher`, the watch runs in that store (no projection running there).
private func measureWatch(
    eventStore: any EventStore, readStore: any ReadStore, inline: Bool = false, watcher: PostgresStore? = nil,
    settings: QueriesBenchmarkSettings
) async throws -> [Double] {
    let projection: any ReadModelProjection =
        inline ? InlineUserOrders() : Shop.UserOrders.Projection(UserOrdersHandler())
    let engine = try Engine(eventStore: eventStore, readStore: readStore, projections: [projection])
    let watching = try watcher.map { try Engine(eventStore: $0, readStore: $0, projections: [projection]) } ?? engine
    let definition = Shop.Order.Definition(OrderRules())
    let clock = ContinuousClock()
    return try await engine.withProjectionsRunning {
        let reader = watching.reader(Shop.UserOrders.self)
        let filter = [Shop.UserOrders.Column.userId.equals("w5")]
        var answers = watching.watch(projection: Shop.UserOrders.name) {
            try await reader.count(matching: filter)
        }.makeAsyncIterator()
        guard var count = try await answers.next()?.answer else { throw ValidationError("the watch ended") }
        let warmUp = min(settings.watchRounds / 10, 50)
        var samples: [Double] = []
        for round in 0..<(warmUp + settings.watchRounds) {
            let place = Shop.PlaceOrder(userId: "w5", items: ["book"], totalUSD: 12)
            _ = try await engine.commands.handle(place, with: definition)
            let sent = clock.now
            while count <= round {
                guard let next = try await answers.next() else { throw ValidationError("the watch ended") }
                count = next.answer
            }
            if round >= warmUp { samples.append((clock.now - sent).benchmarkMilliseconds) }
        }
        return samples
    }
}
