/// A condition on one column: rows whose `column` equals a value, starts with a prefix, lies in a range or
/// in a list.
///
/// Generated read models name their columns (``ReadModelColumn``), so custom code need not spell them, and
/// a filter's value has the column's type:
///
/// ```swift
/// let page = try await reader.rows(
///     matching: [Shop.UserOrders.Column.userId.equals("ada"), Shop.UserOrders.Column.totalUSD.atLeast(100)],
///     orderBy: [], page: .first(20))
/// ```
///
/// SQLite and PostgreSQL run the conditions as SQL (`=`, `IN`, and ranges, a prefix being the range from the
/// prefix to its successor), so an index on the column serves them; the in-memory store uses an index for
/// equality only. Texts compare by their UTF-8 bytes everywhere. A `NULL` column meets only
/// ``Condition/equals(_:)`` with ``ColumnValue/null``.
public struct ColumnFilter: Sendable, Hashable {
    /// What a column's value must be.
    public enum Condition: Sendable, Hashable {
        /// Equal to the value (``ColumnValue/null``: the column is `NULL`).
        case equals(ColumnValue)
        /// A text that starts with the prefix (a `string` column).
        case startsWith(String)
        /// Greater than the value.
        case greaterThan(ColumnValue)
        /// Greater than or equal to the value.
        case atLeast(ColumnValue)
        /// Less than the value.
        case lessThan(ColumnValue)
        /// Less than or equal to the value.
        case atMost(ColumnValue)
        /// Equal to one of the values (none: no row).
        case isIn([ColumnValue])
    }

    /// The column's name.
    public var column: String
    /// What its value must be.
    public var condition: Condition

    /// Rows whose `column` meets `condition`.
    public init(column: String, _ condition: Condition) {
        self.column = column
        self.condition = condition
    }

    /// Rows whose `column` equals `value`.
    public init(column: String, value: ColumnValue) {
        self.init(column: column, .equals(value))
    }
}
