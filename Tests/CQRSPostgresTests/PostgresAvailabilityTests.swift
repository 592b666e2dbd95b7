import CQRS
import CQRSPostgres
import CQRSTestSupport
import Foundation
import Testing

/// The shared suite's PostgreSQL cases: skipped (with the reason) when ``PostgresTestDatabase/isEnabled`` is
/// false, so that a plain `swift test` says what it left out; otherwise the server answers an append.
@Suite(
    "PostgreSQL in the shared suite",
    .enabled(if: PostgresTestDatabase.isEnabled, PostgresTestDatabase.skipComment),
    .timeLimit(.minutes(1))
)
struct PostgresAvailabilityTests {
    @Test("CQRS_POSTGRES_URL reaches a server that takes an append")
    func serverAnswers() async throws {
        #expect(StoreKind.tested.contains(.postgres))
        let store = try PostgresTestDatabase.makeSharedPoolStore()
        let stream = StreamID(category: "Probe", id: "1")
        let result = try await store.append(
            AppendRequest(
                stream: stream, expectedVersion: .noStream,
                events: [NewEvent(eventType: "Probed", schemaVersion: 1, payload: Data("{}".utf8))]))
        #expect(result.version == 1)
    }
}
