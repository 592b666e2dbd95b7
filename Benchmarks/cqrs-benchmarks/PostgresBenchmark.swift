import ArgumentParser
import CQRS
import CQRSPostgres
import Dispatch
import Foundation
import PostgresNIO

/// The PostgreSQL store against the raw engine, in one run on one server: single-writer and 8-writer
/// command throughput against raw INSERT loops and pgbench, and a read model rebuild.
struct PostgresBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "PostgresStore throughput (W1, W1c, W2) next to raw INSERT loops and pgbench, in one run.",
        discussion: """
            Durable: the server's settings as they are (fsync and synchronous_commit on). Every figure is
            measured in the same run against the same server, each workload in a schema of its own:

              raw-1       one INSERT per transaction (autocommit), one connection, postgres-nio
              raw-1000    1,000 INSERTs per transaction, one connection
              pgbench-1   pgbench -c 1 with a one-INSERT script (if pgbench is found)
              pgbench-8   pgbench -c 8 -j 2 with the same script
              append-1    pgbench -c 1 calling the store's own append procedure: one
                          append of one event to a random stream per transaction
              append-8    the same with 8 connections (independent writers, as
                          several processes or machines are)
              W1          orders placed then paid, one command per transaction, one client
              W1c         the same with 8 concurrent clients
              W2          rebuild of UserOrders from the log W1 wrote (2 events per order)

            Build with: swift build -c release --product cqrs-benchmarks
            Run against scripts/with-postgres: scripts/with-postgres .build/release/cqrs-benchmarks postgres
            """
    )

    @Option(help: "The server (default: CQRS_POSTGRES_URL).")
    var url: String?

    @Option(help: "Orders for W1 and W1c (each is two commands, two events).")
    var orders = 10_000

    @Option(help: "Concurrent clients for W1c and pgbench.")
    var clients = 8

    @Option(help: "Seconds for each raw loop and pgbench run.")
    var seconds = 10

    @Option(help: "Projection batch size for W2.")
    var batchSize = 500

    @Option(
        help: "Rounds of W2 and of the reads (the median is reported; more rounds make them the bulk of a profile).")
    var w2Rounds = 1

    @Option(help: "The pgbench executable (default: /usr/lib/postgresql/15/bin/pgbench, then PATH).")
    var pgbench: String?

    /// Rounds of W3 (0: no W3).
    @Option(help: "Rounds of W3, read-your-writes with the projection running live in-process (0: skip).")
    var w3Rounds = 2_000

    /// Orders read by the state(of:in:) latency measurement (0: skip it).
    @Option(help: "Orders read back by state(of:in:) for its latency, each kind (0: skip).")
    var stateReads = 2_000

    /// Counts the server's transactions and WAL flushes per command around W1 and W1c.
    @Flag(help: "Count the server's commits and WAL flushes per command around W1 and W1c (waits 11 s around each).")
    var counters = false

    @OptionGroup var output: JSONOption

    func run() throws {
        guard let url = url ?? ProcessInfo.processInfo.environment["CQRS_POSTGRES_URL"] else {
            throw ValidationError("give --url or set CQRS_POSTGRES_URL")
        }
        let settings = BenchmarkSettings(
            url: url, orders: orders, clients: max(clients, 1), seconds: max(seconds, 1), batchSize: batchSize,
            w2Rounds: w2Rounds,
            pgbench: pgbench, w3Rounds: w3Rounds, counters: counters, stateReads: stateReads, reporter: output.reporter)
        try blockOnBenchmark { try await runPostgresBenchmark(settings) }
    }
}

/// The payload of every raw INSERT: the size of an OrderPlaced event.
private let rawPayload =
    "{\"userId\":\"user-1\",\"items\":[\"book\",\"pen\"],\"totalUSD\":12,\"placedAt\":1714564800.25}"

private struct BenchmarkSettings: Sendable {
    var url: String
    var orders: Int
    var clients: Int
    var seconds: Int
    var batchSize: Int
    var w2Rounds: Int
    var pgbench: String?
    var w3Rounds: Int
    var counters: Bool
    var stateReads: Int
    var reporter: BenchmarkReporter
}

