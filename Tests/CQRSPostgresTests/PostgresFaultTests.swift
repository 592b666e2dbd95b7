import CQRS
import CQRSPostgres
import CQRSTestSupport
import Foundation
import PostgresNIO
import Testing

/// Faults: dropped connections, undecodable events, schema setup races and versions.
@Suite(
    "PostgreSQL: faults and setup", .enabled(if: PostgresTestDatabase.isEnabled, PostgresTestDatabase.skipComment),
    .timeLimit(.minutes(3)))
struct PostgresFaultTests {
    /// Terminates the backends of every connection whose `application_name` starts with `prefix`.
    @discardableResult
    func terminate(_ prefix: String, using store: PostgresStore) async throws -> Int {
        try await store.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE starts_with(application_name, \(prefix)) AND pid <> pg_backend_pid()
                """,
                logger: PostgresGapTests.logger
            ).collect()
            return Int(try rows.first?.decode(Int64.self) ?? 0)
        }
    }

    @Test func droppedConnectionsLoseAndDuplicateNothing() async throws {
        let schema = PostgresTestDatabase.freshSchema()
        let store = try PostgresTestDatabase.makeStore(schema: schema) {
            $0.applicationName = "cqrs-drop-\(schema)"
        }
        let admin = try PostgresTestDatabase.makeStore(schema: schema)
        try await store.prepareSchema()
        let stop = SharedFlag()
        let kills = SharedCounter()
        let typedFailures = SharedCounter()

        // 6 writers, 60 appends each, each with a command id; meanwhile a killer terminates the store's
        // connections 25 times, every 80–160 ms.
        let requests = (0..<6).map { writer in
            (0..<60).map { round in
                AppendRequest(
                    stream: StreamID(category: "Drop", id: "\(writer)"), expectedVersion: .any,
                    events: [testEvent("Drop.Happened", round), testEvent("Drop.Happened", round)],
                    commandID: UUID())
            }
        }
        // A bounded killer: a store whose every new connection is killed at once would wait for the pool's
        // circuit breaker instead of making progress.
        let killer = Task {
            for _ in 0..<25 where !stop.isSet {
                try await Task.sleep(for: .milliseconds(80 + Int.random(in: 0..<80)))
                kills.add(try await terminate("cqrs-drop-\(schema)", using: admin))
            }
        }
        var failed: [AppendRequest] = []
        try await withThrowingTaskGroup(of: [AppendRequest].self) { group in
            for batch in requests {
                group.addTask {
                    var failed: [AppendRequest] = []
                    for request in batch {
                        do {
                            _ = try await store.append(request)
                        } catch let error as PostgresStoreError {
                            // The typed error after the retries ran out: the outcome is unknown.
                            guard case .connectionLost = error else { throw error }
                            typedFailures.add(1)
                            failed.append(request)
                        }
                    }
                    return failed
                }
            }
            for try await batch in group { failed += batch }
        }
        stop.set()
        try await killer.value
        #expect(kills.value > 0)
        print("connections terminated: \(kills.value), appends failed after retries: \(failed.count)")

        // Sending a failed append again (same command id) is answered from the record if it had committed.
        for request in failed {
            _ = try await store.append(request)
        }
        let all = requests.flatMap { $0 }
        for request in all {
            let recorded = try await admin.appendResult(forCommand: try #require(request.commandID))
            #expect(recorded?.eventCount == 2)
        }
        try await admin.waitUntilReadable(through: try await admin.headPosition())
        let log = try await admin.readAll(after: 0, limit: 10_000, eventTypes: nil)
        #expect(log.events.count == all.count * 2)
        #expect(Set(log.events.map(\.eventID)).count == log.events.count)
        #expect(zip(log.events, log.events.dropFirst()).allSatisfy { $0.position < $1.position })
        let ids = Set(all.flatMap { $0.events.map(\.eventID) })
        #expect(Set(log.events.map(\.eventID)) == ids)
        await store.shutdown()
        await admin.shutdown()
    }

    @Test func anAppendWithoutCommandIDIsRetriedExactlyOnce() async throws {
        let schema = PostgresTestDatabase.freshSchema()
        let store = try PostgresTestDatabase.makeStore(schema: schema) {
            $0.applicationName = "cqrs-drop-\(schema)"
            $0.connectionRetries = 8
        }
        let admin = try PostgresTestDatabase.makeStore(schema: schema)
        try await store.prepareSchema()
        let stop = SharedFlag()
        let killer = Task {
            for _ in 0..<25 where !stop.isSet {
                try await Task.sleep(for: .milliseconds(40 + Int.random(in: 0..<60)))
                try await terminate("cqrs-drop-\(schema)", using: admin)
            }
        }
        var succeeded = 0
        for round in 0..<150 {
            let request = AppendRequest(
                stream: StreamID(category: "Drop", id: "x"), expectedVersion: .any,
                events: [testEvent("Drop.Happened", round)])
            do {
                _ = try await store.append(request)
                succeeded += 1
            } catch PostgresStoreError.connectionLost {
                // Typed; the outcome is unknown, and sending it again would be answered from its event id.
                _ = try await store.append(request)
                succeeded += 1
            }
        }
        stop.set()
        try await killer.value
        let events = try await admin.readStream(StreamID(category: "Drop", id: "x"))
        #expect(events.count == succeeded)
        #expect(events.map(\.streamVersion) == Array(1...Int64(succeeded)))
        await store.shutdown()
        await admin.shutdown()
    }

    @Test func anEventThatCannotBeDecodedStopsItsProjectionWithThePositionAndTheReason() async throws {
        let store = try PostgresTestDatabase.makeSharedPoolStore()
        let processor = CommandProcessor(eventStore: store)
        try await processor.send(Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12))
        // A stored event whose payload does not match its type.
        let broken = try await store.append(
            AppendRequest(
                stream: StreamID(category: "Order", id: UUID().streamIDString), expectedVersion: .noStream,
                events: [
                    NewEvent(eventType: "Order.OrderPlaced", schemaVersion: 1, payload: Data("{\"userId\":5}".utf8))
                ]
            ))
        try await processor.send(Shop.PlaceOrder(userId: "bob", items: ["pen"], totalUSD: 3))

        let runner = ProjectionRunner(
            projection: Shop.UserOrders.Projection(UserOrdersHandler()), eventStore: store, readStore: store)
        let failure = await #expect(throws: ProjectionFailure.self) { try await runner.rebuild() }
        #expect(failure?.position == broken.position)
        #expect(failure?.eventType == "Order.OrderPlaced")
        #expect(failure?.reason.isEmpty == false)
        // The events before it were committed; nothing after it.
        #expect(try await store.checkpoint(of: "UserOrders") < broken.position)
    }

    @Test func aStoredRowTheStoreCannotReadIsATypedErrorWithItsPosition() async throws {
        let store = try PostgresTestDatabase.makeSharedPoolStore()
        let appended = try await store.append(
            AppendRequest(stream: StreamID(category: "T", id: "1"), expectedVersion: .any, events: [testEvent()]))
        try await store.withConnection { connection in
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        UPDATE "\(store.schemaName)".events SET metadata = '{"n": 1}'::jsonb
                        WHERE position = \(appended.position)
                        """),
                logger: PostgresGapTests.logger)
        }
        try await store.waitUntilReadable(through: appended.position)
        let error = await #expect(throws: PostgresStoreError.self) {
            try await store.readAll(after: 0, limit: 10, eventTypes: nil)
        }
        guard case .corruptRow(let position, _) = error else {
            Issue.record("expected corruptRow, got \(String(describing: error))")
            return
        }
        #expect(position == appended.position)
    }

    @Test func withStoreRunsTheStoreBeforeItsBodyStarts() async throws {
        // At once, with no await before it: the store must already be running.
        let head = try await PostgresStore.withStore(configuration: try PostgresTestDatabase.configuration()) {
            try await $0.headPosition()
        }
        #expect(head == 0)
    }

    @Test func schemaSetupIsIdempotentUnderConcurrencyAndVersioned() async throws {
        let schema = PostgresTestDatabase.freshSchema()
        let stores = try (0..<4).map { _ in try PostgresTestDatabase.makeStore(schema: schema) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores { group.addTask { try await store.prepareSchema() } }
            try await group.waitForAll()
        }
        let version = try await stores[0].withConnection { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT version FROM \"\(schema)\".schema_version"),
                logger: PostgresGapTests.logger
            ).collect().first?.decode(Int32.self)
        }
        #expect(version.map(Int.init) == PostgresStore.schemaVersion)

        // A schema written by a newer version is refused, not misread.
        try await stores[0].withConnection { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "UPDATE \"\(schema)\".schema_version SET version = 999"),
                logger: PostgresGapTests.logger)
        }
        let newer = try PostgresTestDatabase.makeStore(schema: schema)
        await #expect(
            throws: PostgresStoreError.schemaTooNew(schema: schema, found: 999, supported: PostgresStore.schemaVersion)
        ) {
            try await newer.headPosition()
        }
        for store in stores + [newer] { await store.shutdown() }
    }

    @Test func anotherProcessesAppendsWakeASubscriber() async throws {
        let schema = PostgresTestDatabase.freshSchema()
        let listener = try PostgresTestDatabase.makeStore(schema: schema)
        let writer = try PostgresTestDatabase.makeStore(schema: schema)
        try await listener.prepareSchema()
        let notifications = listener.appendNotifications()
        // The first append may arrive through the listener's catch-up read when it starts listening; the
        // second, once it listens, only through NOTIFY (it never polls).
        let first = try await writer.append(
            AppendRequest(stream: StreamID(category: "T", id: "1"), expectedVersion: .any, events: [testEvent()]))
        let wakeups = Task {
            var heads: [Int64] = []
            for await head in notifications {
                heads.append(head)
                if head > first.position { break }
            }
            return heads
        }
        try await Task.sleep(for: .milliseconds(300))
        let second = try await writer.append(
            AppendRequest(stream: StreamID(category: "T", id: "1"), expectedVersion: .any, events: [testEvent()]))
        let heads = await wakeups.value
        #expect(heads.last == second.position)
        await listener.shutdown()
        await writer.shutdown()
    }
}
