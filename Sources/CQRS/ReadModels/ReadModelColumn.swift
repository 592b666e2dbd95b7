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

    /// Smallest first.
    public var ascending: ColumnOrdering { ColumnOrdering(column: name) }

    /// Largest first.
    public var descending: ColumnOrdering { ColumnOrdering(column: name, descending: true) }

    /// The column's name.
    public var description: String { name }
}