private func runPostgresBenchmark(_ settings: BenchmarkSettings) async throws {
    let base = try PostgresStoreConfiguration(url: settings.url)
    let runID = String(UUID().uuidString.lowercased().prefix(8))
    let reporter = settings.reporter
    func report(
        _ name: String, _ value: Double, unit: String, against raws: [(String, Double?)] = [],
        extra: [String: any Sendable] = [:]
    ) {
        var line =
            "\(name.padding(toLength: max(name.count, 10), withPad: " ", startingAt: 0)) \(groupDigits(value)) \(unit)"
        for case (let rawName, let raw?) in raws where raw > 0 {
            line += String(format: "  (%.0f%% of %@ %@)", value / raw * 100, rawName, groupDigits(raw))
        }
        reporter.note(line)
        reporter.figure(name, store: "postgres", value: value, unit: unit, extra: extra)
    }
    var clientConfiguration = PostgresClient.Configuration(
        host: base.host, port: base.port, username: base.username, password: base.password,
        database: base.database, tls: .disable)
    clientConfiguration.options.maximumConnections = settings.clients + 2
    let client = PostgresClient(configuration: clientConfiguration)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        let logger = Logger(label: "cqrs.benchmark")
        let rawSchema = "bench_raw_\(runID)"
        _ = try await client.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(rawSchema)"), logger: logger)
        _ = try await client.query(
            PostgresQuery(
                unsafeSQL: "CREATE TABLE \(rawSchema).raw (id bigserial PRIMARY KEY, payload bytea NOT NULL)"),
            logger: logger)
        let payload = ByteBuffer(string: rawPayload)
        let version = try await client.query("SHOW server_version", logger: logger).collect().first?.decode(String.self)
        let sync = try await client.query("SHOW synchronous_commit", logger: logger).collect().first?.decode(
            String.self)
        let fsync = try await client.query("SHOW fsync", logger: logger).collect().first?.decode(String.self)
        reporter.note("PostgreSQL \(version ?? "?"), fsync=\(fsync ?? "?"), synchronous_commit=\(sync ?? "?")")

        // Raw: one INSERT per transaction, one connection.
        let raw1 = try await client.withConnection { connection in
            try await timedLoop(seconds: settings.seconds) {
                try await connection.query(
                    "INSERT INTO \(unescaped: rawSchema).raw (payload) VALUES (\(payload))", logger: logger)
                return 1
            }
        }
        report("raw-1", raw1, unit: "transactions/s")

        // Raw: 1,000 INSERTs per transaction.
        let raw1000 = try await client.withConnection { connection in
            try await timedLoop(seconds: settings.seconds) {
                try await connection.query("BEGIN", logger: logger)
                for _ in 0..<1_000 {
                    try await connection.query(
                        "INSERT INTO \(unescaped: rawSchema).raw (payload) VALUES (\(payload))", logger: logger)
                }
                try await connection.query("COMMIT", logger: logger)
                return 1_000
            }
        }
        report("raw-1000", raw1000, unit: "rows/s")

        // pgbench with the same INSERT, then with the store's own append procedure.
        var pgbench1: Double?
        var pgbench8: Double?
        if let executable = findPgbench(settings.pgbench) {
            let hex = rawPayload.utf8.map { String(format: "%02x", $0) }.joined()
            let insert = "INSERT INTO \(rawSchema).raw (payload) VALUES (decode('\(hex)', 'hex'));\n"
            pgbench1 = try runPgbench(executable, base: base, script: insert, clients: 1, seconds: settings.seconds)
            pgbench8 = try runPgbench(
                executable, base: base, script: insert, clients: settings.clients, seconds: settings.seconds)
            if let pgbench1 { report("pgbench-1", pgbench1, unit: "transactions/s") }
            if let pgbench8 {
                report(
                    "pgbench-\(settings.clients)", pgbench8, unit: "transactions/s",
                    extra: ["clients": settings.clients])
            }
            var appendConfiguration = try PostgresStoreConfiguration(url: settings.url, schema: "bench_append_\(runID)")
            appendConfiguration.maximumConnections = 2
            try await withStartedStore(configuration: appendConfiguration) { try await $0.prepareSchema() }
            let append = appendScript(schema: appendConfiguration.schema)
            let append1 = try runPgbench(executable, base: base, script: append, clients: 1, seconds: settings.seconds)
            let append8 = try runPgbench(
                executable, base: base, script: append, clients: settings.clients, seconds: settings.seconds)
            if let append1 {
                report("append-1", append1, unit: "appends/s", against: [("pgbench-1", pgbench1)])
            }
            if let append8 {
                report(
                    "append-\(settings.clients)", append8, unit: "appends/s",
                    against: [("pgbench-\(settings.clients)", pgbench8), ("append-1", append1)],
                    extra: ["clients": settings.clients])
            }
        } else {
            reporter.note("pgbench: not found (pass --pgbench)")
        }

        // W1: one client.
        var storeConfiguration = try PostgresStoreConfiguration(url: settings.url, schema: "bench_w1_\(runID)")
        storeConfiguration.maximumConnections = settings.clients + 2
        let (w1, w2, inMemoryRebuild, rawRead, filteredRead, w2Each, w2Both) = try await withStartedStore(
            configuration: storeConfiguration
        ) {
            store in
            try await store.prepareSchema()
            let before = settings.counters ? try await serverCounters(client, logger: logger) : nil
            let w1 = try await placeAndPayConcurrently(eventStore: store, orders: settings.orders, clients: 1)
            if let before {
                let after = try await serverCounters(client, logger: logger)
                reportCounters("W1", before: before, after: after, commands: settings.orders * 2, reporter: reporter)
            }
            let events = try await store.countEvents(after: 0, atMost: .max)
            let w2 = try await medianOfRounds(settings.w2Rounds) {
                try await rebuildUserOrders(
                    eventStore: store, readStore: store, batchSize: settings.batchSize, events: events)
            }
            let inMemory = try await medianOfRounds(settings.w2Rounds) {
                try await rebuildUserOrders(
                    eventStore: store, readStore: InMemoryReadStore(), batchSize: settings.batchSize, events: events)
            }
            let rawRead = try await medianOfRounds(settings.w2Rounds) {
                try await readWholeLog(store, batchSize: settings.batchSize, events: events)
            }
            let filteredRead = try await medianOfRounds(settings.w2Rounds) {
                try await readWholeLog(
                    store, batchSize: settings.batchSize, events: events,
                    eventTypes: Shop.UserOrders.Projection(UserOrdersHandler()).eventTypes)
            }
            let w2Each = try await medianOfRounds(settings.w2Rounds) {
                try await rebuildBothProjections(
                    eventStore: store, readStore: store, batchSize: settings.batchSize, events: events, together: false)
            }
            let w2Both = try await medianOfRounds(settings.w2Rounds) {
                try await rebuildBothProjections(
                    eventStore: store, readStore: store, batchSize: settings.batchSize, events: events, together: true)
            }
            return (w1, w2, inMemory, rawRead, filteredRead, w2Each, w2Both)
        }
        let w1Events: [String: any Sendable] = ["events": settings.orders * 2, "orders": settings.orders]
        report("W1", w1, unit: "events/s", against: [("raw-1", raw1), ("pgbench-1", pgbench1)], extra: w1Events)

        // W1-inline: one client, UserOrders inline.
        storeConfiguration.schema = "bench_w1i_\(runID)"
        let w1Inline = try await withStartedStore(configuration: storeConfiguration) { store in
            try await store.prepareSchema()
            return try await placeAndPayInline(eventStore: store, readStore: store, orders: settings.orders, clients: 1)
        }
        report("W1-inline", w1Inline, unit: "events/s", against: [("W1", w1)], extra: w1Events)

        // W1-state: one client, the order state-stored.
        storeConfiguration.schema = "bench_w1s_\(runID)"
        let w1State = try await withStartedStore(configuration: storeConfiguration) { store in
            try await store.prepareSchema()
            return try await placeAndPayStateStored(
                eventStore: store, readStore: store, orders: settings.orders, clients: 1)
        }
        report("W1-state", w1State, unit: "events/s", against: [("W1", w1)], extra: w1Events)

        // state(of:in:) with nothing cached: an event-sourced order's events, a state-stored order's row.
        if settings.stateReads > 0 {
            for stateStored in [false, true] {
                storeConfiguration.schema = "bench_state_\(stateStored ? "row" : "events")_\(runID)"
                let latency = try await withStartedStore(configuration: storeConfiguration) { store in
                    try await store.prepareSchema()
                    return try await stateReadLatency(
                        eventStore: store, readStore: store, stateStored: stateStored, reads: settings.stateReads)
                }
                let kind = stateStored ? "row" : "events"
                report("state-of-\(kind)-p50", latency.p50, unit: "µs", extra: ["reads": settings.stateReads])
                report("state-of-\(kind)-p99", latency.p99, unit: "µs", extra: ["reads": settings.stateReads])
            }
        }

        // W1c: concurrent clients.
        storeConfiguration.schema = "bench_w1c_\(runID)"
        let w1c = try await withStartedStore(configuration: storeConfiguration) { store in
            try await store.prepareSchema()
            let before = settings.counters ? try await serverCounters(client, logger: logger) : nil
            let w1c = try await placeAndPayConcurrently(
                eventStore: store, orders: settings.orders, clients: settings.clients)
            if let before {
                let after = try await serverCounters(client, logger: logger)
                reportCounters("W1c", before: before, after: after, commands: settings.orders * 2, reporter: reporter)
            }
            return w1c
        }
        report(
            "W1c", w1c, unit: "events/s", against: [("pgbench-\(settings.clients)", pgbench8), ("raw-1", raw1)],
            extra: w1Events.merging(["clients": settings.clients]) { $1 })

        report(
            "W2", w2, unit: "events/s",
            against: [("rebuild into memory", inMemoryRebuild), ("raw readAll of the log", rawRead)],
            extra: ["events": settings.orders * 2])
        report("W2-memory", inMemoryRebuild, unit: "events/s", extra: ["events": settings.orders * 2])
        let pair: [String: any Sendable] = ["events": settings.orders * 2, "projections": 2]
        report("W2-each", w2Each, unit: "events/s", extra: pair)
        report("W2-both", w2Both, unit: "events/s", against: [("W2-each", w2Each)], extra: pair)
        report("read", rawRead, unit: "events/s", extra: ["events": settings.orders * 2])
        report("read-typed", filteredRead, unit: "events/s", extra: ["events": settings.orders * 2])

        if settings.w3Rounds > 0 {
            storeConfiguration.schema = "bench_w3_\(runID)"
            let result = try await withStartedStore(configuration: storeConfiguration) { store in
                try await store.prepareSchema()
                return try await measureReadYourWrites(eventStore: store, readStore: store, rounds: settings.w3Rounds)
            }
            result.report(store: "postgres", to: reporter)
            storeConfiguration.schema = "bench_w3i_\(runID)"
            try await withStartedStore(configuration: storeConfiguration) { store in
                try await store.prepareSchema()
                return try await measureReadYourWrites(
                    eventStore: store, readStore: store, rounds: settings.w3Rounds, inline: true)
            }.report(store: "postgres", to: reporter)
        }
        reporter.note("(the schemas bench_*_\(runID) are left in place for inspection)")
    }
}

