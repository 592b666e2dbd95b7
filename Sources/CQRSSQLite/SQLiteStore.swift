import CQRS
import Dispatch
import Foundation
import GRDB
import Synchronization

/// An ``CQRS/EventStore`` and a ``CQRS/ReadStore`` in one SQLite file: the embedded, durable store.
///
/// One object serves both roles, over one GRDB `DatabasePool`: one writing connection (appends, group
/// committed, and read model commits) and concurrent reading connections (WAL readers neither block nor
/// are blocked by the writer). Give the same instance as the engine's event store and read store so that
/// a projection's rows and checkpoint live in the file its events do (or use two files: each commit is
/// atomic in the store that holds the read model either way).
///
/// ```swift
/// let store = try SQLiteStore(path: "shop.sqlite")
/// let engine = try Engine(eventStore: store, readStore: store, projections: [...])
/// ```
///
/// - Journal: WAL. Durability: `PRAGMA synchronous = FULL` by default, so a returned append or commit
///   survives a power loss; ``SQLiteConfiguration/synchronous`` `.normal` trades that for speed.
/// - Schema: created on first use by a versioned migrator (``SQLiteSchema``), idempotent.
/// - Appends: concurrent appends share one transaction and one fsync (group commit), each in its own
///   savepoint, checked against its own expected version: a conflict fails only its own append.
/// - Read models: one table per model and shape, with the key as primary key and an index per declared
///   index; a reshaped model is built in a new table while the old one serves (blue-green).
/// - Threads: no SQLite call runs on Swift's cooperative pool. Writes run on GRDB's serial writer queue
///   (its async access), reads on a concurrent dispatch queue of the store's own, each on a read-only
///   connection; an `async` caller waits without holding a pool thread through a disk flush. Only
///   ``init(path:configuration:now:)`` (opening the file and migrating its schema) runs where it is called.
public final class SQLiteStore: Sendable {
    /// The database file.
    public let path: String
    /// The settings the store was opened with.
    public let configuration: SQLiteConfiguration
    /// The GRDB pool over the file (one writer, concurrent readers).
    public let pool: DatabasePool

    let now: @Sendable () -> Date
    let groupCommit: GroupCommit<SQLiteWrite, SQLiteWritten>
    let notifier = HeadNotifier()
    /// The latest events of this process's group commit, by position.
    let recentEvents = RecentEvents()
    /// Whether a task looks for other processes' appends (``SQLiteConfiguration/otherProcessesPollInterval``).
    let watchesOtherProcesses = Mutex(false)
    /// Where reads run: off the cooperative pool, concurrently.
    let readQueue = DispatchQueue(label: "CQRSSQLite.read", qos: .userInitiated, attributes: .concurrent)
    let catalog = Mutex<[String: ReadModelTable]>([:])
    let leases: SQLiteLeaseProvider
    /// The rows of read models whose projection's lease this store holds.
    let rowCache: LeasedRowCache
    let counters = Mutex(SQLiteStoreStatistics())
    let readers: ReaderConnections
    let checkpointer: Checkpointer
    /// Held by every use of the writer: one access at a time, or one whole inline transaction.
    let writerLock = AsyncKeyedLock()

    /// Opens (creating if needed) the database at `path` and its schema. `now` stamps
    /// ``CQRS/RecordedEvent/recordedAt`` (tests pass a fixed clock).
    public init(
        path: String,
        configuration: SQLiteConfiguration = .init(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.path = path
        self.configuration = configuration
        self.now = now
        groupCommit = GroupCommit(maximumBatch: configuration.maxGroupCommit)
        var grdb = Configuration()
        grdb.journalMode = .wal
        let timeout = configuration.busyTimeout.components
        grdb.busyMode = .timeout(Double(timeout.seconds) + Double(timeout.attoseconds) / 1e18)
        grdb.maximumReaderCount = max(configuration.maximumReaderCount, 1)
        grdb.label = "CQRSSQLite"
        // An inline transaction spans several accesses to the writer (its projections' handlers run in
        // between); `writerLock` keeps every other write out meanwhile.
        grdb.allowsUnsafeTransactions = true
        pool = try DatabasePool(path: path, configuration: grdb)
        let rowCache = LeasedRowCache(maximumRows: configuration.leasedRowCacheSize)
        self.rowCache = rowCache
        leases = SQLiteLeaseProvider(databasePath: path, rowCache: rowCache)
        checkpointer = Checkpointer(path: path, interval: 64, restartFrames: configuration.walRestartFrames)
        readers = ReaderConnections(
            path: path, busyTimeout: configuration.busyTimeout, maximumIdle: configuration.maximumReaderCount)
        // After the pool's own WAL setup (which sets NORMAL): only the writer commits.
        let synchronous = configuration.synchronous == .full ? "FULL" : "NORMAL"
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            // Checkpoints run in the background (Checkpointer); the writer's own only past ~64 MB of WAL.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
        }
        try SQLiteSchema.migrator.migrate(pool)
    }

    /// How many appends the group commit carried in how many transactions.
    public var statistics: SQLiteStoreStatistics { counters.withLock { $0 } }

    /// SQLite's `PRAGMA synchronous` on the writing connection: 2 for FULL, 1 for NORMAL.
    public func synchronousSetting() async throws -> Int {
        try await writing { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The journal mode of the file (`wal`).
    public func journalMode() async throws -> String {
        try await grdbReading { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}

extension SQLiteStore {
    /// Runs one read on a reading connection of the store's own, on the store's read queue (a single
    /// statement is its own snapshot).
    func reading<T: Sendable>(_ body: @escaping @Sendable (ReaderConnection) throws -> T) async throws -> T {
        let readers = self.readers
        return try await withCheckedThrowingContinuation { continuation in
            readQueue.async {
                continuation.resume(with: Result { try readers.withConnection(body) })
            }
        }
    }

    /// Runs several reads in one read transaction (one snapshot), on the store's read queue.
    func readingSnapshot<T: Sendable>(_ body: @escaping @Sendable (ReaderConnection) throws -> T) async throws -> T {
        try await reading { connection in
            try connection.raw("BEGIN").execute()
            defer { try? connection.raw("COMMIT").execute() }
            return try body(connection)
        }
    }

    /// Runs one read through GRDB's pool (for the catalog and diagnostics), on GRDB's reader queue.
    func grdbReading<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.unsafeRead(body)
    }

    /// Runs on the writing connection, on GRDB's serial writer queue, between inline transactions; the body
    /// manages its transaction.
    func writing<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writerLock.withLock(Self.writerKey) { try await pool.writeWithoutTransaction(body) }
    }

    /// The one key of ``writerLock``.
    static let writerKey = ["writer"]
}

/// Where prepared statements come from: the writer (GRDB's `Database`) or a reader of the store's own.
protocol StatementSource {
    /// A prepared statement for `sql`, reset.
    func raw(_ sql: String) throws -> RawStatement
}

extension Database: StatementSource {}
extension ReaderConnection: StatementSource {}
