import CQRS
import CQRSPostgres
import CQRSTestSupport
import Foundation
import PostgresNIO
import Testing

/// Several processes over one database: each projection runs in one process at a time, another takes over
/// when the holder is killed, and a projection killed mid-batch resumes exactly.
@Suite(
    "PostgreSQL: processes and leases", .enabled(if: PostgresTestDatabase.isEnabled, PostgresTestDatabase.skipComment),
    .timeLimit(.minutes(3)))
struct PostgresProcessTests {
    /// Appends `count` events of the Ledger's types, 5 per append.
    func append(_ count: Int, to store: PostgresStore, from first: Int = 0) async throws {
        var number = first
        while number < first + count {
            let events = (0..<min(5, first + count - number)).map { testEvent("Gap.Happened", number + $0) }
            _ = try await store.append(
                AppendRequest(
                    stream: StreamID(category: "Gap", id: "\(number % 7)"), expectedVersion: .any, events: events))
            number += events.count
        }
    }

    /// Polls `condition` every 20 ms until it holds or `timeout` passes; whether it held.
    func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    /// The `application_name`s of the connections holding advisory locks (projection leases) in `schema`'s
    /// workers.
    func leaseHolders(_ store: PostgresStore) async throws -> [String] {
        try await store.withConnection { connection in
            var names: [String] = []
            let rows = try await connection.query(
                """
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'cqrs-worker-%-lease-%'
                """,
                logger: PostgresGapTests.logger
            )
            for try await name in rows.decode(String.self) { names.append(name) }
            return names
        }
    }

    /// Replays the whole log into a fresh in-memory model: the expected rows.
    func replay(_ store: PostgresStore) async throws -> [[ColumnValue]] {
        let replay = InMemoryReadStore()
        try await ProjectionRunner(projection: Ledger(), eventStore: store, readStore: replay).rebuild()
        return Ledger.entries(try await replay.rows(in: "Ledger", matching: [], orderBy: [], page: nil).rows)
    }

    @Test func aProjectionRunsInOneProcessAtATimeAndAnotherTakesOverWhenTheHolderIsKilled() async throws {
        let schema = PostgresTestDatabase.freshSchema()
        let url = try PostgresTestDatabase.url()
        let store = try PostgresTestDatabase.makeStore(schema: schema)
        try await store.prepareSchema()
        try await append(200, to: store)

        let workers = try ["a", "b"].map {
            try PostgresWorkerProcess(url: url, schema: schema, writer: $0, delayMilliseconds: 2, batchSize: 10)
        }
        // One of them takes the lease and makes progress; the other waits.
        #expect(try await eventually { try await store.checkpoint(of: "Ledger") > 0 })
        let holders = try await leaseHolders(store)
        #expect(holders.count == 1)
        let holder = try #require(workers.first { holders.first?.hasPrefix("cqrs-worker-\($0.writer)-") == true })
        let other = try #require(workers.first { $0 !== holder })
        let before = try await store.rows(in: "Ledger", matching: [], orderBy: [], page: nil).rows
        #expect(Set(before.map { $0[4] }) == [.string(holder.writer)])

        // Kill the holder mid-projection: the other process takes the lease over.
        holder.kill()
        let killed = ContinuousClock.now
        #expect(
            try await eventually {
                try await leaseHolders(store) == ["cqrs-worker-\(other.writer)-lease-Ledger"]
            })
        print("lease taken over \(ContinuousClock.now - killed) after SIGKILL")

        try await append(100, to: store, from: 200)
        let head = try await store.headPosition()
        #expect(try await eventually { try await store.checkpoint(of: "Ledger") == head })
        let rows = try await store.rows(in: "Ledger", matching: [], orderBy: [], page: nil).rows
        #expect(Ledger.entries(rows) == (try await replay(store)))
        #expect(rows.contains { $0[4] == .string(other.writer) })
        other.kill()
        await store.shutdown()
    }

    @Test func aQueryWatchedInOneProcessFollowsTheCommitsOfAProjectionRunningInAnother() async throws {
        let schema = PostgresTestDatabase.freshSchema()
        let store = try PostgresTestDatabase.makeStore(schema: schema)
        try await store.prepareSchema()
        _ = try await store.prepare(Ledger.schema)
        // This process runs no projection: only the worker's commits, heard by LISTEN, wake the watch.
        let engine = try Engine(eventStore: store, readStore: store, projections: [Ledger()])
        var answers = engine.watch(projection: "Ledger") {
            try await store.count(in: "Ledger", matching: [ColumnFilter(column: "stream", .startsWith("Gap-"))])
        }.makeAsyncIterator()
        #expect(try await answers.next()?.answer == 0)
        let worker = try PostgresWorkerProcess(
            url: try PostgresTestDatabase.url(), schema: schema, writer: "projector", delayMilliseconds: 0,
            batchSize: 10)
        for round in 1...3 {
            try await append(10, to: store, from: (round - 1) * 10)
            let head = try await store.headPosition()
            var answer = try await answers.next()
            while let current = answer, current.answer < round * 10 { answer = try await answers.next() }
            #expect(answer?.answer == round * 10, "\(worker.output)")
            #expect((answer?.position ?? 0) >= head)
        }
        worker.kill()
        await store.shutdown()
    }

    @Test func aProjectionKilledMidBatchResumesToExactlyAFullReplay() async throws {
        let schema = PostgresTestDatabase.freshSchema()
        let store = try PostgresTestDatabase.makeStore(schema: schema)
        try await store.prepareSchema()
        try await append(1000, to: store)
        let head = try await store.headPosition()

        let worker = try PostgresWorkerProcess(
            url: try PostgresTestDatabase.url(), schema: schema, writer: "doomed", delayMilliseconds: 5, batchSize: 20)
        #expect(
            try await eventually {
                try await store.rows(in: "Ledger", matching: [], orderBy: [], page: nil).rows.count >= 40
            })
        worker.kill()
        let atKill = try await store.checkpoint(of: "Ledger")
        #expect(atKill < head, "the worker was killed mid-projection")
        let committed = try await store.rows(in: "Ledger", matching: [], orderBy: [], page: nil).rows
        let after = try await store.countEvents(after: atKill, atMost: 10_000)
        #expect(committed.count == 1000 - after, "rows and checkpoint were committed together")

        // A restart (here, in this process) resumes from the checkpoint: a repeated event would fail its
        // insert, a skipped one would be missing.
        let runner = ProjectionRunner(projection: Ledger(writer: "restarted"), eventStore: store, readStore: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runner.run() }
            try await runner.waitUntilProcessed(head, timeout: .seconds(60))
            group.cancelAll()
        }
        let rows = try await store.rows(in: "Ledger", matching: [], orderBy: [], page: nil).rows
        #expect(Ledger.entries(rows) == (try await replay(store)))
        #expect(rows.count == 1000)
        #expect(try await store.checkpoint(of: "Ledger") == head)
        await store.shutdown()
    }
}
