import CQRS
import CQRSTestSupport
import Foundation
import Testing

@Suite("Projection runner", .timeLimit(.minutes(1)))
struct ProjectionRunnerTests {
    let eventStore = InMemoryEventStore()
    let readStore = InMemoryReadStore()
    var processor: CommandProcessor { CommandProcessor(eventStore: eventStore) }
    let timeout = Duration.seconds(30)

    func engine(_ projections: [any ReadModelProjection], batchSize: Int = 500) throws -> Engine {
        try Engine(
            eventStore: eventStore,
            readStore: readStore,
            projections: projections,
            configuration: .init(projections: .init(batchSize: batchSize))
        )
    }

    @discardableResult
    func place(_ user: String, items: [String] = ["book"], total: Decimal = 12) async throws -> (UUID, CommandReceipt) {
        let command = Shop.PlaceOrder(userId: user, items: items, totalUSD: total)
        return (command.orderId, try await processor.send(command))
    }

    func allRows<Row: ReadModelRow>(_ type: Row.Type) async throws -> [Row] {
        try await readStore.rows(in: Row.schema.name, matching: [], orderBy: [], page: nil).rows.map(Row.init(columns:))
    }

    @Test func catchesUpInBatchesThenFollowsAppends() async throws {
        var placed: [UUID] = []
        for user in ["ada", "bob", "cy", "di", "ed"] { placed.append(try await place(user).0) }
        let engine = try engine([Shop.UserOrders.Projection(UserOrdersHandler())], batchSize: 2)

        try await engine.withProjectionsRunning {
            try await engine.waitUntil(projection: "UserOrders", hasProcessed: 5, timeout: timeout)
            #expect(try await allRows(Shop.UserOrders.self).count == 5)
            #expect(try await readStore.checkpoint(of: "UserOrders") == 5)

            // Live: an append wakes the runner.
            let (id, receipt) = try await place("fay")
            try await processor.send(Shop.PayOrder(orderId: placed[0], amountUSD: 12))
            try await engine.waitUntil(projection: "UserOrders", hasProcessed: receipt.position + 1, timeout: timeout)
            let reader = engine.reader(Shop.UserOrders.self)
            #expect(try await reader.row(key: [.uuid(id)])?.userId == "fay")
            #expect(try await reader.row(key: [.uuid(placed[0])])?.status == .paid)
            #expect([ProjectionStatus.catchingUp, .live].contains(try engine.status(of: "UserOrders")))
        }
        #expect(try engine.status(of: "UserOrders") == .stopped)
    }

