import CQRS
import CQRSTestSupport
import Foundation
import Testing

@testable import CQRSPostgres

/// A group-commit batch splits into transactions of at most 65,535 events (a position numbers the events
/// of its transaction in 16 bits); this needs no server.
@Suite(
    "PostgreSQL: batches split by event count",
    .enabled(if: PostgresTestDatabase.isEnabled, PostgresTestDatabase.skipComment))
struct AppendSplitTests {
    @Test func aBatchSplitsIntoAsFewTransactionsAsTheLimitAllows() {
        #expect(Database.transactions(eventCounts: [], limit: 10) == [])
        #expect(Database.transactions(eventCounts: [3, 3, 4], limit: 10) == [.transaction(0..<3)])
        #expect(
            Database.transactions(eventCounts: [3, 3, 5, 10, 0], limit: 10) == [
                .transaction(0..<2), .transaction(2..<3), .transaction(3..<5),
            ])
        #expect(
            Database.transactions(eventCounts: [2, 11, 2, 12], limit: 10) == [
                .transaction(0..<1), .tooLarge(1), .transaction(2..<3), .tooLarge(3),
            ])
        #expect(Database.transactions(eventCounts: [11], limit: 10) == [.tooLarge(0)])
    }

    @Test func anAppendOfMoreEventsThanATransactionHoldsFailsAloneAndSaysWhy() async throws {
        let store = try PostgresTestDatabase.makeSharedPoolStore()
        let limit = PostgresSchema.maximumEventsPerTransaction
        let events = (0...limit).map { _ in NewEvent(eventType: "T", schemaVersion: 1, payload: Data("{}".utf8)) }
        let error = await #expect(throws: PostgresStoreError.self) {
            try await store.append(
                AppendRequest(stream: StreamID(category: "T", id: "big"), expectedVersion: .any, events: events))
        }
        #expect(
            error == .failed(operation: "append", reason: "65536 events in one append; PostgreSQL takes at most 65535"))
        #expect(try await store.readStream(StreamID(category: "T", id: "big")).isEmpty)
    }
}
