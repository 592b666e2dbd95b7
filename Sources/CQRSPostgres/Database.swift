import CQRS
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// What a ``PostgresStore`` shares with its background work: the pool, the schema, the notification hub
/// and the run state. The store owns it; background tasks hold it, never the store, so that dropping the
/// store stops them.
final class Database: Sendable {
    let configuration: PostgresStoreConfiguration
    let schema: PostgresSchema
    let client: PostgresClient
    let connectionConfiguration: PostgresConnection.Configuration
    let hub = HeadNotifier()
    /// Read models committed by any process (`NOTIFY` payload `m:` and the model's name), for watched queries.
    let modelChanges = ReadModelChangeFeed()
    /// Sends this process's heads to the other processes, after their appends commit.
    let announcer = ChangeAnnouncer()
    /// Wakes the readers again while committed events wait behind the read horizon.
    let waker: HorizonWaker
    let logger: Logger
    private let running = Atomic<Bool>(false)
    private let ready = Atomic<Bool>(false)
    private let setup = Mutex<Task<Void, any Error>?>(nil)
    private let nextConnectionID = Atomic<Int>(1_000_000)

    /// Whether the store runs `client` (it made it) or its owner does.
    let ownsClient: Bool

    init(configuration: PostgresStoreConfiguration, client: PostgresClient?, logger: Logger) {
        self.configuration = configuration
        self.schema = PostgresSchema(name: configuration.schema)
        self.logger = logger
        self.ownsClient = client == nil
        self.waker = HorizonWaker(hub: hub)
        var clientConfiguration = PostgresClient.Configuration(
            host: configuration.host,
            port: configuration.port,
            username: configuration.username,
            password: configuration.password,
            database: configuration.database,
            tls: .disable
        )
        clientConfiguration.options.maximumConnections = max(configuration.maximumConnections, 1)
        // A fixed-size pool. postgres-nio's pool (1.33) replaces a connection that drops only to keep its
        // minimum, so a request queued for a connection that then dropped would wait until some later
        // request asks for one. With the minimum at the maximum, a dropped connection is reopened at once.
        clientConfiguration.options.minimumConnections = clientConfiguration.options.maximumConnections
        clientConfiguration.options.connectionIdleTimeout = .seconds(30)
        clientConfiguration.options.additionalStartupParameters = [
            ("application_name", String(configuration.applicationName.prefix(63)))
        ]
        // The pool's own warnings (a lease before run() starts, connection attempts) surface as the store's
        // errors and retries; only its errors are logged.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .error)
        self.client = client ?? PostgresClient(configuration: clientConfiguration, backgroundLogger: poolLogger)
        self.connectionConfiguration = PostgresConnection.Configuration(
            host: configuration.host,
            port: configuration.port,
            username: configuration.username,
            password: configuration.password,
            database: configuration.database,
            tls: .disable
        )
    }

    // MARK: Running

    /// Marks the store running; `false` when it already was.
    func markRunning() -> Bool {
        running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }

