import CQRS
import CQRSTestSupport
import Foundation
import GRDB
import Testing

@testable import CQRSSQLite

/// What only the SQLite store has: its file, settings, schema, group commit, plans and faults.
@Suite("SQLite store", .timeLimit(.minutes(2)))
struct SQLiteStoreTests {
    let timeout = Duration.seconds(30)

    @Test func opensAFileInWALModeWithFullSynchronousByDefault() async throws {
        let store = try SQLiteTestDatabase.makeStore()
        #expect(FileManager.default.fileExists(atPath: store.path))
        #expect(try await store.journalMode() == "wal")
        #expect(try await store.synchronousSetting() == 2)

        let normal = try SQLiteTestDatabase.makeStore(configuration: .init(synchronous: .normal))
        #expect(try await normal.synchronousSetting() == 1)
    }

    @Test func createsItsSchemaOnceAndReopensWhatWasWritten() async throws {
        let path = SQLiteTestDatabase.newPath()
        let stream = StreamID(category: "Order", id: "1")
        do {
            let store = try SQLiteStore(path: path)
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: [testEvent()]))
            _ = try await store.prepare(People.schema)
            try await store.commit(
                [.upsert(People.row(1, "red", 3))], to: "People", expected: 0, checkpoint: 1)
        }
        let reopened = try SQLiteStore(path: path)
        let migrations = try await reopened.pool.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(migrations.count == 3, "each migration once: \(migrations)")
        #expect(try await reopened.readStream(stream).map(\.streamVersion) == [1])
        #expect(try await reopened.checkpoint(of: "People") == 1)
        #expect(try await reopened.row(in: "People", key: [.int(1)]) == People.row(1, "red", 3))
        #expect(
            try await reopened.prepare(People.schema) == ModelPreparation(target: "People", isStaging: false))
        let next = try await reopened.append(
            AppendRequest(stream: stream, expectedVersion: .exact(1), events: [testEvent()]))
        #expect(next.position == 2)
    }

    @Test func lookupsByKeyAndByIndexUseThePrimaryKeyAndTheIndex() async throws {
        let store = try SQLiteTestDatabase.makeStore()
        _ = try await store.prepare(Shop.UserOrders.schema)
        let byKey = try await store.queryPlan(forRowIn: "UserOrders")
        let byIndex = try await store.queryPlan(
            forRowsIn: "UserOrders", matching: [ColumnFilter(column: "userId", value: .string("ada"))],
            orderBy: [], page: .first(20))
        let byIndexOrdered = try await store.queryPlan(
            forRowsIn: "UserOrders", matching: [ColumnFilter(column: "userId", value: .string("ada"))],
            orderBy: [ColumnOrdering(column: "placedAt", descending: true)], page: .first(20))
        let everything = try await store.queryPlan(forRowsIn: "UserOrders", matching: [], orderBy: [], page: .first(20))
        print("EXPLAIN QUERY PLAN, row by key:", byKey)
        print("EXPLAIN QUERY PLAN, rows by index:", byIndex)
        print("EXPLAIN QUERY PLAN, rows by index, ordered by another column:", byIndexOrdered)
        print("EXPLAIN QUERY PLAN, all rows by key:", everything)
        #expect(byKey.contains { $0.contains("SEARCH") && $0.contains("USING PRIMARY KEY (orderId=?)") })
        #expect(byIndex.contains { $0.contains("SEARCH") && $0.contains("USING INDEX") && $0.contains("(userId=?)") })
        #expect(!byIndex.contains { $0.contains("TEMP B-TREE") })  // the index holds the key: already in order
        #expect(byIndexOrdered.contains { $0.contains("USING INDEX") && $0.contains("(userId=?)") })
        #expect(!everything.contains { $0.contains("TEMP B-TREE") })
        // A count by the index reads the index alone; a numbered page uses it as the cursor's page does.
        let countByIndex = try await store.queryPlan(
            forCountIn: "UserOrders", matching: [ColumnFilter(column: "userId", value: .string("ada"))])
        print("EXPLAIN QUERY PLAN, count by index:", countByIndex)
        #expect(
            countByIndex.contains {
                $0.contains("SEARCH") && $0.contains("COVERING INDEX") && $0.contains("(userId=?)")
            })
        let numbered = try await store.queryPlan(
            forRowsIn: "UserOrders", matching: [ColumnFilter(column: "userId", value: .string("ada"))],
            orderBy: [], page: .number(3, size: 20))
        #expect(numbered.contains { $0.contains("USING INDEX") && $0.contains("(userId=?)") })
        // A prefix is a range on the index; a count under it reads the index alone.
        let prefix = [Shop.UserOrders.Column.userId.startsWith("user-1")]
        let byPrefix = try await store.queryPlan(
            forRowsIn: "UserOrders", matching: prefix, orderBy: [], page: .first(20))
        let countByPrefix = try await store.queryPlan(forCountIn: "UserOrders", matching: prefix)
        let listed = try await store.queryPlan(
            forCountIn: "UserOrders", matching: [Shop.UserOrders.Column.userId.isIn(["ada", "bob"])])
        print("EXPLAIN QUERY PLAN, rows by prefix:", byPrefix, "count by prefix:", countByPrefix, "in a list:", listed)
        #expect(byPrefix.contains { $0.contains("USING INDEX") && $0.contains("(userId>? AND userId<?)") })
        #expect(countByPrefix.contains { $0.contains("COVERING INDEX") && $0.contains("(userId>? AND userId<?)") })
        #expect(listed.contains { $0.contains("COVERING INDEX") && $0.contains("(userId=?)") })
    }

    @Test func concurrentAppendsShareTransactionsAndAConflictFailsOnlyItsOwnAppend() async throws {
        let store = try SQLiteTestDatabase.makeStore()
        let streams = (0..<10).map { StreamID(category: "Order", id: "\($0)") }
        for stream in streams {
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: [testEvent()]))
        }
        let before = store.statistics
        // 200 appends at once, 20 per stream; 4 per stream expect no stream and must fail alone.
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for number in 0..<200 {
                group.addTask {
                    let stream = streams[number % 10]
                    let stale = (number / 10) % 5 == 0
                    let request = AppendRequest(
                        stream: stream, expectedVersion: stale ? .noStream : .any, events: [testEvent("T", number)])
                    do {
                        _ = try await store.append(request)
                        return (number, true)
                    } catch is WrongExpectedVersion {
                        return (number, false)
                    } catch {
                        Issue.record("unexpected \(error)")
                        return (number, false)
                    }
                }
            }
            var outcomes: [Int: Bool] = [:]
            for await (number, succeeded) in group { outcomes[number] = succeeded }
            return outcomes
        }
        #expect(outcomes.filter { !$0.value }.keys.sorted() == (0..<200).filter { ($0 / 10) % 5 == 0 })
        let head = try await store.headPosition()
        #expect(head == 10 + 160)
        let log = try await store.readAll(after: 0, limit: 1_000)
        #expect(log.events.map(\.position) == Array(1...head))
        for stream in streams {
            #expect(try await store.readStream(stream).map(\.streamVersion) == Array(1...17))
        }
        let statistics = store.statistics
        #expect(statistics.appends - before.appends == 200)
        print(
            "group commit: 200 concurrent appends in \(statistics.appendTransactions - before.appendTransactions) "
                + "transactions (largest group \(statistics.largestGroup))")
    }

    @Test func anEventWhosePayloadCannotBeDecodedStopsItsProjectionWithThePositionAndTheReason() async throws {
        let store = try SQLiteTestDatabase.makeStore()
        let processor = CommandProcessor(eventStore: store)
        for user in ["ada", "bob", "cy"] {
            try await processor.send(Shop.PlaceOrder(userId: user, items: ["book"], totalUSD: 12))
        }
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE events SET payload = CAST('{\"userId\": 42' AS BLOB) WHERE position = 2")
        }
        let engine = try Engine(eventStore: store, readStore: store, projections: [PlacedCount.Projection()])
        try await engine.withProjectionsRunning {
            let failure = await #expect(throws: ProjectionFailure.self) {
                try await engine.waitUntil(projection: "PlacedCount", hasProcessed: 3, timeout: timeout)
            }
            #expect(failure?.position == 2)
            #expect(failure?.eventType == "Order.OrderPlaced")
            #expect(failure?.reason.isEmpty == false)
            print("undecodable payload:", failure.map { "\($0)" } ?? "-")
        }
        // Nothing after the bad event was applied; the batch before it was committed or nothing was.
        #expect(try await store.checkpoint(of: "PlacedCount") < 2)
    }

    @Test func anEventRowThatCannotBeReadStopsItsProjectionNamingThePosition() async throws {
        let store = try SQLiteTestDatabase.makeStore()
        let processor = CommandProcessor(eventStore: store)
        for user in ["ada", "bob"] {
            try await processor.send(Shop.PlaceOrder(userId: user, items: ["book"], totalUSD: 12))
        }
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE events SET event_id = x'00' WHERE position = 2")
        }
        let engine = try Engine(eventStore: store, readStore: store, projections: [PlacedCount.Projection()])
        try await engine.withProjectionsRunning {
            let failure = await #expect(throws: ProjectionFailure.self) {
                try await engine.waitUntil(projection: "PlacedCount", hasProcessed: 2, timeout: timeout)
            }
            #expect(failure?.reason.contains("position 2") == true)
        }
    }

    @Test func leasesExcludeOtherStoresOnTheSameFile() async throws {
        let path = SQLiteTestDatabase.newPath()
        let first = try SQLiteStore(path: path)
        let second = try SQLiteStore(path: path)
        let held = try await first.leaseProvider().acquire("UserOrders")
        let waiting = Task { try await second.leaseProvider().acquire("UserOrders") }
        let other = try await second.leaseProvider().acquire("PlacedCount")
        await held.release()
        let taken = try await waiting.value
        #expect(await taken.isHeld())
        await taken.release()
        await other.release()
    }

    @Test func decimalsAreStoredExactlyAndSortNumerically() async throws {
        let schema = ReadModelSchema(
            name: "Amounts", columns: [.init(name: "id", type: .int), .init(name: "amount", type: .decimal)],
            key: ["id"], indexes: [["amount"]])
        let amounts: [Decimal] = [
            Decimal(string: "-1000.5")!, Decimal(string: "-2")!, Decimal(string: "-1.55")!, Decimal(string: "-1.5")!,
            Decimal(string: "-0.001")!, 0, Decimal(string: "0.001")!, Decimal(string: "0.1")!,
            Decimal(string: "0.10000000000000000001")!, Decimal(string: "1.5")!, Decimal(string: "1.55")!, 2, 10,
            Decimal(string: "12345678901234567890.123456789")!, Decimal(string: "1e100")!,
        ]
        let store = try SQLiteTestDatabase.makeStore()
        _ = try await store.prepare(schema)
        try await store.commit(
            amounts.enumerated().shuffled().map { .upsert([.int(Int64($0.offset)), .decimal($0.element)]) },
            to: "Amounts", expected: 0, checkpoint: 1)
        let sorted = try await store.rows(
            in: "Amounts", matching: [], orderBy: [ColumnOrdering(column: "amount")], page: nil
        ).rows
        #expect(sorted.map { $0[1] } == amounts.map { .decimal($0) })
        let exact = try await store.rows(
            in: "Amounts", matching: [ColumnFilter(column: "amount", value: .decimal(Decimal(string: "1.550")!))],
            orderBy: [], page: nil
        ).rows
        #expect(exact == [[.int(10), .decimal(Decimal(string: "1.55")!)]])
    }
}

