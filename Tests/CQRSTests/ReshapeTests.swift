import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// Blue-green reshape: a projection whose shape changed is rebuilt beside the old table, which keeps
/// serving, then promoted; for every store kind.
@Suite("Reshaping a read model", .timeLimit(.minutes(1)))
struct ReshapeTests {
    let timeout = Duration.seconds(30)

    /// Places an order; its event's position.
    @discardableResult
    func place(_ user: String, items: Int, with processor: CommandProcessor) async throws -> Int64 {
        try await processor.send(
            Shop.PlaceOrder(userId: user, items: Array(repeating: "x", count: items), totalUSD: 12)
        ).position
    }

    func rows(_ store: any ReadStore) async throws -> [[ColumnValue]] {
        try await store.rows(in: PlacedItems.name, matching: [], orderBy: [], page: nil).rows
    }

    @Test(arguments: StoreKind.tested)
    func aReshapedModelIsRebuiltBesideTheOldOneThenPromoted(kind: StoreKind) async throws {
        let eventStore = try await kind.makeEventStore()
        let readStore = try await kind.makeReadStore()
        let processor = CommandProcessor(eventStore: eventStore)
        var positions: [Int64] = []
        for (user, items) in [("ada", 1), ("bob", 2), ("ada", 3)] {
            positions.append(try await place(user, items: items, with: processor))
        }
        let first = ProjectionRunner(
            projection: PlacedItems.Projection(schema: PlacedItems.v1),
            eventStore: eventStore,
            readStore: readStore,
            configuration: .init(batchSize: 1)
        )
        try await first.rebuild()
        let v1Rows: [[ColumnValue]] = [[.string("ada"), .int(2)], [.string("bob"), .int(1)]]
        #expect(try await rows(readStore) == v1Rows)

        positions.append(try await place("cy", items: 4, with: processor))
        let gate = Gate(position: positions[1])
        let second = ProjectionRunner(
            projection: PlacedItems.Projection(schema: PlacedItems.v2, gate: gate),
            eventStore: eventStore,
            readStore: readStore,
            configuration: .init(batchSize: 1)
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await second.run() }
            await gate.waitUntilReached()
            // The new shape is half built; queries still read the old table, at its checkpoint.
            #expect(try await rows(readStore) == v1Rows)
            #expect(try await readStore.checkpoint(of: PlacedItems.name) == positions[2])
            #expect(second.checkpoint == positions[2])
            #expect(second.status == .catchingUp)

            gate.open()
            try await second.waitUntilProcessed(positions[3], timeout: timeout)
            let promoted: [[ColumnValue]] = [
                [.string("ada"), .int(2), .int(4)], [.string("bob"), .int(1), .int(2)],
                [.string("cy"), .int(1), .int(4)],
            ]
            #expect(try await rows(readStore) == promoted)
            #expect(try await readStore.checkpoint(of: PlacedItems.name) == positions[3])

            // Live on the promoted table.
            let last = try await place("dee", items: 1, with: processor)
            try await second.waitUntilProcessed(last, timeout: timeout)
            #expect(try await rows(readStore).count == 4)
            group.cancelAll()
        }
        #expect(
            try await readStore.prepare(PlacedItems.v2) == ModelPreparation(target: PlacedItems.name, isStaging: false))

        // The same rows as a replay from scratch.
        let fresh = try await kind.makeReadStore()
        let replay = ProjectionRunner(
            projection: PlacedItems.Projection(schema: PlacedItems.v2), eventStore: eventStore, readStore: fresh)
        try await replay.rebuild()
        #expect(try await rows(fresh) == rows(readStore))
    }

    @Test(arguments: StoreKind.tested)
    func aRebuildDuringAReshapeRebuildsTheStagingTable(kind: StoreKind) async throws {
        let eventStore = try await kind.makeEventStore()
        let readStore = try await kind.makeReadStore()
        let processor = CommandProcessor(eventStore: eventStore)
        try await place("ada", items: 1, with: processor)
        try await ProjectionRunner(
            projection: PlacedItems.Projection(schema: PlacedItems.v1), eventStore: eventStore, readStore: readStore
        ).rebuild()
        let last = try await place("ada", items: 2, with: processor)

        let runner = ProjectionRunner(
            projection: PlacedItems.Projection(schema: PlacedItems.v2), eventStore: eventStore, readStore: readStore)
        try await runner.rebuild()
        #expect(try await rows(readStore) == [[.string("ada"), .int(2), .int(3)]])
        #expect(try await readStore.checkpoint(of: PlacedItems.name) == last)
    }
}
