/// A sort on one column; a query's orderings apply in order, and the key breaks the remaining ties.
///
/// ```swift
/// [Shop.UserOrders.Column.placedAt.descending]  // ColumnOrdering(column: "placedAt", descending: true)
/// ```
public struct ColumnOrdering: Sendable, Hashable {
    /// The column's name.
    public var column: String
    /// Largest first when `true`.
    public var descending: Bool

    /// Creates an ordering (ascending unless told).
    public init(column: String, descending: Bool = false) {
        self.column = column
        self.descending = descending
    }
}
