import Foundation
import GRDB
import GRDBSQLite

/// SQLite's "copy the bytes now" destructor for bound text and blobs.
let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// A prepared (and cached) statement used through SQLite's C API: the hot paths bind and read values
/// without boxing them. Used only inside the GRDB access block that gave the statement.
struct RawStatement {
    let handle: OpaquePointer

    /// Wraps a GRDB statement; resets it, so that it starts from its first row with no bindings.
    init(_ statement: Statement) {
        self.init(handle: statement.sqliteStatement)
    }

    /// Wraps a prepared statement; resets it, so that it starts from its first row with no bindings.
    init(handle: OpaquePointer) {
        self.handle = handle
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Makes the statement ready to run again (and releases its read snapshot).
    func reset() {
        sqlite3_reset(handle)
    }

    // MARK: Binding (1-based)

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Double) {
        sqlite3_bind_double(handle, index, value)
    }

    func bind(_ index: Int32, _ value: String) {
        var value = value
        value.withUTF8 { bytes in
            if let base = bytes.baseAddress {
                _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
                    sqlite3_bind_text(handle, index, text, Int32(bytes.count), sqliteTransient)
                }
            } else {
                sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
            }
        }
    }

    func bind(_ index: Int32, _ value: Data) {
        value.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress {
                _ = sqlite3_bind_blob(handle, index, base, Int32(bytes.count), sqliteTransient)
            } else {
                _ = sqlite3_bind_zeroblob(handle, index, 0)
            }
        }
    }

    func bind(_ index: Int32, _ value: UUID) {
        withUnsafeBytes(of: value.uuid) { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, 16, sqliteTransient)
        }
    }

    func bind(_ index: Int32, _ value: UUID?) {
        if let value { bind(index, value) } else { bindNull(index) }
    }

    func bindNull(_ index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    // MARK: Running

    /// Steps once: `true` with a row to read, `false` when done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw error(code)
        }
    }

    /// Runs a statement that returns no rows, then resets it.
    func execute() throws {
        defer { reset() }
        while try step() {}
    }

    private func error(_ code: Int32) -> DatabaseError {
        let connection = sqlite3_db_handle(handle)
        let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "error \(code)"
        let sql = sqlite3_sql(handle).map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }

    // MARK: Reading columns (0-based)

    func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    func int64(_ index: Int32) -> Int64 {
        sqlite3_column_int64(handle, index)
    }

    func double(_ index: Int32) -> Double {
        sqlite3_column_double(handle, index)
    }

    func string(_ index: Int32) -> String {
        guard let text = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    func data(_ index: Int32) -> Data {
        guard let blob = sqlite3_column_blob(handle, index) else { return Data() }
        return Data(bytes: blob, count: Int(sqlite3_column_bytes(handle, index)))
    }

    /// A 16-byte blob as a UUID; `nil` for NULL or another size.
    func uuid(_ index: Int32) -> UUID? {
        guard sqlite3_column_bytes(handle, index) == 16, let blob = sqlite3_column_blob(handle, index) else {
            return nil
        }
        return UUID(uuid: blob.loadUnaligned(as: uuid_t.self))
    }
}

extension Database {
    /// A cached prepared statement, reset, for use through the C API.
    func raw(_ sql: String) throws -> RawStatement {
        RawStatement(try cachedStatement(sql: sql))
    }
}
