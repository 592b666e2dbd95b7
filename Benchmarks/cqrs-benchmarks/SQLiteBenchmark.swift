import ArgumentParser
import CQRS
import CQRSSQLite
import Dispatch
import Foundation
import GRDBSQLite

/// The SQLite store against the raw engine, in one run on this machine, durable (WAL, fsync per commit).
struct SQLiteBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sqlite",
        abstract: "SQLiteStore throughput (W1, W1c, W2) next to raw SQLite INSERT loops, in one run.",
        discussion: """
            Every figure is measured in the same run, in files of one temporary folder, WAL journal,
            synchronous=FULL (an fsync per commit) unless --synchronous normal:

              raw-1       one INSERT per transaction, one connection, SQLite's C API, prepared statement
              raw-1000    1,000 INSERTs per transaction, same connection
              W1          orders placed then paid through CommandProcessor over SQLiteStore, one command per
                          transaction, one client (events/s; one event per command)
              W1c         the same with 8 concurrent clients (group commit)
              W1-state    W1 with the order state-stored (storage: state): a row saved with its events
              W2          rebuild of UserOrders from W1's log (2 events per order) into the same file
              read        the whole log read back with readAll, for reference
              state-of-*  state(of:in:) with nothing cached, p50 and p99 in µs: an event-sourced order
                          (its 2 events) and a state-stored one (its row)

            Build with: swift build -c release --product cqrs-benchmarks
            """
    )

    @Option(help: "Orders for W1 and W1c (each is two commands, two events).")
    var orders = 10_000

    @Option(help: "Concurrent clients for W1c.")
    var clients = 8

    @Option(help: "Seconds for each raw loop.")
    var seconds = 5

    @Option(help: "Projection batch size for W2.")
    var batchSize = 500

    @Option(help: "Rebuilds in W2 (the median is reported; more rounds make W2 the bulk of a profile).")
    var w2Rounds = 1

    @Option(help: "full (default) or normal.")
    var synchronous = "full"

    @Option(help: "Folder for the database files (default: a new temporary folder, removed afterwards).")
    var directory: String?

    /// Rounds of W3 (0: no W3).
    @Option(help: "Rounds of W3, read-your-writes with the projection running live in-process (0: skip).")
    var w3Rounds = 10_000

    /// Skips the raw loops (to count what the store's workloads do, e.g. under strace).
    @Flag(inversion: .prefixedNo, help: "Measure the raw loops (--no-raw: the store's workloads only).")
    var raw = true

    /// Orders read by the state(of:in:) latency measurement (0: skip it).
    @Option(help: "Orders read back by state(of:in:) for its latency, each kind (0: skip).")
    var stateReads = 2_000

    @OptionGroup var output: JSONOption

    func run() throws {
        guard let mode = SQLiteConfiguration.Synchronous(rawValue: synchronous) else {
            throw ValidationError("--synchronous is full or normal")
        }
        let settings = SQLiteBenchmarkSettings(
            orders: orders, clients: max(clients, 1), seconds: max(seconds, 1), batchSize: batchSize,
            w2Rounds: max(w2Rounds, 1), synchronous: mode, directory: directory, w3Rounds: w3Rounds, raw: raw,
            stateReads: stateReads, reporter: output.reporter)
        try blockOnBenchmark { try await runSQLiteBenchmark(settings) }
    }
}

private struct SQLiteBenchmarkSettings: Sendable {
    var orders: Int
    var clients: Int
    var seconds: Int
    var batchSize: Int
    var w2Rounds: Int
    var synchronous: SQLiteConfiguration.Synchronous
    var directory: String?
    var w3Rounds: Int
    var raw: Bool
    var stateReads: Int
    var reporter: BenchmarkReporter
}

/// The payload of every raw INSERT: the size of an OrderPlaced event.
private let rawPayload = Data(
    "{\"userId\":\"user-1\",\"items\":[\"book\",\"pen\"],\"totalUSD\":12,\"placedAt\":1714564800.25}".utf8)

