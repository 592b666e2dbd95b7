/// A page of raw rows from a ``ReadStore``.
public struct RowPage: Sendable, Hashable {
    /// The rows (values in column order), in query order.
    public var rows: [[ColumnValue]]
    /// The cursor after the last row; `nil` when no rows follow (or the query was not paged).
    public var nextCursor: Cursor?

    /// Creates a page.
    public init(rows: [[ColumnValue]], nextCursor: Cursor?) {
        self.rows = rows
        self.nextCursor = nextCursor
    }
}