/// Files written by earlier releases open and keep working after the migrations.
@Suite("SQLite store: migrations of existing files", .timeLimit(.minutes(1)))
struct SQLiteMigrationTests {
    @Test("A v2 file (with `streams` and the event-id index) migrates: the log, versions and appends carry on")
    func fromVersionTwo() async throws {
        let path = SQLiteTestDatabase.newPath()
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v2: read model storage layouts")
            try await queue.write { db in
                for version in 1...3 {
                    try db.execute(
                        sql: """
                            INSERT INTO events (position, event_id, stream_category, stream_id, stream_version,
                                event_type, schema_version, recorded_at, payload)
                            VALUES (?, ?, 'Order', '7', ?, 'T', 1, 0, ?)
                            """,
                        arguments: [version, withUnsafeBytes(of: UUID().uuid) { Data($0) }, version, Data("{}".utf8)])
                }
                try db.execute(sql: "INSERT INTO streams VALUES ('Order', '7', 3)")
            }
        }
        let store = try SQLiteStore(path: path)
        let stream = StreamID(category: "Order", id: "7")
        #expect(try await store.readStream(stream).map(\.streamVersion) == [1, 2, 3])
        await #expect(throws: WrongExpectedVersion.self) {
            try await store.append(AppendRequest(stream: stream, expectedVersion: .exact(2), events: [testEvent()]))
        }
        let next = try await store.append(
            AppendRequest(stream: stream, expectedVersion: .exact(3), events: [testEvent()]))
        #expect(next.position == 4 && next.version == 4)
        let tables = try await store.pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name")
        }
        #expect(!tables.contains("streams"))
        #expect(tables.filter { $0.hasPrefix("sqlite_autoindex_events") }.count == 1, "\(tables)")
    }
}
