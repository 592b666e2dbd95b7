import CQRS
import CQRSSQLite
import CQRSTestSupport
import Foundation
import Testing

/// Inline projections (`consistency: inline`): rows changed in the append's transaction, on every store
/// kind that can hold both.
@Suite("Inline projections", .timeLimit(.minutes(1)))
struct InlineProjectionTests {
    func engine(_ kind: StoreKind, _ projections: [any ReadModelProjection]) async throws -> Engine {
        let (events, rows) = try await kind.makeSharedStores()
        return try Engine(eventStore: events, readStore: rows, projections: projections)
    }

    func placedCount(_ engine: Engine, _ user: String) async throws -> Int? {
        try await engine.reader(PlacedCount.self).row(key: [user.columnValue])?.orders
    }

    @Test(arguments: StoreKind.tested)
    func aQueryRightAfterSendSeesTheCommandsRows(kind: StoreKind) async throws {
        let engine = try await engine(
            kind, [Inline(PlacedCount.Projection()), Inline(Shop.UserOrders.Projection(UserOrdersHandler()))])
        try await engine.withProjectionsRunning {
            for round in 1...5 {
                let command = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
                try await engine.commands.send(command)
                #expect(try await placedCount(engine, "ada") == round)
                #expect(try await engine.reader(Shop.UserOrders.self).row(key: [.uuid(command.orderId)]) != nil)
            }
        }
        #expect(try await engine.readStore.checkpoint(of: "PlacedCount") == ProjectionConsistency.liveCheckpoint)
    }

    @Test(arguments: StoreKind.tested)
    func eventsAppendedBeforeItWentLiveAreCaughtUpFirst(kind: StoreKind) async throws {
        let (events, rows) = try await kind.makeSharedStores()
        let before = CommandProcessor(eventStore: events)
        for user in ["ada", "bob", "ada"] {
            try await before.send(Shop.PlaceOrder(userId: user, items: ["x"], totalUSD: 1))
        }
        let engine = try Engine(eventStore: events, readStore: rows, projections: [Inline(PlacedCount.Projection())])
        try await engine.withProjectionsRunning {
            #expect(try await placedCount(engine, "ada") == 2)
            try await engine.commands.send(Shop.PlaceOrder(userId: "bob", items: ["x"], totalUSD: 1))
            #expect(try await placedCount(engine, "bob") == 2)
        }
    }

    @Test(arguments: StoreKind.tested)
    func aThrowingHandlerFailsTheCommandAndNothingIsAppended(kind: StoreKind) async throws {
        let engine = try await engine(kind, [Inline(Shop.UserOrders.Projection(ExplodingUserOrdersHandler()))])
        try await engine.withProjectionsRunning {
            try await engine.commands.send(Shop.PlaceOrder(userId: "ada", items: ["x"], totalUSD: 1))
            let head = try await engine.eventStore.headPosition()
            let doomed = Shop.PlaceOrder(userId: "boom", items: ["x"], totalUSD: 1)
            let failure = await #expect(throws: ProjectionFailure.self) { try await engine.commands.send(doomed) }
            #expect(failure?.projection == "UserOrders")
            #expect(failure?.underlyingError is ExplodingUserOrdersHandler.Boom)
            #expect(try await engine.eventStore.headPosition() == head)
            #expect(try await engine.eventStore.readStream(doomed.streamID).isEmpty)
            #expect(try await engine.reader(Shop.UserOrders.self).row(key: [.uuid(doomed.orderId)]) == nil)
            // The projection is still live: the next command's rows are there at once.
            let next = Shop.PlaceOrder(userId: "bob", items: ["x"], totalUSD: 1)
            try await engine.commands.send(next)
            #expect(try await engine.reader(Shop.UserOrders.self).row(key: [.uuid(next.orderId)]) != nil)
        }
    }

