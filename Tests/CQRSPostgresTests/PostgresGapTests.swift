import CQRS
import CQRSPostgres
import CQRSTestSupport
import Foundation
import PostgresNIO
import Testing

/// The global order never skips an event: writers in several "processes" (stores with pools of their
/// own), some holding their append transaction open after taking positions, while a projection follows
/// the log live and a reader checks every page it sees.
@Suite(
    "PostgreSQL: gap-free global order", .enabled(if: PostgresTestDatabase.isEnabled, PostgresTestDatabase.skipComment),
    .timeLimit(.minutes(3)))
struct PostgresGapTests {
    /// Appends through `schema.append(...)` itself on a raw connection, then keeps the transaction open for
    /// `hold` before committing: the classic out-of-order commit.
    static func heldAppend(_ connection: PostgresConnection, schema: String, stream: String, hold: Double)
        async throws
    {
        try await connection.query("BEGIN", logger: logger)
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT o_status FROM "\(schema)".append(ARRAY['Held'], ARRAY['\(stream)'], ARRAY[-1]::bigint[],
                        ARRAY[gen_random_uuid()], ARRAY[false], ARRAY[gen_random_uuid()], ARRAY[false], ARRAY[''],
                        ARRAY[2], ARRAY[false], ARRAY[gen_random_uuid(), gen_random_uuid()],
                        ARRAY['Held.Happened', 'Held.Happened'], ARRAY[1, 1],
                        ARRAY['{"held":1}'::bytea, '{"held":2}'::bytea], NULL)
                    """
            ),
            logger: logger
        )
        try await connection.query(PostgresQuery(unsafeSQL: "SELECT pg_sleep(\(hold))"), logger: logger)
        try await connection.query("COMMIT", logger: logger)
    }

    static let logger = Logger(label: "cqrs.test.gap")

    @Test func concurrentWritersWithTransactionsHeldOpenNeverLetAReaderSkipAnEvent() async throws {
        let schema = PostgresTestDatabase.freshSchema()
        // Three "processes", each with its own pool, plus the projection's and the raw connections.
        let writers = try (0..<3).map { index in
            try PostgresTestDatabase.makeStore(schema: schema) { $0.applicationName = "cqrs-gap-\(index)" }
        }
        let follower = try PostgresTestDatabase.makeStore(schema: schema)
        try await follower.prepareSchema()
        let appended = SharedCounter()
        let done = SharedFlag()

        let runner = ProjectionRunner(
            projection: Ledger(), eventStore: follower, readStore: follower,
            configuration: .init(batchSize: 37)
        )
        let (seen, finalHead) = try await withThrowingTaskGroup(of: [Int64].self) { group in
            group.addTask {
                try await runner.run()
                return []
            }
            // A reader that checks every page: positions increasing from where it stood; the page ends at
            // its last event.
            group.addTask {
                var after: Int64 = 0
                var seen: [Int64] = []
                while true {
                    let finished = done.isSet
                    let page = try await follower.readAll(after: after, limit: 50, eventTypes: nil)
                    let positions = page.events.map(\.position)
                    #expect(zip([after] + positions, positions).allSatisfy { $0 < $1 })
                    #expect(page.lastPosition == positions.last ?? after)
                    seen += positions
                    after = page.lastPosition
                    // An empty page may only mean that a transaction still in flight (a read-model commit)
                    // holds the horizon back: done once the reader has passed the head.
                    if finished && positions.isEmpty {
                        let head = try await follower.headPosition()
                        if after >= head { return seen }
                    }
                    if positions.isEmpty { try await Task.sleep(for: .milliseconds(2)) }
                }
            }
            // Writers: 12 tasks over 3 pools, 40 appends of 1–3 events each.
            var writerTasks: [Task<Void, any Error>] = []
            for index in 0..<12 {
                let store = writers[index % 3]
                writerTasks.append(
                    Task {
                        for round in 0..<40 {
                            let count = 1 + (index + round) % 3
                            let events = (0..<count).map { _ in testEvent("Gap.Happened", index) }
                            _ = try await store.append(
                                AppendRequest(
                                    stream: StreamID(category: "Gap", id: "\(index)-\(round % 5)"),
                                    expectedVersion: .any, events: events, commandID: UUID()))
                            appended.add(count)
                        }
                    })
            }
            // Two raw connections holding their append transactions open for 50–150 ms.
            for index in 0..<2 {
                writerTasks.append(
                    Task {
                        let connection = try await PostgresTestDatabase.connect(id: 900 + index)
                        defer { Task { try? await connection.close() } }
                        for round in 0..<8 {
                            try await Self.heldAppend(
                                connection, schema: schema, stream: "held-\(index)",
                                hold: 0.05 + Double((round + index) % 3) * 0.05)
                            appended.add(2)
                        }
                    })
            }
            for task in writerTasks { try await task.value }
            let head = try await follower.headPosition()
            done.set()
            try await runner.waitUntilProcessed(head, timeout: .seconds(60))
            var seen: [Int64] = []
            while let result = try await group.next() {
                if !result.isEmpty {
                    seen = result
                    group.cancelAll()
                }
            }
            return (seen, head)
        }

        // Nothing skipped, no duplicate, nothing lost: the reader saw exactly the whole log, in its order.
        let total = appended.value
        let log = try await follower.readAll(after: 0, limit: total + 10, eventTypes: nil)
        #expect(log.events.count == total)
        #expect(finalHead == log.events.last?.position)
        #expect(seen == log.events.map(\.position))

        // The live read model equals a replay from scratch.
        let live = try await follower.rows(in: "Ledger", matching: [], orderBy: [], page: nil).rows
        #expect(live.count == Int(total))
        let replay = InMemoryReadStore()
        let rebuilt = ProjectionRunner(projection: Ledger(), eventStore: follower, readStore: replay)
        try await rebuilt.rebuild()
        let expected = try await replay.rows(in: "Ledger", matching: [], orderBy: [], page: nil).rows
        #expect(Ledger.entries(live) == Ledger.entries(expected))
        #expect(try await follower.checkpoint(of: "Ledger") == finalHead)
        for store in writers + [follower] { await store.shutdown() }
    }

    /// The horizon itself: an append committed after an older one that is still in flight (or rolls back)
    /// is not readable until the older one ends, and a live projection then reads both, in position order,
    /// woken without a notification from the held writer (``HorizonWaker``).
    @Test(arguments: [true, false])
    func anAppendBehindOneInFlightWaitsAndIsThenReadInOrder(commits: Bool) async throws {
        let schema = PostgresTestDatabase.freshSchema()
        let store = try PostgresTestDatabase.makeStore(schema: schema)
        try await store.prepareSchema()
        let runner = ProjectionRunner(projection: Ledger(), eventStore: store, readStore: store)
        let live = Task { try await runner.run() }
        defer { live.cancel() }

        let held = try await PostgresTestDatabase.connect(id: 950)
        // The held transaction takes its id (and so its positions) first.
        try await held.query("BEGIN", logger: Self.logger)
        try await held.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT o_status FROM "\(schema)".append(ARRAY['Held'], ARRAY['early'], ARRAY[-1]::bigint[],
                        ARRAY[gen_random_uuid()], ARRAY[false], ARRAY[gen_random_uuid()], ARRAY[false], ARRAY[''],
                        ARRAY[1], ARRAY[false], ARRAY[gen_random_uuid()], ARRAY['Held.Happened'], ARRAY[1],
                        ARRAY['{"held":1}'::bytea], NULL)
                    """),
            logger: Self.logger)
        let later = try await store.append(
            AppendRequest(
                stream: StreamID(category: "Gap", id: "later"), expectedVersion: .any,
                events: [testEvent("Gap.Happened", 1)]))

        // Committed, but behind a transaction still in flight: nobody reads it yet.
        let blocked = try await store.readAll(after: 0, limit: 10, eventTypes: nil)
        #expect(blocked.events.isEmpty)
        #expect(blocked.lastPosition == 0)
        #expect(try await store.headPosition() == later.position)
        let readable = Task { try await store.waitUntilReadable(through: later.position) }
        try await Task.sleep(for: .milliseconds(200))
        // A filtered projection may move its checkpoint over empty positions below the horizon, never
        // further.
        #expect(runner.checkpoint < later.position)
        #expect(try await store.rows(in: "Ledger", matching: [], orderBy: [], page: nil).rows.isEmpty)
        #expect(try await store.readAll(after: 0, limit: 10, eventTypes: nil).events.isEmpty)

        try await held.query(commits ? "COMMIT" : "ROLLBACK", logger: Self.logger)
        try await held.close()
        try await readable.value
        try await runner.waitUntilProcessed(later.position, timeout: .seconds(10))
        let log = try await store.readAll(after: 0, limit: 10, eventTypes: nil)
        let types = log.events.map(\.eventType)
        #expect(types == (commits ? ["Held.Happened", "Gap.Happened"] : ["Gap.Happened"]))
        #expect(log.events.last?.position == later.position)
        let rows = try await store.rows(in: "Ledger", matching: [], orderBy: [], page: nil).rows
        #expect(Ledger.entries(rows).map { $0[3] } == types.map { .string($0) })
        await store.shutdown()
    }
}
