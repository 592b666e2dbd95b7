import CQRS
import CQRSPostgres
import Foundation
import PostgresNIO

/// The PostgreSQL the tests use: `CQRS_POSTGRES_URL`, set by `scripts/with-postgres`. Each store lives in a
/// schema of its own.
///
/// The PostgreSQL tests run when `CQRS_POSTGRES_URL` is set, and always under `CI=true`, where a missing
/// URL fails every one of them with ``NotConfigured`` (CI never skips them). A plain `swift test` without
/// it runs the rest and lists the PostgreSQL suites as skipped, with ``skipReason``.
package enum PostgresTestDatabase {
    /// Whether the PostgreSQL tests run: `CQRS_POSTGRES_URL` is set, or `CI` is `true`.
    package static let isEnabled: Bool = {
        let environment = ProcessInfo.processInfo.environment
        return !(environment["CQRS_POSTGRES_URL"] ?? "").isEmpty || environment["CI"] == "true"
    }()

    /// Why the PostgreSQL tests were left out (shown by `swift test` next to each skipped suite).
    package static let skipReason =
        "CQRS_POSTGRES_URL is not set: PostgreSQL left out (run `scripts/with-postgres swift test` to include it)"

    /// `CQRS_POSTGRES_URL` is missing.
    package struct NotConfigured: Error, CustomStringConvertible {
        package var description: String {
            "CQRS_POSTGRES_URL is not set: run the tests under scripts/with-postgres "
                + "(`scripts/with-postgres swift test`), which starts a throwaway PostgreSQL 15 cluster"
        }
    }

    /// The server's URL.
    package static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["CQRS_POSTGRES_URL"], !url.isEmpty else {
            throw NotConfigured()
        }
        return url
    }

    /// A connection of its own to the test server, outside any store (to hold a transaction open, or look
    /// at a schema the stores refuse); `id` names it in postgres-nio's logs.
    package static func connect(id: Int) async throws -> PostgresConnection {
        let url = try PostgresStoreConfiguration(url: try url())
        return try await PostgresConnection.connect(
            configuration: .init(
                host: url.host, port: url.port, username: url.username, password: url.password,
                database: url.database, tls: .disable),
            id: id, logger: Logger(label: "cqrs.test.connection"))
    }

    /// The psql of the server's installation (`CQRS_POSTGRES_BIN`, set by `scripts/with-postgres`), else
    /// the one on the `PATH`.
    package static var psql: String {
        guard let bin = ProcessInfo.processInfo.environment["CQRS_POSTGRES_BIN"], !bin.isEmpty,
            FileManager.default.isExecutableFile(atPath: bin + "/psql")
        else { return "psql" }
        return bin + "/psql"
    }

    /// A new schema name, unique to the caller.
    package static func freshSchema() -> String {
        "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(24)
    }

    /// A configuration for a fresh schema.
    package static func configuration(
        schema: String = freshSchema(),
        now: (@Sendable () -> Date)? = nil
    ) throws -> PostgresStoreConfiguration {
        var configuration = try PostgresStoreConfiguration(url: try url(), schema: schema)
        configuration.now = now
        configuration.applicationName = "cqrs-test-\(schema)"
        configuration.maximumConnections = 4
        configuration.leaseRetryInterval = .milliseconds(200)
        return configuration
    }

    /// One pool for the shared behavioural suite's stores, running for the whole test process: a store per
    /// test with a pool each would open hundreds of connections when the tests run in parallel.
    private static let sharedClient: Result<PostgresClient, any Error> = Result {
        let configuration = try PostgresStoreConfiguration(url: try url())
        var clientConfiguration = PostgresClient.Configuration(
            host: configuration.host,
            port: configuration.port,
            username: configuration.username,
            password: configuration.password,
            database: configuration.database,
            tls: .disable
        )
        clientConfiguration.options.maximumConnections = 24
        clientConfiguration.options.additionalStartupParameters = [("application_name", "cqrs-test-shared")]
        let client = PostgresClient(configuration: clientConfiguration)
        Task.detached { await client.run() }
        return client
    }

    /// A running store in a fresh schema over the shared pool (for ``StoreKind/postgres``); it stops when
    /// released.
    package static func makeSharedPoolStore(now: (@Sendable () -> Date)? = nil) throws -> PostgresStore {
        let store = try PostgresStore(configuration: try configuration(now: now), client: try sharedClient.get())
        try store.start()
        return store
    }

    /// A running store with a pool of its own (for tests that break its connections), in `schema`.
    package static func makeStore(
        schema: String = freshSchema(),
        configure: (inout PostgresStoreConfiguration) -> Void = { _ in }
    ) throws -> PostgresStore {
        var configuration = try configuration(schema: schema)
        configure(&configuration)
        let store = try PostgresStore(configuration: configuration)
        try store.start()
        return store
    }
}