    @Test(arguments: StoreKind.tested)
    func concurrentCommandsLoseNoUpdate(kind: StoreKind) async throws {
        let engine = try await engine(kind, [Inline(PlacedCount.Projection())])
        try await engine.withProjectionsRunning {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await engine.commands.send(Shop.PlaceOrder(userId: "ada", items: ["x"], totalUSD: 1))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await placedCount(engine, "ada") == 40)
        }
    }

    @Test(arguments: StoreKind.tested)
    func aRebuildMakesTheSameRowsAndGoesLiveAgain(kind: StoreKind) async throws {
        let engine = try await engine(kind, [Inline(PlacedCount.Projection())])
        try await engine.withProjectionsRunning {
            for user in ["ada", "bob", "ada", "cy"] {
                try await engine.commands.send(Shop.PlaceOrder(userId: user, items: ["x"], totalUSD: 1))
            }
            let before = try await engine.readStore.rows(in: "PlacedCount", matching: [], orderBy: [], page: nil)
            try await engine.rebuild(projection: "PlacedCount")
            try await engine.waitUntilCaughtUp(timeout: .seconds(30))
            let after = try await engine.readStore.rows(in: "PlacedCount", matching: [], orderBy: [], page: nil)
            #expect(after.rows == before.rows)
            try await engine.commands.send(Shop.PlaceOrder(userId: "cy", items: ["x"], totalUSD: 1))
            #expect(try await placedCount(engine, "cy") == 2)
        }
    }

    @Test(arguments: StoreKind.tested)
    func commandsDuringARebuildAreNeitherLostNorCountedTwice(kind: StoreKind) async throws {
        let (events, rows) = try await kind.makeSharedStores()
        let engine = try Engine(
            eventStore: events, readStore: rows, projections: [Inline(PlacedCount.Projection())],
            configuration: .init(projections: .init(batchSize: 3)))
        let users = ["ada", "bob", "cy"]
        try await engine.withProjectionsRunning {
            for index in 0..<12 {
                try await engine.commands.send(Shop.PlaceOrder(userId: users[index % 3], items: ["x"], totalUSD: 1))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await engine.rebuild(projection: "PlacedCount") }
                for index in 0..<30 {
                    group.addTask {
                        try await engine.commands.send(
                            Shop.PlaceOrder(userId: users[index % 3], items: ["x"], totalUSD: 1))
                    }
                }
                try await group.waitForAll()
            }
            try await engine.waitUntilCaughtUp(timeout: .seconds(30))
            for user in users { #expect(try await placedCount(engine, user) == 14) }
        }
    }

    @Test(arguments: StoreKind.tested)
    func aReshapedInlineProjectionIsRebuiltInItsNewShapeThenGoesLive(kind: StoreKind) async throws {
        let (events, rows) = try await kind.makeSharedStores()
        let first = try Engine(eventStore: events, readStore: rows, projections: [Inline(PlacedCount.Projection())])
        try await first.withProjectionsRunning {
            for user in ["ada", "bob", "ada"] {
                try await first.commands.send(Shop.PlaceOrder(userId: user, items: ["x"], totalUSD: 1))
            }
        }
        // The same model with another shape: built from the log beside the old table, promoted, then live.
        let reshaped = try Engine(
            eventStore: events, readStore: rows, projections: [Inline(ReshapedPlacedCount())])
        try await reshaped.withProjectionsRunning {
            try await reshaped.commands.send(Shop.PlaceOrder(userId: "ada", items: ["x"], totalUSD: 1))
            let ada = try await rows.row(in: "PlacedCount", key: ["ada".columnValue])
            #expect(ada == ["ada".columnValue, 3.columnValue, "x".columnValue])
        }
        #expect(try await rows.checkpoint(of: "PlacedCount") == ProjectionConsistency.liveCheckpoint)
    }

    @Test(arguments: StoreKind.tested)
    func aProjectionNoLongerInlineFollowsTheLogAgain(kind: StoreKind) async throws {
        let (events, rows) = try await kind.makeSharedStores()
        let inline = try Engine(eventStore: events, readStore: rows, projections: [Inline(PlacedCount.Projection())])
        try await inline.withProjectionsRunning {
            for user in ["ada", "bob", "ada"] {
                try await inline.commands.send(Shop.PlaceOrder(userId: user, items: ["x"], totalUSD: 1))
            }
        }
        // The same projection, async now: its runner rebuilds it and follows the log.
        let async = try Engine(eventStore: events, readStore: rows, projections: [PlacedCount.Projection()])
        try await async.withProjectionsRunning {
            try await async.commands.send(Shop.PlaceOrder(userId: "ada", items: ["x"], totalUSD: 1))
            try await async.waitUntilCaughtUp(timeout: .seconds(30))
            #expect(try await placedCount(async, "ada") == 3)
            #expect(try await placedCount(async, "bob") == 1)
            #expect(try await rows.checkpoint(of: "PlacedCount") == (try await events.headPosition()))
        }
    }

    @Test(arguments: StoreKind.tested)
    func anOutdatedProcessCannotSkipALiveTableOfAnotherShape(kind: StoreKind) async throws {
        let (events, rows) = try await kind.makeSharedStores()
        let current = try Engine(eventStore: events, readStore: rows, projections: [Inline(ReshapedPlacedCount())])
        try await current.withProjectionsRunning {
            _ = try await current.commands.send(Shop.PlaceOrder(userId: "ada", items: ["x"], totalUSD: 1))
        }
        // An older process, whose projection has the old shape and is not being built beside the live one.
        let outdated = try Engine(eventStore: events, readStore: rows, projections: [Inline(PlacedCount.Projection())])
        let head = try await events.headPosition()
        await #expect(throws: InlineProjectionOutdated.self) {
            try await outdated.commands.send(Shop.PlaceOrder(userId: "ada", items: ["x"], totalUSD: 1))
        }
        #expect(try await events.headPosition() == head)
    }

    @Test(arguments: StoreKind.tested)
    func readYourWritesWithAReceiptReturnsAtOnce(kind: StoreKind) async throws {
        let engine = try await engine(kind, [Inline(PlacedCount.Projection())])
        try await engine.withProjectionsRunning {
            let receipt = try await engine.commands.send(Shop.PlaceOrder(userId: "ada", items: ["x"], totalUSD: 1))
            try await engine.waitUntil(projection: "PlacedCount", hasProcessed: receipt.position, timeout: .zero)
            try await engine.waitUntilCaughtUp(timeout: .zero)
        }
    }

    @Test func storesThatCannotShareATransactionAreRefusedWhenAssembled() async throws {
        let sqlite = try SQLiteTestDatabase.makeStore()
        let pairs: [(any EventStore, any ReadStore)] = [
            (InMemoryEventStore(), sqlite),
            (sqlite, InMemoryReadStore()),
            (sqlite, try SQLiteTestDatabase.makeStore()),
        ]
        for (events, rows) in pairs {
            #expect(throws: EngineError.self) {
                try Engine(eventStore: events, readStore: rows, projections: [Inline(PlacedCount.Projection())])
            }
        }
        // An async projection over the same pairs is fine.
        for (events, rows) in pairs {
            _ = try Engine(eventStore: events, readStore: rows, projections: [PlacedCount.Projection()])
        }
        let error = EngineError.inlineProjectionWithoutSharedTransaction(
            projection: "PlacedCount", eventStore: "InMemoryEventStore", readStore: "SQLiteStore")
        #expect("\(error)".hasPrefix("projection PlacedCount is inline, but its rows (in a SQLiteStore) cannot change"))
    }
}

/// PlacedCount with one more column (the last item ordered): another shape of the same model.
struct ReshapedPlacedCount: ReadModelProjection {
    static let schema = ReadModelSchema(
        name: "PlacedCount",
        columns: [
            .init(name: "userId", type: .string), .init(name: "orders", type: .int),
            .init(name: "lastItem", type: .string),
        ],
        key: ["userId"])

    var name: String { "PlacedCount" }
    var schema: ReadModelSchema { Self.schema }
    var eventTypes: Set<String> { [Shop.OrderPlaced.eventType] }

    func apply(_ event: RecordedEvent, to batch: ProjectionBatch) async throws {
        let placed = try EventPayload.decode(Shop.OrderPlaced.self, from: event)
        let key = [placed.userId.columnValue]
        let orders = try await batch.row(key: key).map { try Int(columnValue: $0[1]) } ?? 0
        batch.upsert([placed.userId.columnValue, (orders + 1).columnValue, (placed.items.last ?? "").columnValue])
    }
}