/// Creates a store, starts it (``PostgresStore/start()`` marks it running before `body` runs, unlike a
/// child task calling `run()`), runs `body`, and shuts it down.
func withStartedStore<Result: Sendable>(
    configuration: PostgresStoreConfiguration, _ body: (PostgresStore) async throws -> Result
) async throws -> Result {
    let store = try PostgresStore(configuration: configuration)
    try store.start()
    do {
        let result = try await body(store)
        await store.shutdown()
        return result
    } catch {
        await store.shutdown()
        throw error
    }
}

/// The server's cumulative counters: committed transactions of this database and WAL flushes.
private struct ServerCounters {
    var commits: Int64
    var walSyncs: Int64
}

/// Reads the counters, after a pause so that idle backends have flushed their statistics (PostgreSQL 15
/// flushes an idle backend's pending statistics after at most 10 s).
private func serverCounters(_ client: PostgresClient, logger: Logger) async throws -> ServerCounters {
    try await Task.sleep(for: .seconds(11))
    let rows = try await client.query(
        """
        SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
               (SELECT wal_sync FROM pg_stat_wal)
        """, logger: logger
    ).collect()
    guard let row = rows.first else { return ServerCounters(commits: 0, walSyncs: 0) }
    let (commits, syncs) = try row.decode((Int64, Int64).self)
    return ServerCounters(commits: commits, walSyncs: syncs)
}

