import Foundation

/// Where a ``PostgresStore`` connects and how it behaves: the server, the schema that holds its tables, the
/// pool size, group commit and retries.
///
/// ```swift
/// var configuration = try PostgresStoreConfiguration(url: "postgres://app@127.0.0.1:5432/shop", schema: "shop")
/// configuration.maximumConnections = 16
/// let store = PostgresStore(configuration: configuration)
/// ```
public struct PostgresStoreConfiguration: Sendable {
    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The user to connect as.
    public var username: String
    /// The user's password, if the server asks for one.
    public var password: String?
    /// The database; `nil`: the user's default database.
    public var database: String?
    /// The schema that holds the store's tables, created on first use. Letters, digits and `_`, at most 48
    /// characters, starting with a letter or `_` (lower case: PostgreSQL folds unquoted names).
    public var schema: String
    /// The most connections the pool opens (the listener and each projection lease hold one more each).
    public var maximumConnections: Int
    /// The most appends one transaction carries when several are queued at once (group commit).
    public var maximumAppendsPerTransaction: Int
    /// The most append transactions this process runs at once (each on a pooled connection): appends that
    /// arrive while all are busy queue for the next batch. Appends to different streams commit in
    /// parallel, so a second transaction overlaps one batch's round trip and commit with the next.
    public var maximumConcurrentAppendTransactions: Int
    /// How many times an operation is tried again after its connection dropped (0: never). Every retry is
    /// exactly-once: see ``PostgresStore``.
    public var connectionRetries: Int
    /// How long a process waits between attempts to take a projection's lease.
    public var leaseRetryInterval: Duration
    /// The most rows per read model kept in memory while this process holds the projection's lease (so that
    /// a batch's lookups need no round trip); 0: none.
    public var leasedRowCacheSize: Int
    /// The `application_name` of the store's connections (dedicated ones get a suffix: `-listen`,
    /// `-lease-<projection>`), as `pg_stat_activity` shows them.
    public var applicationName: String
    /// Stamps ``CQRS/RecordedEvent/recordedAt``; `nil` (the default): the server's clock, read inside the
    /// append transaction, so that `recordedAt` never decreases along the log. Tests pass a fixed clock.
    public var now: (@Sendable () -> Date)?

    /// A configuration with every setting given or defaulted.
    public init(
        host: String = "127.0.0.1",
        port: Int = 5432,
        username: String,
        password: String? = nil,
        database: String? = nil,
        schema: String = "cqrs"
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.schema = schema
        self.maximumConnections = 10
        self.maximumAppendsPerTransaction = 64
        self.maximumConcurrentAppendTransactions = 2
        self.connectionRetries = 3
        self.leaseRetryInterval = .milliseconds(500)
        self.leasedRowCacheSize = 100_000
        self.applicationName = "cqrs"
        self.now = nil
    }

    /// A configuration from a URL, `postgres://user[:password]@host[:port][/database]` (also `postgresql://`).
    ///
    /// - Throws: ``PostgresStoreError/invalidURL(_:)`` for anything else.
    public init(url: String, schema: String = "cqrs") throws {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql",
            let host = components.host, !host.isEmpty
        else { throw PostgresStoreError.invalidURL(url) }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.init(
            host: host,
            port: components.port ?? 5432,
            username: components.user ?? "postgres",
            password: components.password,
            database: path.isEmpty ? nil : path,
            schema: schema
        )
    }

    /// Throws ``PostgresStoreError/invalidSchemaName(_:)`` unless ``schema`` is a plain lower-case identifier.
    func validate() throws {
        let bytes = Array(schema.utf8)
        func isStart(_ byte: UInt8) -> Bool { (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F }
        func isPart(_ byte: UInt8) -> Bool { isStart(byte) || (byte >= 0x30 && byte <= 0x39) }
        guard let first = bytes.first, bytes.count <= 48, isStart(first), bytes.allSatisfy(isPart) else {
            throw PostgresStoreError.invalidSchemaName(schema)
        }
    }
}
