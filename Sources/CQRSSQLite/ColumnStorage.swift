import CQRS
import Foundation

/// How read model values are stored in SQLite, per ``CQRS/ColumnType`` and ``Layout``.
///
/// In the ``Layout/readable`` layout (every table created since the layout was introduced), each
/// column reads, through the model's view (its stable name), as what it holds:
///
/// | type | SQL type | stored as |
/// |---|---|---|
/// | `bool` | INTEGER | 0 or 1 |
/// | `int` | INTEGER | the value |
/// | `double` | REAL | the value |
/// | `decimal` | TEXT | its exact decimal text (`30`, `-0.25`); plus a hidden column `<name>#order` holding ``SortableDecimal``, which keys, indexes, filters, ordering and paging use |
/// | `string`, `json` | TEXT | UTF-8 (compared byte by byte, like ``CQRS/ColumnValue``) |
/// | `date` | REAL | Unix time: seconds since 1970-01-01 UTC (`datetime(x, 'unixepoch')` in SQLite) |
/// | `uuid` | BLOB | the 16 bytes; the model's view shows the canonical lowercase text (`0f8fad5b-d9cb-469f-a165-70867728950e`) |
/// | `data` | BLOB | the bytes |
///
/// Tables of the ``Layout/legacy`` layout (before) are still read, and rebuilt into the readable
/// layout by the store's blue-green reshape the next time their projection starts.
enum ColumnStorage {
    /// A table's storage layout, recorded per table in `read_models.layout`.
    enum Layout: Int, Sendable {
        /// Dates as seconds since 2001, decimals only as ``SortableDecimal``.
        case legacy = 1
        /// Readable columns (the table above).
        case readable = 2
    }

    /// The column's declared SQL type.
    static func sqlType(_ type: ColumnType, layout: Layout) -> String {
        switch type {
        case .bool, .int: "INTEGER"
        case .double, .date: "REAL"
        case .decimal, .string, .json: "TEXT"
        case .uuid: "BLOB"
        case .data: "BLOB"
        }
    }

    /// Binds a value as keys, indexes, filters, ordering and cursors compare it: as stored, except a
    /// decimal, always in its sortable encoding (the readable layout's hidden order column; a
    /// decimal's plain text is written only by ``ReadModelTable/bindUpsert(_:in:)``).
    static func bind(_ value: ColumnValue, at index: Int32, in statement: RawStatement, layout: Layout) {
        switch value {
        case .null: statement.bindNull(index)
        case .bool(let value): statement.bind(index, Int64(value ? 1 : 0))
        case .int(let value): statement.bind(index, value)
        case .double(let value): statement.bind(index, value)
        case .decimal(let value): statement.bind(index, SortableDecimal.encode(value))
        case .string(let value), .json(let value): statement.bind(index, value)
        case .date(let value):
            statement.bind(
                index, layout == .readable ? value.timeIntervalSince1970 : value.timeIntervalSinceReferenceDate)
        case .uuid(let value): statement.bind(index, value)
        case .data(let value): statement.bind(index, value)
        }
    }

    /// Reads the value of a column of `type` at a 0-based result index, as selected by
    /// ``ReadModelTable`` (a decimal from its order column).
    static func read(_ type: ColumnType, at index: Int32, in statement: RawStatement, model: String, layout: Layout)
        throws -> ColumnValue
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
        case .date:
            let seconds = statement.double(index)
            return .date(
                layout == .readable
                    ? Date(timeIntervalSince1970: seconds) : Date(timeIntervalSinceReferenceDate: seconds))
        case .uuid:
            guard let value = statement.uuid(index) else {
                throw ReadStoreError.invalidRow(model: model, reason: "stored UUID is not 16 bytes")
            }
            return .uuid(value)
        case .data: return .data(statement.data(index))
        }
    }
}
