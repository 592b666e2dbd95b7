import CQRS
import CQRSTestSupport
import Foundation
import Testing

@Suite("Read your writes", .timeLimit(.minutes(1)))
struct ReadYourWritesTests {
    let eventStore = InMemoryEventStore()
    let readStore = InMemoryReadStore()

    @Test func waitsUntilTheProjectionHasTheWrite() async throws {
        let engine = try Engine(
            eventStore: eventStore, readStore: readStore, projections: [Shop.UserOrders.Projection(UserOrdersHandler())]
        )
        try await engine.withProjectionsRunning {
            for _ in 0..<20 {
                let command = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
                let receipt = try await engine.commands.send(command)
                try await engine.waitUntil(
                    projection: "UserOrders", hasProcessed: receipt.position, timeout: .seconds(30))
                #expect(try await engine.reader(Shop.UserOrders.self).row(key: [.uuid(command.orderId)]) != nil)
            }
        }
    }

    @Test func aWaitForAnEventTheProjectionIgnoresStillReturns() async throws {
        // PlacedCount reads OrderPlaced only; a payment still moves its checkpoint.
        let engine = try Engine(eventStore: eventStore, readStore: readStore, projections: [PlacedCount.Projection()])
        try await engine.withProjectionsRunning {
            let command = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
            try await engine.commands.send(command)
            let paid = try await engine.commands.send(Shop.PayOrder(orderId: command.orderId, amountUSD: 12))
            try await engine.waitUntil(projection: "PlacedCount", hasProcessed: paid.position, timeout: .seconds(30))
        }
    }

    @Test func timesOutWithTheCheckpointReached() async throws {
        // The projections are not running: nothing will process the write.
        let engine = try Engine(
            eventStore: eventStore, readStore: readStore, projections: [Shop.UserOrders.Projection(UserOrdersHandler())]
        )
        let receipt = try await engine.commands.send(Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12))
        let timeout = await #expect(throws: ReadYourWritesTimeout.self) {
            try await engine.waitUntil(
                projection: "UserOrders", hasProcessed: receipt.position, timeout: .milliseconds(20))
        }
        #expect(timeout?.projection == "UserOrders")
        #expect(timeout?.position == receipt.position)
        #expect(timeout?.checkpoint == 0)
        #expect(timeout?.description.contains("UserOrders") == true)
        #expect(timeout?.projectionsRunning == false)
        #expect(timeout?.description.contains("projections are not running") == true)
    }

    @Test func aTimeoutWhileRunningSaysNothingOfStartingThem() async throws {
        let gate = Gate(position: 1)
        let engine = try Engine(
            eventStore: eventStore, readStore: readStore,
            projections: [PlacedItems.Projection(schema: PlacedItems.v1, gate: gate)]
        )
        let receipt = try await engine.commands.send(Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12))
        try await engine.withProjectionsRunning {
            await gate.waitUntilReached()
            let timeout = await #expect(throws: ReadYourWritesTimeout.self) {
                try await engine.waitUntil(
                    projection: PlacedItems.name, hasProcessed: receipt.position, timeout: .milliseconds(20))
            }
            #expect(timeout?.projectionsRunning == true)
            #expect(timeout?.description.contains("not running") == false)
            gate.open()
        }
    }

    @Test func waitsUntilEveryProjectionHasCaughtUpWithoutAReceipt() async throws {
        let engine = try Engine(
            eventStore: eventStore, readStore: readStore,
            projections: [Shop.UserOrders.Projection(UserOrdersHandler()), PlacedCount.Projection()])
        try await engine.withProjectionsRunning {
            for user in ["ada", "bob", "ada"] {
                try await engine.commands.send(Shop.PlaceOrder(userId: user, items: ["book"], totalUSD: 12))
            }
            try await engine.waitUntilCaughtUp(timeout: .seconds(30))
            #expect(try await readStore.checkpoint(of: "UserOrders") == 3)
            #expect(try await readStore.checkpoint(of: "PlacedCount") == 3)
        }
        // Not running: the timeout names the first projection behind and says why.
        try await engine.commands.send(Shop.PlaceOrder(userId: "cy", items: ["book"], totalUSD: 12))
        let timeout = await #expect(throws: ReadYourWritesTimeout.self) {
            try await engine.waitUntilCaughtUp(timeout: .milliseconds(20))
        }
        #expect(timeout?.position == 4)
        #expect(timeout?.projectionsRunning == false)
    }

    @Test func aWaiterGetsTheProjectionsFailureAtOnce() async throws {
        let engine = try Engine(
            eventStore: eventStore,
            readStore: readStore,
            projections: [Shop.UserOrders.Projection(ExplodingUserOrdersHandler())]
        )
        try await engine.withProjectionsRunning {
            try await engine.waitUntil(projection: "UserOrders", hasProcessed: 0, timeout: .seconds(30))
            // Waiting for a position not written yet; the failing write comes after the wait began.
            let waiter = Task {
                try await engine.waitUntil(projection: "UserOrders", hasProcessed: 2, timeout: .seconds(600))
            }
            try await engine.commands.send(Shop.PlaceOrder(userId: "boom", items: ["x"], totalUSD: 1))
            try await engine.commands.send(Shop.PlaceOrder(userId: "ada", items: ["x"], totalUSD: 1))
            let failure = try await #require(throws: ProjectionFailure.self) { try await waiter.value }
            #expect(failure.position == 1)
            #expect(failure.eventType == "Order.OrderPlaced")

            // Later waiters get it without waiting.
            await #expect(throws: ProjectionFailure.self) {
                try await engine.waitUntil(projection: "UserOrders", hasProcessed: 1, timeout: .seconds(600))
            }
        }
    }

    @Test func anUnknownProjectionIsAnError() async throws {
        let engine = try Engine(eventStore: eventStore, readStore: readStore, projections: [])
        await #expect(throws: EngineError.unknownProjection("UserOrders")) {
            try await engine.waitUntil(projection: "UserOrders", hasProcessed: 1, timeout: .seconds(1))
        }
    }
}