    @Test func aBatchReadsTheChangesOfTheBatchStillCommitting() async throws {
        // Each order is placed in one batch and paid in the next, while the first batch's commit is held up:
        // the payment's update must find the row the committing batch inserted.
        var placed: [UUID] = []
        for user in ["ada", "bob", "cy"] {
            let (id, _) = try await place(user)
            try await processor.send(Shop.PayOrder(orderId: id, amountUSD: 12))
            placed.append(id)
        }
        let slowStore = SlowCommitReadStore(base: readStore, delay: .milliseconds(20))
        let runner = ProjectionRunner(
            projection: Shop.UserOrders.Projection(UserOrdersHandler()), eventStore: eventStore, readStore: slowStore,
            configuration: .init(batchSize: 1))
        try await runner.rebuild()
        #expect(try await readStore.checkpoint(of: "UserOrders") == 6)
        let rows = try await allRows(Shop.UserOrders.self)
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0.status == .paid })
    }

    @Test func resumesFromItsCheckpoint() async throws {
        try await place("ada")
        let first = try engine([Shop.UserOrders.Projection(UserOrdersHandler())])
        try await first.withProjectionsRunning {
            try await first.waitUntil(projection: "UserOrders", hasProcessed: 1, timeout: timeout)
        }
        try await place("bob")
        // A new engine (a restart) continues from checkpoint 1: an insert of ada's row again would throw.
        let second = try engine([Shop.UserOrders.Projection(UserOrdersHandler())])
        try await second.withProjectionsRunning {
            try await second.waitUntil(projection: "UserOrders", hasProcessed: 2, timeout: timeout)
        }
        #expect(try await allRows(Shop.UserOrders.self).map(\.userId).sorted() == ["ada", "bob"])
    }

    @Test func aFailingHandlerCommitsNothingOfItsBatchAndStopsOnlyItsRunner() async throws {
        try await place("ada")
        try await place("bob")
        try await place("cy")
        let (_, boom) = try await place("boom")
        try await place("di")
        let engine = try engine(
            [Shop.UserOrders.Projection(ExplodingUserOrdersHandler()), PlacedCount.Projection()],
            batchSize: 2
        )

        try await engine.withProjectionsRunning {
            // The other projection goes on to the end of the log.
            try await engine.waitUntil(projection: "PlacedCount", hasProcessed: 5, timeout: timeout)
            let failure = await #expect(throws: ProjectionFailure.self) {
                try await engine.waitUntil(projection: "UserOrders", hasProcessed: 5, timeout: timeout)
            }
            let expected = ProjectionFailure(
                projection: "UserOrders",
                position: boom.position,
                eventType: "Order.OrderPlaced",
                error: ExplodingUserOrdersHandler.Boom()
            )
            #expect(failure == expected)
            #expect(failure?.reason == "boom")
            // The handler's own error, as it threw it.
            #expect(failure?.underlyingError is ExplodingUserOrdersHandler.Boom)
            #expect(try engine.status(of: "UserOrders") == .failed(expected))
            #expect(throws: EngineError.unknownProjection("NoSuchProjection")) {
                try engine.status(of: "NoSuchProjection")
            }

            // The first batch (ada, bob) was committed; of the second (cy, boom) nothing.
            #expect(try await allRows(Shop.UserOrders.self).map(\.userId).sorted() == ["ada", "bob"])
            #expect(try await readStore.checkpoint(of: "UserOrders") == 2)
            #expect(try await allRows(PlacedCount.self).count == 5)

            // Still going after the failure.
            let (_, late) = try await place("eve")
            try await engine.waitUntil(projection: "PlacedCount", hasProcessed: late.position, timeout: timeout)
            #expect(try await allRows(PlacedCount.self).count == 6)
        }
    }

    @Test func rebuildingGivesTheSameRowsAsFollowingLive() async throws {
        let engine = try engine(
            [Shop.UserOrders.Projection(UserOrdersHandler()), PlacedCount.Projection()], batchSize: 3)
        let live = try await engine.withProjectionsRunning {
            var last: CommandReceipt?
            for index in 0..<12 {
                let (id, _) = try await place(
                    ["ada", "bob", "cy"][index % 3], items: Array(repeating: "x", count: index + 1))
                if index.isMultiple(of: 2) {
                    last = try await processor.send(Shop.PayOrder(orderId: id, amountUSD: 12))
                } else {
                    last = try await processor.send(Shop.CancelOrder(orderId: id))
                }
            }
            try await engine.waitUntil(projection: "UserOrders", hasProcessed: last!.position, timeout: timeout)
            let rows = try await allRows(Shop.UserOrders.self)

            // Rebuilt while running.
            try await engine.rebuild(projection: "UserOrders")
            #expect(try await allRows(Shop.UserOrders.self) == rows)
            return rows
        }
        #expect(live.count == 12)
        #expect(live.filter { $0.status == .paid }.count == 6)

        // Rebuilt while not running.
        try await engine.rebuild(projection: "UserOrders")
        #expect(try await allRows(Shop.UserOrders.self) == live)
        #expect(try await readStore.checkpoint(of: "UserOrders") == 24)
    }

    @Test func aRebuildResumesAFailedProjection() async throws {
        try await place("boom")
        let engine = try engine([Shop.UserOrders.Projection(ExplodingUserOrdersHandler())])
        await #expect(throws: ProjectionFailure.self) { try await engine.rebuild(projection: "UserOrders") }
        guard case .failed = try engine.status(of: "UserOrders") else {
            Issue.record("expected a failed status")
            return
        }
        // Fixed code, same store: the rebuild replays from 0.
        let fixed = try self.engine([Shop.UserOrders.Projection(UserOrdersHandler())])
        try await fixed.rebuild(projection: "UserOrders")
        #expect(try await allRows(Shop.UserOrders.self).map(\.userId) == ["boom"])
    }

    @Test func runsUnderAServiceGroupContract() async throws {
        let engine = try engine([Shop.UserOrders.Projection(UserOrdersHandler())])
        #expect(engine.services.count == 1)
        let runner = try engine.runner("UserOrders")
        try await place("ada")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runner.run() }
            try await runner.waitUntilProcessed(1, timeout: timeout)
            // A second run of the same runner is refused.
            await #expect(throws: ProjectionRunnerError.alreadyRunning("UserOrders")) { try await runner.run() }
            group.cancelAll()
        }
        #expect(runner.status == .stopped)
        #expect(throws: EngineError.unknownProjection("Nope")) { try engine.runner("Nope") }
    }
}

/// A read store whose commits wait a while before they start, so that the runner applies the next batch
/// while one commits.
private struct SlowCommitReadStore: ReadStore {
    let base: InMemoryReadStore
    let delay: Duration

    func prepare(_ schema: ReadModelSchema) async throws -> ModelPreparation { try await base.prepare(schema) }
    func promote(_ schema: ReadModelSchema) async throws { try await base.promote(schema) }
    func checkpoint(of model: String) async throws -> Int64 { try await base.checkpoint(of: model) }
    func commit(_ changes: [RowChange], to model: String, expected: Int64, checkpoint: Int64) async throws {
        try await Task.sleep(for: delay)
        try await base.commit(changes, to: model, expected: expected, checkpoint: checkpoint)
    }
    func reset(_ model: String) async throws { try await base.reset(model) }
    func row(in model: String, key: [ColumnValue]) async throws -> [ColumnValue]? {
        try await base.row(in: model, key: key)
    }
    func rows(in model: String, matching filter: [ColumnFilter], orderBy: [ColumnOrdering], page: PageRequest?)
        async throws -> RowPage
    {
        try await base.rows(in: model, matching: filter, orderBy: orderBy, page: page)
    }
    func leaseProvider() -> any ProjectionLeaseProvider { base.leaseProvider() }
}