    /// Runs the pool (when the store owns it) and the LISTEN connection until cancelled (or a graceful shutdown); the store must have
    /// been marked running.
    func run() async {
        defer {
            running.store(false, ordering: .releasing)
            hub.finish()
            modelChanges.finish()
            announcer.finish()
            waker.finish()
        }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                if self.ownsClient {
                    group.addTask { await self.client.run() }
                }
                group.addTask { await self.listen() }
                group.addTask { await self.announcer.run(self) }
                group.addTask { await self.waker.run() }
            }
        }
    }

    /// Throws ``PostgresStoreError/notRunning`` unless running, then makes sure the schema is set up.
    func ensureReady() async throws {
        guard running.load(ordering: .acquiring) else { throw PostgresStoreError.notRunning }
        if ready.load(ordering: .acquiring) { return }
        let task = setup.withLock { setup in
            if let setup { return setup }
            let task = Task { try await self.setUp() }
            setup = task
            return task
        }
        do {
            try await task.value
            ready.store(true, ordering: .releasing)
        } catch {
            setup.withLock { $0 = nil }
            throw error
        }
    }

    // MARK: Queries

    /// Runs `body`, again after a dropped connection (at most ``PostgresStoreConfiguration/connectionRetries``
    /// more times); errors become ``PostgresStoreError``. `body` must be safe to repeat.
    func withRetries<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await body()
            } catch  where DatabaseFailure.isConnectionLoss(error) && attempt <= configuration.connectionRetries {
                logger.warning(
                    "connection lost, retrying",
                    metadata: [
                        "operation": "\(operation)", "attempt": "\(attempt)",
                        "error": "\(DatabaseFailure.describe(error))",
                    ]
                )
                try await Task.sleep(for: Self.backoff(attempt))
            } catch {
                throw DatabaseFailure.typed(error, operation: operation, attempts: attempt)
            }
        }
    }

    /// The pause before retry `attempt` (from 1): 50 ms, doubling, at most 1 s.
    static func backoff(_ attempt: Int) -> Duration {
        .milliseconds(min(50 << min(attempt - 1, 5), 1000))
    }

    /// Every row of a query (on a pooled connection), retried after a dropped connection.
    func rows(_ query: PostgresQuery, _ operation: String) async throws -> [PostgresRow] {
        try await withRetries(operation) {
            try await pooledRows(query)
        }
    }

    /// Every row of `query`, on a connection leased from the pool for exactly that long.
    ///
    /// Not `PostgresClient.query`: when the connection drops while that query is sent or streamed, its
    /// lease is not always given back, and after a few drops every request waits for a connection
    /// forever (postgres-nio 1.33; the dropped-connection tests hung on it). `withConnection` releases
    /// the lease however its closure ends.
    func pooledRows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.withConnection { connection in
            try await connection.untilClosed { [logger] connection in
                try await connection.query(query, logger: logger).collect()
            }
        }
    }

    /// Every row of `query`, run in a transaction of its own (`BEGIN`, the query, `COMMIT`), returned only
    /// once the server has confirmed the commit.
    ///
    /// A statement sent alone commits implicitly after its rows have been sent: when the connection drops
    /// in between, the client holds the rows of a transaction that rolled back. Read-model commits
    /// therefore wait for `COMMIT`'s answer; a drop before it leaves the outcome unknown, which their
    /// retries resolve by the checkpoint. (Appends get the same guarantee in one round trip from the
    /// `append_committed` procedure, which commits before it answers.)
    func committedRows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        defer { waker.transactionEnded() }
        return try await client.withConnection { connection in
            try await connection.untilClosed { [logger] connection in
                try await Self.inTransaction(connection, logger: logger) {
                    try await connection.query(query, logger: logger).collect()
                }
            }
        }
    }

    /// `body` between `BEGIN` and `COMMIT` on `connection`. On an error, `ROLLBACK`, or closing the connection
    /// if that fails, so that the pool never hands out a connection still inside a transaction block (where
    /// `CALL append_committed`, which commits, would fail).
    static func inTransaction<T>(
        _ connection: PostgresConnection, logger: Logger, isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> sending T
    ) async throws -> sending T {
        try await connection.query("BEGIN", logger: logger)
        do {
            let result = try await body()
            try await connection.query("COMMIT", logger: logger)
            return result
        } catch {
            do {
                _ = try await connection.query("ROLLBACK", logger: logger)
            } catch {
                try? await connection.close()
            }
            throw error
        }
    }

    /// A new connection outside the pool, for LISTEN and for holding session advisory locks; `purpose`
    /// becomes its `application_name` (`<applicationName>-<purpose>`), for `pg_stat_activity`.
    func connect(purpose: String) async throws -> PostgresConnection {
        let id = nextConnectionID.wrappingAdd(1, ordering: .relaxed).newValue
        var configuration = connectionConfiguration
        configuration.options.additionalStartupParameters = [
            ("application_name", String("\(self.configuration.applicationName)-\(purpose)".prefix(63)))
        ]
        return try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
    }

    /// Runs `body` in a transaction on a pooled connection (`BEGIN` … `COMMIT`, `ROLLBACK` on error), again
    /// after a dropped connection.
    func transaction<T>(_ operation: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withRetries(operation) {
            try await client.withConnection { connection in
                try await Self.inTransaction(connection, logger: logger) { try await body(connection) }
            }
        }
    }

    // MARK: Schema

    private func setUp() async throws {
        try await transaction("schema setup") { connection in
            try await migrate(connection)
        }
    }

    private func migrate(_ connection: PostgresConnection) async throws {
        let versions = schema.table("schema_version")
        try await connection.query("SELECT pg_advisory_xact_lock(\(schema.setupLockKey))", logger: logger)
        try await connection.query(
            PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema.quoted)"), logger: logger)
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    CREATE TABLE IF NOT EXISTS \(versions) (
                        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                        version integer NOT NULL
                    )
                    """
            ),
            logger: logger
        )
        var found = 0
        for try await version in try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT version FROM \(versions)"),
            logger: logger
        ).decode(Int32.self) {
            found = Int(version)
        }
        guard found <= PostgresSchema.currentVersion else {
            throw PostgresStoreError.schemaTooNew(
                schema: schema.name, found: found, supported: PostgresSchema.currentVersion)
        }
        guard found < PostgresSchema.currentVersion else { return }
        for version in (found + 1)...PostgresSchema.currentVersion {
            for statement in schema.migration(to: version) {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(versions) (singleton, version) VALUES (true, \(PostgresSchema.currentVersion))
                    ON CONFLICT (singleton) DO UPDATE SET version = excluded.version
                    """
            ),
            logger: logger
        )
        logger.debug(
            "schema set up",
            metadata: ["schema": "\(schema.name)", "from": "\(found)", "to": "\(PostgresSchema.currentVersion)"]
        )
    }

    // MARK: The read horizon

    /// `(SELECT <horizon>)`: the first position no reader may read yet, in SQL. Positions are transaction ids
    /// shifted left (``PostgresSchema/positionBits``), and every transaction below the snapshot's `xmin` has
    /// ended: what lies below is final, and every event still to come will be numbered above it.
    var horizonSQL: String {
        "(SELECT \(PostgresSchema.positionBase(ofTransaction: "pg_snapshot_xmin(pg_current_snapshot())")))"
    }

    /// The last committed position (readable or not yet); 0 when none.
    var headQuery: PostgresQuery {
        PostgresQuery(unsafeSQL: "SELECT coalesce(max(position), 0) FROM \(schema.table("events"))")
    }

    // MARK: Notifications

    /// Once someone subscribes (to heads or to read models' changes): holds a LISTEN connection, reconnecting
    /// after failures, and publishes every head and every read model's commit another process (or this one)
    /// notifies; after (re)connecting it publishes the current head and wakes every read model's watcher, so
    /// that nothing committed while it was not listening goes unnoticed.
    private func listen() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in self.hub.demand { break } }
            group.addTask { for await _ in self.modelChanges.demand { break } }
            await group.next()
            group.cancelAll()
        }
        var failures = 0
        while !Task.isCancelled {
            do {
                try await ensureReady()
                let connection = try await connect(purpose: "listen")
                do {
                    try await connection.listen(on: schema.channel) { notifications in
                        let head =
                            try await connection.query(headQuery, logger: logger).collect().first?.decode(
                                Int64.self) ?? 0
                        hub.publish(head)
                        modelChanges.publishAll()
                        failures = 0
                        for try await notification in notifications {
                            let payload = notification.payload
                            if let head = Int64(payload) {
                                hub.publish(head)
                            } else if payload.hasPrefix(ReadModelTable.changePrefix) {
                                modelChanges.publish(String(payload.dropFirst(ReadModelTable.changePrefix.count)))
                            }
                        }
                    }
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch {
                if Task.isCancelled { break }
                failures += 1
                logger.warning(
                    "LISTEN connection failed",
                    metadata: ["error": "\(DatabaseFailure.describe(error))", "failures": "\(failures)"])
            }
            try? await Task.sleep(for: Self.backoff(failures + 1))
        }
    }
}