private func runSQLiteBenchmark(_ settings: SQLiteBenchmarkSettings) async throws {
    let folder: URL
    if let directory = settings.directory {
        folder = URL(fileURLWithPath: directory)
    } else {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cqrs-sqlite-bench-\(UUID())")
    }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { if settings.directory == nil { try? FileManager.default.removeItem(at: folder) } }
    let configuration = SQLiteConfiguration(synchronous: settings.synchronous)
    let reporter = settings.reporter
    func reportSQLite(
        _ name: String, _ value: Double, unit: String, against raws: [(String, Double)] = [],
        extra: [String: any Sendable] = [:]
    ) {
        var line =
            "\(name.padding(toLength: max(name.count, 10), withPad: " ", startingAt: 0)) \(groupDigits(value)) \(unit)"
        for (rawName, raw) in raws where raw > 0 {
            line += String(format: "  (%.0f%% of %@ %@)", value / raw * 100, rawName, groupDigits(raw))
        }
        reporter.note(line)
        reporter.figure(name, store: "sqlite", value: value, unit: unit, extra: extra)
    }
    reporter.note(
        "SQLite \(String(cString: sqlite3_libversion())), WAL, synchronous=\(settings.synchronous.rawValue), in \(folder.path)"
    )

    var raw1 = 0.0
    var raw1000 = 0.0
    if settings.raw {
        raw1 = try rawInsertLoop(
            path: folder.appendingPathComponent("raw-1.sqlite").path, synchronous: settings.synchronous,
            rowsPerTransaction: 1, seconds: settings.seconds)
        reportSQLite("raw-1", raw1, unit: "rows/s")
        raw1000 = try rawInsertLoop(
            path: folder.appendingPathComponent("raw-1000.sqlite").path, synchronous: settings.synchronous,
            rowsPerTransaction: 1_000, seconds: settings.seconds)
        reportSQLite("raw-1000", raw1000, unit: "rows/s")
    }

    let single = try SQLiteStore(path: folder.appendingPathComponent("w1.sqlite").path, configuration: configuration)
    let w1 = try await placeAndPayConcurrently(eventStore: single, orders: settings.orders, clients: 1)
    let w1Events: [String: any Sendable] = ["events": settings.orders * 2, "orders": settings.orders]
    reportSQLite("W1", w1, unit: "events/s", against: [("raw-1", raw1)], extra: w1Events)
    printStatistics(single.statistics, reporter)
    let inlineStore = try SQLiteStore(
        path: folder.appendingPathComponent("w1-inline.sqlite").path, configuration: configuration)
    let w1Inline = try await placeAndPayInline(
        eventStore: inlineStore, readStore: inlineStore, orders: settings.orders, clients: 1)
    reportSQLite("W1-inline", w1Inline, unit: "events/s", against: [("W1", w1)], extra: w1Events)
    let stateStore = try SQLiteStore(
        path: folder.appendingPathComponent("w1-state.sqlite").path, configuration: configuration)
    let w1State = try await placeAndPayStateStored(
        eventStore: stateStore, readStore: stateStore, orders: settings.orders, clients: 1)
    reportSQLite("W1-state", w1State, unit: "events/s", against: [("W1", w1)], extra: w1Events)
    if settings.stateReads > 0 {
        for stateStored in [false, true] {
            let store = try SQLiteStore(
                path: folder.appendingPathComponent("state-of-\(stateStored).sqlite").path, configuration: configuration
            )
            let latency = try await stateReadLatency(
                eventStore: store, readStore: store, stateStored: stateStored, reads: settings.stateReads)
            let kind = stateStored ? "row" : "events"
            reportSQLite("state-of-\(kind)-p50", latency.p50, unit: "µs", extra: ["reads": settings.stateReads])
            reportSQLite("state-of-\(kind)-p99", latency.p99, unit: "µs", extra: ["reads": settings.stateReads])
        }
    }

    let concurrent = try SQLiteStore(
        path: folder.appendingPathComponent("w1c.sqlite").path, configuration: configuration)
    let w1c = try await placeAndPayConcurrently(
        eventStore: concurrent, orders: settings.orders, clients: settings.clients)
    reportSQLite(
        "W1c", w1c, unit: "events/s", against: [("raw-1", raw1), ("W1", w1)],
        extra: w1Events.merging(["clients": settings.clients]) { $1 })
    printStatistics(concurrent.statistics, reporter)

    let events = try await single.countEvents(after: 0, atMost: .max)
    let read = try await readWholeLog(single, batchSize: settings.batchSize, events: events)
    reportSQLite("read", read, unit: "events/s")
    let w2 = try await medianOfRounds(settings.w2Rounds) {
        try await rebuildOnSQLite(single, batchSize: settings.batchSize, events: events)
    }
    reportSQLite("W2", w2, unit: "events/s", against: [("raw-1000", raw1000)], extra: ["events": Int(events)])
    let (w2Both, w2Each) = try await (
        medianOfRounds(settings.w2Rounds) {
            try await rebuildBothProjections(
                eventStore: single, readStore: single, batchSize: settings.batchSize, events: events, together: true)
        },
        medianOfRounds(settings.w2Rounds) {
            try await rebuildBothProjections(
                eventStore: single, readStore: single, batchSize: settings.batchSize, events: events, together: false)
        }
    )
    reportSQLite("W2-each", w2Each, unit: "events/s", extra: ["events": Int(events), "projections": 2])
    reportSQLite(
        "W2-both", w2Both, unit: "events/s", against: [("W2-each", w2Each)],
        extra: ["events": Int(events), "projections": 2])
    if settings.w3Rounds > 0 {
        let store = try SQLiteStore(path: folder.appendingPathComponent("w3.sqlite").path, configuration: configuration)
        let result = try await measureReadYourWrites(eventStore: store, readStore: store, rounds: settings.w3Rounds)
        result.report(store: "sqlite", to: reporter)
        let inlineStore = try SQLiteStore(
            path: folder.appendingPathComponent("w3-inline.sqlite").path, configuration: configuration)
        try await measureReadYourWrites(
            eventStore: inlineStore, readStore: inlineStore, rounds: settings.w3Rounds, inline: true
        ).report(store: "sqlite", to: reporter)
    }
    if settings.raw {
        reporter.note(
            "goals: W1 >= 90% of raw-1: \(w1 >= 0.9 * raw1 ? "met" : "missed"); "
                + "W1c >= 5x raw-1: \(w1c >= 5 * raw1 ? "met" : "missed") (\(String(format: "%.1f", w1c / raw1))x); "
                + "W2 >= 300,000 events/s: \(w2 >= 300_000 ? "met" : "missed")")
    }
}

