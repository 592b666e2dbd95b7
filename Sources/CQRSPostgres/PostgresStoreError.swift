/// What went wrong in a ``PostgresStore``, beyond the event and read store contracts' own errors
/// (``CQRS/WrongExpectedVersion``, ``CQRS/ReadStoreError``, ``CQRS/CheckpointConflict``).
///
/// ```swift
/// catch let error as PostgresStoreError {
///     if case .connectionLost(let operation, let attempts, let reason) = error { … }
/// }
/// ```
public enum PostgresStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A URL that is not `postgres://user[:password]@host[:port][/database]`.
    case invalidURL(String)
    /// A schema name that is not a plain lower-case identifier.
    case invalidSchemaName(String)
    /// An operation before ``PostgresStore/run()`` (or ``PostgresStore/start()``) or after the store stopped.
    case notRunning
    /// The connection dropped on every attempt (the first and ``PostgresStoreConfiguration/connectionRetries``
    /// more). For a write, its outcome is unknown: sending the same append again (same command id, same event
    /// ids) is safe, the store answers it from what was recorded.
    case connectionLost(operation: String, attempts: Int, reason: String)
    /// The server refused an operation: its SQLSTATE and message.
    case server(operation: String, sqlState: String, message: String)
    /// A client-side failure that is neither a dropped connection nor a server error.
    case failed(operation: String, reason: String)
    /// A stored row that cannot be read back: the event's position (or 0) and why.
    case corruptRow(position: Int64, reason: String)
    /// The database holds a schema written by a newer version of this library.
    case schemaTooNew(schema: String, found: Int, supported: Int)

    /// A sentence naming the problem.
    public var description: String {
        switch self {
        case .invalidURL(let url):
            "invalid PostgreSQL URL \(url): expected postgres://user[:password]@host[:port][/database]"
        case .invalidSchemaName(let name):
            "invalid schema name \(name): use lower-case letters, digits and _ (at most 48), not starting with a digit"
        case .notRunning: "the PostgreSQL store is not running: call run() (or start()) first"
        case .connectionLost(let operation, let attempts, let reason):
            "\(operation): the connection to PostgreSQL dropped (\(attempts) attempt\(attempts == 1 ? "" : "s")): "
                + "\(reason)"
        case .server(let operation, let sqlState, let message): "\(operation): PostgreSQL error \(sqlState): \(message)"
        case .failed(let operation, let reason): "\(operation): \(reason)"
        case .corruptRow(let position, let reason): "stored event at position \(position) cannot be read: \(reason)"
        case .schemaTooNew(let schema, let found, let supported):
            "schema \(schema) is at version \(found), newer than this library's \(supported)"
        }
    }
}