/// Prints the server's transactions and WAL flushes per command over a workload.
private func reportCounters(
    _ name: String, before: ServerCounters, after: ServerCounters, commands: Int, reporter: BenchmarkReporter
) {
    let commits = Double(after.commits - before.commits) / Double(max(commands, 1))
    let syncs = Double(after.walSyncs - before.walSyncs) / Double(max(commands, 1))
    reporter.note(
        String(
            format: "%@ server counters: %.2f committed transactions and %.2f WAL flushes (wal_sync) per command",
            name, commits, syncs))
    reporter.figure(name + "-commits-per-command", store: "postgres", value: commits, unit: "per command")
    reporter.figure(name + "-wal-syncs-per-command", store: "postgres", value: syncs, unit: "per command")
}

/// Runs `body` (which returns how many units it did) again and again for `seconds`, after a short warm-up;
/// units per second.
private func timedLoop(seconds: Int, _ body: () async throws -> Int) async throws -> Double {
    let clock = ContinuousClock()
    let warmUp = clock.now + .milliseconds(500)
    while clock.now < warmUp { _ = try await body() }
    let start = clock.now
    let end = start + .seconds(seconds)
    var units = 0
    while clock.now < end { units += try await body() }
    return Double(units) / (clock.now - start).benchmarkSecondsValue
}

