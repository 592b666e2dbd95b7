import Foundation
import GRDBSQLite
import Synchronization

/// Read-only connections to the database file for the store's own reads (row lookups, stream loads, log
/// pages), each with its prepared statements: a read checks one out, runs on the calling thread and
/// gives it back. A WAL reader sees the last committed state and never blocks the writer nor is blocked
/// by it.
///
/// GRDB's pool serves the writer and the rest; its reader access wraps each read in more work (a
/// schema version check and a queue hop) than a projection's per-row lookup can afford.
final class ReaderConnections: Sendable {
    private let path: String
    private let busyTimeoutMilliseconds: Int32
    private let maximumIdle: Int
    private let idle = Mutex<[ReaderConnection]>([])

    init(path: String, busyTimeout: Duration, maximumIdle: Int) {
        self.path = path
        let (seconds, attoseconds) = busyTimeout.components
        busyTimeoutMilliseconds = Int32(clamping: seconds * 1_000 + attoseconds / 1_000_000_000_000_000)
        self.maximumIdle = max(maximumIdle, 1)
    }

    /// Runs `body` on an idle connection (opening one when none is idle).
    func withConnection<T>(_ body: (ReaderConnection) throws -> T) throws -> T {
        let connection =
            try idle.withLock { $0.popLast() }
            ?? ReaderConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        defer {
            idle.withLock { idle in
                if idle.count < maximumIdle { idle.append(connection) }
            }
        }
        return try body(connection)
    }
}

/// One read-only SQLite connection and its prepared statements; used by one caller at a time (checked
/// out of ``ReaderConnections``).
final class ReaderConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    init(path: String, busyTimeoutMilliseconds: Int32) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "error \(code)"
            sqlite3_close_v2(handle)
            throw SQLiteStoreError.cannotOpen(path: path, message)
        }
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        self.handle = handle
    }

    /// A prepared statement for `sql`, reset, prepared once per connection.
    func raw(_ sql: String) throws -> RawStatement {
        if let statement = statements[sql] { return RawStatement(handle: statement) }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteStoreError.statement(sql: sql, String(cString: sqlite3_errmsg(handle)))
        }
        statements[sql] = statement
        return RawStatement(handle: statement)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }
}
