/// An equality condition on one column: rows whose `column` equals `value`.
///
/// Generated read models name their columns (``ReadModelColumn``), so custom code need not spell them:
///
/// ```swift
/// let page = try await reader.rows(matching: [Shop.UserOrders.Column.userId.equals("ada")],
///                                  orderBy: [], page: .first(20))
/// ```
public struct ColumnFilter: Sendable, Hashable {
    /// The column's name.
    public var column: String
    /// The value it must equal.
    public var value: ColumnValue

    /// Creates a filter.
    public init(column: String, value: ColumnValue) {
        self.column = column
        self.value = value
    }
}