private func findPgbench(_ given: String?) -> String? {
    var candidates = [given, "/usr/lib/postgresql/15/bin/pgbench"].compactMap { $0 }
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        candidates.append("\(directory)/pgbench")
    }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// A pgbench script that appends one event to a random stream through the schema's `append_committed`
/// procedure, as the store does (with a command id; the payload as hex, since pgbench reads `:name` as a
/// variable). Benchmarks/postgres-append-contention runs the same call against older schemas.
func appendScript(schema: String) -> String {
    let hex = rawPayload.utf8.map { String(format: "%02x", $0) }.joined()
    return """
        \\set s random(1, 1000000)
        CALL "\(schema)".append_committed(ARRAY['Bench'], ARRAY[:s::text], ARRAY[-1]::bigint[], \
        ARRAY[gen_random_uuid()], ARRAY[true], ARRAY[gen_random_uuid()], ARRAY[false], ARRAY[''], ARRAY[1], \
        ARRAY[false], ARRAY[gen_random_uuid()], ARRAY['Bench.Happened'], ARRAY[1], \
        ARRAY[decode('\(hex)', 'hex')], NULL);

        """
}

/// Runs pgbench with `script`; its tps (without connection time).
private func runPgbench(
    _ executable: String,
    base: PostgresStoreConfiguration,
    script text: String,
    clients: Int,
    seconds: Int
) throws -> Double? {
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("cqrs-pgbench-\(UUID()).sql")
    try Data(text.utf8).write(to: script)
    defer { try? FileManager.default.removeItem(at: script) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = [
        "-n", "-f", script.path, "-c", "\(clients)", "-j", "\(min(clients, 2))", "-T", "\(seconds)",
        "-h", base.host, "-p", "\(base.port)", "-U", base.username, base.database ?? base.username,
    ]
    var environment = ProcessInfo.processInfo.environment
    if let password = base.password { environment["PGPASSWORD"] = password }
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    // The child inherits this thread's signal mask, and the threads of Swift's concurrency pool block
    // signals: pgbench would never see the SIGALRM that ends its -T run. Spawn it with none blocked.
    var none = sigset_t()
    var previous = sigset_t()
    sigemptyset(&none)
    pthread_sigmask(SIG_SETMASK, &none, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    try process.run()
    pthread_sigmask(SIG_SETMASK, &previous, nil)
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
        FileHandle.standardError.write(Data("pgbench failed:\n\(text)\n".utf8))
        return nil
    }
    for line in text.split(separator: "\n") where line.hasPrefix("tps = ") {
        let number = line.dropFirst("tps = ".count).prefix { $0.isNumber || $0 == "." }
        return Double(number)
    }
    return nil
}
