/// A column of a read model, named once by the generated code, for the filters and orderings of your
/// queries and handlers: no column name is spelled as a string literal, and a filter's value has the
/// column's type.
///
/// ```swift
/// let page = try await reader.rows(
///     matching: [Shop.UserOrders.Column.userId.equals("ada")],
///     orderBy: [Shop.UserOrders.Column.placedAt.descending],
///     page: .first(20))
/// ```
public struct ReadModelColumn<Value: ColumnConvertible>: Sendable, Hashable, CustomStringConvertible {
    /// The column's name in the read model's schema.
    public let name: String

    /// A column of this name (the generated code creates them).
    public init(_ name: String) {
        self.name = name
    }

    /// Rows whose column equals `value`.
    public func equals(_ value: Value) -> ColumnFilter {
        ColumnFilter(column: name, value: value.columnValue)
    }

    /// Rows whose column is greater than `value`.
    public func greaterThan(_ value: Value) -> ColumnFilter {
        ColumnFilter(column: name, .greaterThan(value.columnValue))
    }

    /// Rows whose column is greater than or equal to `value`.
    public func atLeast(_ value: Value) -> ColumnFilter {
        ColumnFilter(column: name, .atLeast(value.columnValue))
    }

    /// Rows whose column is less than `value`.
    public func lessThan(_ value: Value) -> ColumnFilter {
        ColumnFilter(column: name, .lessThan(value.columnValue))
    }

    /// Rows whose column is less than or equal to `value`.
    public func atMost(_ value: Value) -> ColumnFilter {
        ColumnFilter(column: name, .atMost(value.columnValue))
    }

    /// Rows whose column equals one of `values` (none: no row).
    public func isIn(_ values: some Sequence<Value>) -> ColumnFilter {
        ColumnFilter(column: name, .isIn(values.map(\.columnValue)))
    }

    /// Smallest first.
    public var ascending: ColumnOrdering { ColumnOrdering(column: name) }

    /// Largest first.
    public var descending: ColumnOrdering { ColumnOrdering(column: name, descending: true) }

    /// The column's name.
    public var description: String { name }
}

extension ReadModelColumn where Value == String {
    /// Rows whose text starts with `prefix` (compared by UTF-8 bytes, so case matters).
    public func startsWith(_ prefix: String) -> ColumnFilter {
        ColumnFilter(column: name, .startsWith(prefix))
    }
}

extension ReadModelColumn where Value == String? {
    /// Rows whose text starts with `prefix` (compared by UTF-8 bytes, so case matters); a `NULL` never does.
    public func startsWith(_ prefix: String) -> ColumnFilter {
        ColumnFilter(column: name, .startsWith(prefix))
    }
}
