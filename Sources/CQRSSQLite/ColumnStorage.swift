import CQRS
import Foundation

/// How read model values are stored in SQLite, per ``CQRS/ColumnType``:
///
/// | type | SQL type | stored as |
/// |---|---|---|
/// | `bool` | INTEGER | 0 or 1 |
/// | `int` | INTEGER | the value |
/// | `double` | REAL | the value |
/// | `decimal` | TEXT | ``SortableDecimal``: exact, and ordered numerically by byte comparison |
/// | `string`, `json` | TEXT | UTF-8 (compared byte by byte, like ``CQRS/ColumnValue``) |
/// | `date` | REAL | seconds since 2001-01-01 UTC (Foundation's reference date: an exact round trip) |
/// | `uuid` | BLOB | the 16 bytes (ordered like ``CQRS/ColumnValue``) |
/// | `data` | BLOB | the bytes |
enum ColumnStorage {
    /// The column's declared SQL type.
    static func sqlType(_ type: ColumnType) -> String {
        switch type {
        case .bool, .int: "INTEGER"
        case .double, .date: "REAL"
        case .decimal, .string, .json: "TEXT"
        case .uuid, .data: "BLOB"
        }
    }

    /// Binds a value at a 1-based parameter index.
    static func bind(_ value: ColumnValue, at index: Int32, in statement: RawStatement) {
        switch value {
        case .null: statement.bindNull(index)
        case .bool(let value): statement.bind(index, Int64(value ? 1 : 0))
        case .int(let value): statement.bind(index, value)
        case .double(let value): statement.bind(index, value)
        case .decimal(let value): statement.bind(index, SortableDecimal.encode(value))
        case .string(let value), .json(let value): statement.bind(index, value)
        case .date(let value): statement.bind(index, value.timeIntervalSinceReferenceDate)
        case .uuid(let value): statement.bind(index, value)
        case .data(let value): statement.bind(index, value)
        }
    }

    /// Reads the value of a column of `type` at a 0-based result index.
    static func read(_ type: ColumnType, at index: Int32, in statement: RawStatement, model: String) throws
        -> ColumnValue
    {
        if statement.isNull(index) { return .null }
        switch type {
        case .bool: return .bool(statement.int64(index) != 0)
        case .int: return .int(statement.int64(index))
        case .double: return .double(statement.double(index))
        case .decimal:
            let text = statement.string(index)
            guard let value = SortableDecimal.decode(text) else {
                throw ReadStoreError.invalidRow(model: model, reason: "stored decimal '\(text)' is not readable")
            }
            return .decimal(value)
        case .string: return .string(statement.string(index))
        case .json: return .json(statement.string(index))
        case .date: return .date(Date(timeIntervalSinceReferenceDate: statement.double(index)))
        case .uuid:
            guard let value = statement.uuid(index) else {
                throw ReadStoreError.invalidRow(model: model, reason: "stored UUID is not 16 bytes")
            }
            return .uuid(value)
        case .data: return .data(statement.data(index))
        }
    }
}
