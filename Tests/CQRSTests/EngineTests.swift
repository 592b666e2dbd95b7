import CQRS
import CQRSTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Engine", .timeLimit(.minutes(1)))
struct EngineTests {
    @Test func theShopEndToEnd() async throws {
        let engine = try Engine(
            eventStore: InMemoryEventStore(),
            readStore: InMemoryReadStore(),
            projections: [Shop.UserOrders.Projection(UserOrdersHandler())]
        )
        // Generated names, not string literals: the typed column takes a value of its own type.
        let byUser = [Shop.UserOrders.Column.userId.equals("ada")]
        let newestFirst = [Shop.UserOrders.Column.placedAt.descending]
        #expect(byUser == [ColumnFilter(column: "userId", value: .string("ada"))])
        #expect(newestFirst == [ColumnOrdering(column: "placedAt", descending: true)])
        #expect(Shop.UserOrders.name == Shop.UserOrders.schema.name)

        try await engine.withProjectionsRunning {
            var last: CommandReceipt?
            var ids: [UUID] = []
            for index in 0..<7 {
                let placedAt = Date(timeIntervalSince1970: 1_700_000_000 + Double(index / 2))  // pairs tie
                let command = Shop.PlaceOrder(userId: index == 3 ? "bob" : "ada", items: ["x"], totalUSD: 5)
                ids.append(command.orderId)
                last = try await engine.commands.handle(
                    command, with: Shop.Order.Definition(OrderRules(now: { placedAt })))
            }
            try await engine.waitUntil(
                projection: Shop.UserOrders.name, hasProcessed: last!.position, timeout: .seconds(30))

            let reader = engine.reader(Shop.UserOrders.self)
            var seen: [Shop.UserOrders] = []
            var request: PageRequest? = .first(4)
            while let page = request {
                let result = try await reader.rows(matching: byUser, orderBy: newestFirst, page: page)
                seen += result.rows
                request = result.next
            }
            #expect(seen.count == 6)
            #expect(seen.allSatisfy { $0.userId == "ada" })
            let expected = zip(ids.indices, ids).filter { $0.0 != 3 }.sorted { lhs, rhs in
                if lhs.0 / 2 != rhs.0 / 2 { return lhs.0 / 2 > rhs.0 / 2 }
                return lhs.1.uuidString < rhs.1.uuidString
            }.map(\.1)
            #expect(seen.map(\.orderId) == expected)

            let all = try await reader.all(orderBy: [], page: .first(10))
            #expect(all.rows.count == 7)
            #expect(all.nextCursor == nil)
            #expect(all.next == nil)
        }
    }

    @Test func aWatchOfAnUnknownProjectionFailsAndOneLeftEarlyStopsReading() async throws {
        let engine = try Engine(
            eventStore: InMemoryEventStore(), readStore: InMemoryReadStore(),
            projections: [Shop.UserOrders.Projection(UserOrdersHandler())])
        var unknown = engine.watch(projection: "Nope") { 0 }.makeAsyncIterator()
        await #expect(throws: EngineError.unknownProjection("Nope")) { _ = try await unknown.next() }

        let asks = Mutex(0)
        try await engine.withProjectionsRunning {
            let reader = engine.reader(Shop.UserOrders.self)
            let watch = engine.watch(projection: Shop.UserOrders.name) {
                asks.withLock { $0 += 1 }
                return try await reader.count(matching: [])
            }
            for try await update in watch {
                #expect(update.answer == 0)
                break  // The iterator goes away: its watch stops reading.
            }
            let before = asks.withLock { $0 }
            for _ in 0..<3 {
                try await engine.commands.handle(
                    Shop.PlaceOrder(userId: "ada", items: ["x"], totalUSD: 5), with: Shop.Order.Definition(OrderRules())
                )
            }
            try await engine.waitUntilCaughtUp(timeout: .seconds(5))
            try await Task.sleep(for: .milliseconds(50))
            #expect(asks.withLock { $0 } == before)
        }
    }

    @Test func projectionsRebuiltTogetherReadTheLogOnceAndDecodeEachPayloadOnce() async throws {
        let eventStore = InMemoryEventStore()
        let readStore = InMemoryReadStore()
        let processor = CommandProcessor(eventStore: eventStore)
        for user in ["ada", "bob", "ada", "cy", "ada"] {
            try await processor.send(Shop.PlaceOrder(userId: user, items: ["x"], totalUSD: 5))
        }
        let projections = [PlacementsPerUser(name: "PerUserA"), PlacementsPerUser(name: "PerUserB")]
        let engine = try Engine(
            eventStore: eventStore, readStore: readStore, projections: projections,
            configuration: .init(projections: .init(batchSize: 2)))

        let before = CountedPlacement.decodes.load(ordering: .relaxed)
        try await engine.rebuild(projections: ["PerUserA", "PerUserB", "PerUserA"])
        #expect(CountedPlacement.decodes.load(ordering: .relaxed) - before == 5)
        for name in ["PerUserA", "PerUserB"] {
            let rows = try await readStore.rows(in: name, matching: [], orderBy: [], page: nil).rows
            let expected: [[ColumnValue]] = [
                [.string("ada"), .int(3)], [.string("bob"), .int(1)], [.string("cy"), .int(1)],
            ]
            #expect(rows == expected)
            #expect(try await readStore.checkpoint(of: name) == 5)
        }

        // One at a time, each decodes every payload: nothing is shared.
        try await engine.rebuild(projection: "PerUserA")
        try await engine.rebuild(projection: "PerUserB")
        #expect(CountedPlacement.decodes.load(ordering: .relaxed) - before == 15)

        // Together with the engine running: the running loops rebuild, sharing the pages.
        try await engine.withProjectionsRunning {
            try await engine.rebuildAll()
            #expect(CountedPlacement.decodes.load(ordering: .relaxed) - before == 20)
            #expect(try await readStore.checkpoint(of: "PerUserB") == 5)
        }
        await #expect(throws: EngineError.unknownProjection("Nope")) {
            try await engine.rebuild(projections: ["PerUserA", "Nope"])
        }
    }
}

/// OrderPlaced read through a type that counts how often a payload is decoded.
private struct CountedPlacement: DomainEvent {
    static let decodes = Atomic<Int>(0)
    static var eventType: String { Shop.OrderPlaced.eventType }
    var userId: String

    private enum CodingKeys: String, CodingKey { case userId }

    init(from decoder: any Decoder) throws {
        userId = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .userId)
        Self.decodes.add(1, ordering: .relaxed)
    }

    func encodePayload(to writer: inout PayloadWriter) throws {
        writer.beginObject()
        try writer.member("userId", userId)
        writer.endObject()
    }
}

/// Orders placed per user, counted from ``CountedPlacement``s, under a name of its own.
private struct PlacementsPerUser: ReadModelProjection {
    let name: String
    var schema: ReadModelSchema {
        ReadModelSchema(
            name: name, columns: [.init(name: "userId", type: .string), .init(name: "orders", type: .int)],
            key: ["userId"])
    }
    var eventTypes: Set<String> { [CountedPlacement.eventType] }

    func apply(_ event: RecordedEvent, to batch: ProjectionBatch) async throws {
        let placed: CountedPlacement = try event.decode()
        let key: [ColumnValue] = [.string(placed.userId)]
        let orders = try await batch.row(key: key).map { try Int(columnValue: $0[1]) } ?? 0
        batch.upsert([.string(placed.userId), (orders + 1).columnValue])
    }
}
