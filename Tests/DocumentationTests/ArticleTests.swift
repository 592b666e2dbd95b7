import CQRS
import Foundation
import InMemoryTracing
import Synchronization
import Testing

/// Runs the articles' snippets (the files `*Snippets.swift`) and checks what the articles say they do.
@Suite("Articles' code, run")
struct ArticleTests {
    @Test("Reactions: the call-out ships each paid order once, keyed by its event; the reaction is healthy")
    func reactions() async throws {
        let warehouse = RecordingWarehouse()
        let shop = try shopThatShips(warehouse: warehouse)
        try await shop.withProjectionsRunning {
            let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
            try await shop.send(place)
            try await shop.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
            try await shop.engine.waitUntilSettled(timeout: .seconds(10))
            #expect(try reactionIsHealthy(shop))
        }
        let shipped = warehouse.shipped.withLock { $0 }
        #expect(shipped.map(\.amountUSD) == [12] && Set(shipped.map(\.key)).count == 1)
    }

    @Test("Getting started: place and pay an order, then read the paid order")
    func gettingStarted() async throws {
        let orders = try await placeAndPay()
        #expect(orders.rows.map(\.status) == [.paid])
        #expect(orders.rows.map(\.userId) == ["ada"])
    }

    @Test("Getting started: an invalid command names every violated field")
    func invalidCommand() async throws {
        #expect(Set(try await rejectedFields(shop: try inMemoryShop())) == ["userId", "items", "totalUSD"])
    }

    @Test("Getting started: the write side answers with the state a command left, now and as it was")
    func writeSide() async throws {
        let (placed, current, asPlaced) = try await readTheWriteSide(shop: try inMemoryShop())
        #expect(placed.receipt.version == 1 && placed.state.status == .placed)
        #expect(current?.version == 2 && current?.state.status == .paid)
        #expect(asPlaced?.version == 1 && asPlaced?.state.status == .placed)
    }

    @Test("CQRS without event sourcing: the subscription's row answers the confirmation")
    func stateStored() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("billing-\(UUID()).sqlite").path
        let (subscribed, current) = try await subscribeAndConfirm(path: path)
        #expect(subscribed.receipt.version == 1 && subscribed.state.seats == 5)
        #expect(current?.version == 2 && current?.state.seats == 8 && current?.state.plan == .team)
    }

    @Test("Getting started: the rules' error reaches the sender unchanged")
    func refused() async throws {
        #expect(try await payTwice(shop: try inMemoryShop()) == .cannotPay(.paid))
    }

    @Test("Getting started: a resend with the same command id returns the first receipt")
    func resent() async throws {
        let shop = try inMemoryShop()
        let (first, again) = try await resend(shop: shop)
        #expect(!first.isDuplicate && again.isDuplicate)
        #expect(again.position == first.position)
        #expect(try await shop.engine.eventStore.headPosition() == 1)
    }

    @Test("Projections: read your own write, page through, status, checkpoint and rebuild")
    func projections() async throws {
        let shop = try inMemoryShop()
        try await shop.withProjectionsRunning {
            let order = try await placeAndRead(shop: shop)
            #expect(order?.userId == "ada")
            for _ in 0..<24 { _ = try await placeAndRead(shop: shop) }
            #expect(try await allOrders(of: "ada", shop: shop).count == 25)
            let (second, pages, orders) = try await secondPageAndCount(of: "ada", shop: shop)
            #expect(second.rows.count == 5 && second.number == 2 && second.total == 25 && !second.hasNext)
            #expect(pages == 2 && orders == 25)

            let (status, checkpoint) = try await userOrdersProgress(shop: shop)
            #expect(status == .live)
            #expect(checkpoint == 25)

            try await rebuildUserOrders(shop: shop)
            #expect(try await allOrders(of: "ada", shop: shop).count == 25)
            #expect(try shop.engine.runner("UserOrders").checkpoint == 25)

            try await rebuildBothReadModels(shop: shop)
            #expect(try await allOrders(of: "ada", shop: shop).count == 25)
            #expect(try shop.engine.runner("SalesDashboard").checkpoint == 25)

            try await placeThreeAndCatchUp(shop: shop)
            #expect(try await allOrders(of: "ada", shop: shop).count == 26)
            #expect(try shop.engine.runner("SalesDashboard").checkpoint == 28)

            #expect(try await placeAndCountInline(shop: shop)?.orders == 27)
            #expect(try shop.engine.runner("CustomerTotals").checkpoint == ProjectionConsistency.liveCheckpoint)
        }
    }

    @Test("Stores: SQLite, in a file of its own")
    func sqlite() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "cqrs-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let order = try await sqliteShop(databasePath: folder.appending(path: "shop.sqlite").path)
        #expect(order?.status == .placed)
        let store = try fasterSQLiteStore(databasePath: folder.appending(path: "other.sqlite").path)
        #expect(store.configuration.synchronous == .normal)
    }

    /// Run under `scripts/with-postgres` (as CI does); without `CQRS_POSTGRES_URL` the snippet is only compiled.
    @Test(
        "Stores: PostgreSQL",
        .enabled(if: ProcessInfo.processInfo.environment["CQRS_POSTGRES_URL"].map { !$0.isEmpty } ?? false)
    )
    func postgres() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["CQRS_POSTGRES_URL"])
        let order = try await postgresShop(databaseURL: url)
        #expect(order?.status == .placed)
    }

    @Test("Tracing: a command sent in a span is its child, and its events carry the trace")
    func tracing() async throws {
        let tracer = InMemoryTracer()
        let shop = try tracedShop(tracer)
        let receipt = try await tracer.withSpan("request") { _ in
            try await shop.send(Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12))
        }
        let request = try #require(tracer.finishedSpans.first { $0.operationName == "request" })
        let command = try #require(tracer.finishedSpans.first { $0.operationName == "command PlaceOrder" })
        #expect(command.parentSpanID == request.spanID)
        let events = try await shop.engine.eventStore.readStream(receipt.streamID)
        #expect(events.map { $0.metadata[InMemoryTracer.traceIDKey] } == [request.traceID])
    }
}

/// A warehouse that records what it is told to ship.
final class RecordingWarehouse: Warehouse {
    let shipped = Mutex<[(order: String, amountUSD: Decimal, key: UUID)]>([])

    func ship(order: String, amountUSD: Decimal, key: UUID) async throws {
        shipped.withLock { $0.append((order, amountUSD, key)) }
    }
}
