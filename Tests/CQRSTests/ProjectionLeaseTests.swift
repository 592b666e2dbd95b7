import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// One runner per projection at a time: leases, for every store kind.
@Suite("Projection leases", .timeLimit(.minutes(1)))
struct ProjectionLeaseTests {
    let timeout = Duration.seconds(30)

    @Test(arguments: StoreKind.tested)
    func onlyOneRunnerOfAProjectionProcessesAtATime(kind: StoreKind) async throws {
        let eventStore = try await kind.makeEventStore()
        let readStore = try await kind.makeReadStore()
        let processor = CommandProcessor(eventStore: eventStore)
        var last: Int64 = 0
        for user in ["ada", "bob", "ada"] {
            last = try await processor.send(Shop.PlaceOrder(userId: user, items: ["book"], totalUSD: 12)).position
        }
        let first = ProjectionRunner(projection: PlacedCount.Projection(), eventStore: eventStore, readStore: readStore)
        let second = ProjectionRunner(
            projection: PlacedCount.Projection(), eventStore: eventStore, readStore: readStore)

        let firstTask = Task { try await first.run() }
        try await first.waitUntilProcessed(last, timeout: timeout)
        let secondTask = Task { try await second.run() }
        try await eventually("the second runner waits for the lease") { second.status == .waitingForLease }

        last = try await processor.send(Shop.PlaceOrder(userId: "cy", items: ["book"], totalUSD: 12)).position
        try await first.waitUntilProcessed(last, timeout: timeout)
        #expect(second.status == .waitingForLease)
        #expect(second.checkpoint == 0)

        // The first stops: the second takes over from the committed checkpoint.
        firstTask.cancel()
        _ = await firstTask.result
        try await second.waitUntilProcessed(last, timeout: timeout)
        last = try await processor.send(Shop.PlaceOrder(userId: "bob", items: ["book"], totalUSD: 12)).position
        try await second.waitUntilProcessed(last, timeout: timeout)
        secondTask.cancel()
        _ = await secondTask.result

        let rows = try await readStore.rows(in: "PlacedCount", matching: [], orderBy: [], page: nil).rows
        #expect(
            try rows.map(PlacedCount.init(columns:)) == [
                PlacedCount(userId: "ada", orders: 2), PlacedCount(userId: "bob", orders: 2),
                PlacedCount(userId: "cy", orders: 1),
            ])
    }

    @Test func localLeasesAreExclusivePerNameAndHandedOverInOrder() async throws {
        let leases = LocalLeaseProvider()
        let held = try await leases.acquire("A")
        let other = try await leases.acquire("B")
        #expect(await held.isHeld())
        #expect(await other.isHeld())

        let waiting = Task { try await leases.acquire("A") }
        let cancelled = Task { try await leases.acquire("A") }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }

        await held.release()
        #expect(await !held.isHeld())
        let next = try await waiting.value
        #expect(await next.isHeld())
        // Releasing again, or a lease no longer held, changes nothing.
        await held.release()
        #expect(await next.isHeld())
        await next.release()
        await other.release()
        let again = try await leases.acquire("A")
        #expect(await again.isHeld())
        await again.release()
    }
}
