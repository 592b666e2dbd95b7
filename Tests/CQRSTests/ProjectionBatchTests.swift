import CQRS
import CQRSTestSupport
import Foundation
import Testing

@Suite("Projection batch")
struct ProjectionBatchTests {
    let readStore = InMemoryReadStore()

    func row(_ user: String, items: Int = 1, status: Shop.OrderStatus = .placed, id: UUID = UUID()) -> Shop.UserOrders {
        Shop.UserOrders(orderId: id, userId: user, itemCount: items, totalUSD: 10, status: status, placedAt: fixedDate)
    }

    func storedRows(_ rows: [Shop.UserOrders]) async throws {
        _ = try await readStore.prepare(Shop.UserOrders.schema)
        try await readStore.commit(rows.map { .upsert($0.columns) }, to: "UserOrders", expected: 0, checkpoint: 1)
    }

    @Test func readsSeeTheBatchsOwnWrites() async throws {
        let stored = row("ada")
        try await storedRows([stored])
        let rows = ProjectionRows<Shop.UserOrders>(ProjectionBatch(store: readStore, schema: Shop.UserOrders.schema))

        #expect(try await rows.row(key: stored.key) == stored)
        let added = row("bob")
        try await rows.insert(added)
        #expect(try await rows.row(key: added.key) == added)

        #expect(try await rows.update(key: stored.key) { $0.status = .paid })
        #expect(try await rows.row(key: stored.key)?.status == .paid)
        // The store has not changed yet.
        #expect(try await readStore.row(in: "UserOrders", key: stored.key) == stored.columns)

        try await rows.delete(key: added.key)
        #expect(try await rows.row(key: added.key) == nil)
    }

    @Test func insertOnATakenKeyThrows() async throws {
        let stored = row("ada")
        try await storedRows([stored])
        let batch = ProjectionBatch(store: readStore, schema: Shop.UserOrders.schema)
        let rows = ProjectionRows<Shop.UserOrders>(batch)
        await #expect(throws: RowAlreadyExists(model: "UserOrders", key: stored.key)) { try await rows.insert(stored) }

        let pending = row("bob")
        try await rows.insert(pending)
        await #expect(throws: RowAlreadyExists.self) { try await rows.insert(pending) }

        // A deleted key is free again; upsert never throws.
        try await rows.delete(key: stored.key)
        try await rows.insert(stored)
        try await rows.upsert(stored)
    }

    @Test func updateOfAMissingRowChangesNothing() async throws {
        try await storedRows([])
        let batch = ProjectionBatch(store: readStore, schema: Shop.UserOrders.schema)
        let rows = ProjectionRows<Shop.UserOrders>(batch)
        let updated = try await rows.update(key: [.uuid(UUID())]) { $0.status = .paid }
        #expect(!updated)
        #expect(batch.changes.isEmpty)
    }

    @Test func filteredReadsMergeStoredAndPendingRows() async throws {
        let adaStored = row("ada", items: 1)
        let adaChanged = row("ada", items: 2)
        let adaDeleted = row("ada", items: 3)
        let bob = row("bob")
        try await storedRows([adaStored, adaChanged, adaDeleted, bob])
        let rows = ProjectionRows<Shop.UserOrders>(ProjectionBatch(store: readStore, schema: Shop.UserOrders.schema))

        let adaNew = row("ada", items: 4)
        try await rows.insert(adaNew)
        try await rows.update(key: adaChanged.key) { $0.itemCount = 20 }
        try await rows.delete(key: adaDeleted.key)
        try await rows.update(key: bob.key) { $0.userId = "ada" }

        let ada = try await rows.rows(matching: [ColumnFilter(column: "userId", value: .string("ada"))])
        #expect(Set(ada.map(\.itemCount)) == [1, 20, 4, 1])
        #expect(ada.count == 4)
        #expect(Set(ada.map(\.orderId)) == [adaStored.orderId, adaChanged.orderId, adaNew.orderId, bob.orderId])
    }

    @Test func changesHoldTheLastStateOfEachKeyInFirstChangeOrder() async throws {
        try await storedRows([])
        let batch = ProjectionBatch(store: readStore, schema: Shop.UserOrders.schema)
        let rows = ProjectionRows<Shop.UserOrders>(batch)
        let first = row("ada")
        let second = row("bob")
        try await rows.insert(first)
        try await rows.insert(second)
        try await rows.update(key: first.key) { $0.status = .cancelled }
        try await rows.delete(key: second.key)

        var cancelled = first
        cancelled.status = .cancelled
        #expect(batch.changes == [.upsert(cancelled.columns), .delete(key: second.key)])
    }
}
