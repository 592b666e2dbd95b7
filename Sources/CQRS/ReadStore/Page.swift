/// A page of query results and, when more rows follow, the cursor to continue.
public struct Page<Row: Sendable>: Sendable {
    /// The rows, in query order.
    public var rows: [Row]
    /// The cursor after the last row; `nil` when no rows follow.
    public var nextCursor: Cursor?
    /// The page size the request asked for.
    public var limit: Int

    /// Creates a page.
    public init(rows: [Row], nextCursor: Cursor?, limit: Int) {
        self.rows = rows
        self.nextCursor = nextCursor
        self.limit = limit
    }

    /// The request for the next page (same size); `nil` when this was the last.
    public var next: PageRequest? {
        nextCursor.map { PageRequest(limit: limit, after: $0) }
    }
}

extension Page: Equatable where Row: Equatable {}
extension Page: Hashable where Row: Hashable {}
