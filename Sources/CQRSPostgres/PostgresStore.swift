import CQRS
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// An ``CQRS/EventStore`` and ``CQRS/ReadStore`` in PostgreSQL, over a connection pool (postgres-nio's
/// `PostgresClient`).
///
/// The store creates its tables in ``PostgresStoreConfiguration/schema`` on first use (idempotent,
/// versioned). Any number of processes may use one database: appends run in parallel, positions are
/// transaction ids (shifted left) and readers read only below the oldest transaction still in flight, so
/// that the global order never skips an event (see `docs/Stores.md`); each projection runs in one process
/// at a time under a lease (a session advisory lock).
///
/// Lifecycle: the pool works only while the store runs. Either run it as a swift-service-lifecycle
/// `Service` (or in a task: ``run()``), use ``withStore(configuration:logger:_:)``, or call ``start()`` and
/// ``shutdown()``:
///
/// ```swift
/// try await PostgresStore.withStore(configuration: .init(url: url, schema: "shop")) { store in
///     let engine = try Engine(eventStore: store, readStore: store, projections: [...])
///     try await engine.run()
/// }
/// ```
///
/// A dropped connection is retried (``PostgresStoreConfiguration/connectionRetries``) and every retry is
/// exactly-once: reads repeat harmlessly, an append that may have committed is answered from its command
/// id's record (or, without one, from its first event id), a read model commit is fenced by its expected
/// checkpoint. When the retries run out: ``PostgresStoreError/connectionLost(operation:attempts:reason:)``.
public final class PostgresStore: Service, Sendable {
    /// The configuration the store was created with.
    public let configuration: PostgresStoreConfiguration
    let database: Database
    let batcher: GroupCommit<AppendRequest, AppendResult>
    let catalog: ReadModelCatalog
    let rowCache: LeasedRowCache
    let leases: PostgresLeaseProvider
    private let ownRun = Mutex<Task<Void, Never>?>(nil)

    /// Creates a store; nothing connects until it runs.
    ///
    /// - Parameters:
    ///   - configuration: The server, the schema and the store's settings.
    ///   - client: A pool to share with other users, which its owner runs; `nil` (the default): the store
    ///     makes its own from `configuration` and runs it. Either way the store opens a few connections of
    ///     its own from `configuration` (LISTEN, leases).
    ///   - logger: Where the store logs.
    /// - Throws: ``PostgresStoreError/invalidSchemaName(_:)``.
    public init(
        configuration: PostgresStoreConfiguration,
        client: PostgresClient? = nil,
        logger: Logger = Logger(label: "cqrs.postgres")
    ) throws {
        try configuration.validate()
        self.configuration = configuration
        let database = Database(configuration: configuration, client: client, logger: logger)
        self.database = database
        self.batcher = GroupCommit(
            maximumBatch: configuration.maximumAppendsPerTransaction,
            maximumInFlight: configuration.maximumConcurrentAppendTransactions)
        self.catalog = ReadModelCatalog(database: database)
        let rowCache = LeasedRowCache(maximumRows: configuration.leasedRowCacheSize)
        self.rowCache = rowCache
        self.leases = PostgresLeaseProvider(database: database, rowCache: rowCache)
    }

    /// Creates a store from a URL, `postgres://user[:password]@host[:port][/database]`.
    ///
    /// - Throws: ``PostgresStoreError/invalidURL(_:)``, ``PostgresStoreError/invalidSchemaName(_:)``.
    public convenience init(url: String, schema: String = "cqrs") throws {
        try self.init(configuration: PostgresStoreConfiguration(url: url, schema: schema))
    }

    deinit {
        ownRun.withLock { $0?.cancel() }
    }

    /// The schema holding the store's tables.
    public var schemaName: String { configuration.schema }

    /// The version of the store's tables this library writes (kept in the schema's `schema_version`).
    public static var schemaVersion: Int { PostgresSchema.currentVersion }

    /// Runs the pool (unless it was given) and the notification listener until the task is cancelled or a
    /// graceful shutdown begins.
    ///
    /// - Throws: ``PostgresStoreError/failed(operation:reason:)`` when the store is already running.
    public func run() async throws {
        guard database.markRunning() else {
            throw PostgresStoreError.failed(operation: "run", reason: "the store is already running")
        }
        await database.run()
    }

    /// Runs the store in a task of its own, until ``shutdown()`` (or until the store is released).
    ///
    /// - Throws: ``PostgresStoreError/failed(operation:reason:)`` when the store is already running.
    public func start() throws {
        guard database.markRunning() else {
            throw PostgresStoreError.failed(operation: "start", reason: "the store is already running")
        }
        let database = self.database
        ownRun.withLock { $0 = Task { await database.run() } }
    }

    /// Stops a store started with ``start()`` and waits until its connections are closed.
    public func shutdown() async {
        guard let task = ownRun.withLock({ $0 }) else { return }
        task.cancel()
        await task.value
    }

    /// Creates a store, runs it while `body` runs, and stops it.
    public static func withStore<Result: Sendable>(
        configuration: PostgresStoreConfiguration,
        logger: Logger = Logger(label: "cqrs.postgres"),
        _ body: (PostgresStore) async throws -> Result
    ) async throws -> Result {
        let store = try PostgresStore(configuration: configuration, logger: logger)
        // Marked running before `body` starts (a new store always can be), so that `body` never races
        // the child task that runs it.
        guard store.database.markRunning() else {
            throw PostgresStoreError.failed(operation: "run", reason: "the store is already running")
        }
        let database = store.database
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }

    /// Creates the schema and its tables now rather than on first use (nothing if they exist).
    public func prepareSchema() async throws {
        try await database.ensureReady()
    }
}

extension PostgresStore {
    /// Runs `body` with a connection of the store's pool: for SQL of your own next to the store's tables
    /// (``schemaName``). Do not keep the connection past `body`.
    @discardableResult
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await database.ensureReady()
        return try await database.client.withConnection { try await body($0) }
    }
}
