import CQRS
import CQRSTestSupport
import Logging
import PostgresNIO
import Testing

@testable import CQRSPostgres

@Suite(
    "PostgreSQL: queries raced against their connection's close",
    .enabled(if: PostgresTestDatabase.isEnabled, PostgresTestDatabase.skipComment), .timeLimit(.minutes(1)))
struct ConnectionCloseWatchTests {
    private func connect() async throws -> PostgresConnection {
        let store = try PostgresStoreConfiguration(url: try PostgresTestDatabase.url())
        let configuration = PostgresConnection.Configuration(
            host: store.host,
            port: store.port,
            username: store.username,
            password: store.password,
            database: store.database,
            tls: .disable
        )
        return try await PostgresConnection.connect(
            configuration: configuration, id: 1, logger: Logger(label: "cqrs.test"))
    }

    @Test func finishedQueriesLeaveNoWaiterBehind() async throws {
        let connection = try await connect()
        for number in 0..<200 {
            let rows = try await connection.untilClosed { connection in
                try await connection.query("SELECT \(number)::bigint", logger: Logger(label: "cqrs.test")).collect()
            }
            #expect(try rows.first?.decode(Int64.self) == Int64(number))
        }
        #expect(ConnectionCloseWatch.shared.waiterCount(on: connection) == 0)
        try await connection.close()
    }

    @Test func aQueryInFlightWhenTheConnectionClosesEnds() async throws {
        let connection = try await connect()
        let watched = Task {
            try await connection.untilClosed { connection in
                try await connection.query("SELECT pg_sleep(20)", logger: Logger(label: "cqrs.test")).collect()
            }
        }
        // Give the query time to reach the server; sent or not, the close must end it.
        try await Task.sleep(for: .milliseconds(200))
        connection.close().whenComplete { _ in }
        let started = ContinuousClock.now
        await #expect(throws: (any Error).self) { try await watched.value }
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(ConnectionCloseWatch.shared.waiterCount(on: connection) == 0)
        // A query on the closed connection ends at once too.
        await #expect(throws: (any Error).self) {
            try await connection.untilClosed { connection in
                try await connection.query("SELECT 1", logger: Logger(label: "cqrs.test")).collect()
            }
        }
    }
}
