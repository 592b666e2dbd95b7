/// A failure particular to the SQLite store (SQLite's own errors come as GRDB's `DatabaseError`).
public enum SQLiteStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stored event row that cannot be read back (a column of the wrong size or format).
    case corruptEvent(position: Int64, String)
    /// The database file could not be opened for reading.
    case cannotOpen(path: String, String)
    /// A statement could not be prepared (a table another process dropped, say).
    case statement(sql: String, String)

    /// A sentence naming the problem.
    public var description: String {
        switch self {
        case .corruptEvent(let position, let column): "the stored event at position \(position) is corrupt: \(column)"
        case .cannotOpen(let path, let message): "cannot open \(path) for reading: \(message)"
        case .statement(let sql, let message): "cannot prepare \(sql): \(message)"
        }
    }
}