private func printStatistics(_ statistics: SQLiteStoreStatistics, _ reporter: BenchmarkReporter) {
    let perCommit = Double(statistics.appends) / Double(max(statistics.appendTransactions, 1))
    reporter.note(
        "           \(statistics.appends) appends in \(statistics.appendTransactions) transactions "
            + "(\(String(format: "%.2f", perCommit)) per commit, largest \(statistics.largestGroup))")
}

/// INSERTs of one payload into a new file through SQLite's C API and one prepared statement, committing
/// every `rowsPerTransaction` rows, for `seconds` after a short warm-up; rows per second.
private func rawInsertLoop(
    path: String,
    synchronous: SQLiteConfiguration.Synchronous,
    rowsPerTransaction: Int,
    seconds: Int
) throws -> Double {
    var connection: OpaquePointer?
    guard sqlite3_open(path, &connection) == SQLITE_OK, let connection else {
        throw ValidationError("cannot open \(path)")
    }
    defer { sqlite3_close(connection) }
    func execute(_ sql: String) throws {
        guard sqlite3_exec(connection, sql, nil, nil, nil) == SQLITE_OK else {
            throw ValidationError("\(sql): \(String(cString: sqlite3_errmsg(connection)))")
        }
    }
    try execute("PRAGMA journal_mode = WAL")
    try execute("PRAGMA synchronous = \(synchronous == .full ? "FULL" : "NORMAL")")
    try execute("CREATE TABLE raw (position INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(connection, "INSERT INTO raw (payload) VALUES (?)", -1, &statement, nil) == SQLITE_OK,
        let statement
    else { throw ValidationError("cannot prepare the INSERT") }
    defer { sqlite3_finalize(statement) }
    func transaction() throws {
        try execute("BEGIN")
        for _ in 0..<rowsPerTransaction {
            rawPayload.withUnsafeBytes { bytes in
                _ = sqlite3_bind_blob(statement, 1, bytes.baseAddress, Int32(bytes.count), nil)
            }
            guard sqlite3_step(statement) == SQLITE_DONE else {
                throw ValidationError("INSERT: \(String(cString: sqlite3_errmsg(connection)))")
            }
            sqlite3_reset(statement)
        }
        try execute("COMMIT")
    }
    let clock = ContinuousClock()
    let warmUp = clock.now + .milliseconds(300)
    while clock.now < warmUp { try transaction() }
    let start = clock.now
    let end = start + .seconds(seconds)
    var rows = 0
    while clock.now < end {
        try transaction()
        rows += rowsPerTransaction
    }
    return Double(rows) / (clock.now - start).benchmarkSecondsValue
}

/// Rebuilds UserOrders from the whole log into the same file; events per second.
private func rebuildOnSQLite(_ store: SQLiteStore, batchSize: Int, events: Int) async throws -> Double {
    let eventsPerSecond = try await rebuildUserOrders(
        eventStore: store, readStore: store, batchSize: batchSize, events: events)
    let rows = try await store.rows(in: "UserOrders", matching: [], orderBy: [], page: nil).rows
    guard rows.count == Int(events / 2) else { throw ValidationError("the rebuilt read model has \(rows.count) rows") }
    return eventsPerSecond
}
