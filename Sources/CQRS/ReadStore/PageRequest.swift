/// Which page of a query to read: at most `limit` rows, after a cursor, past `offset` rows.
///
/// Cursor paging follows each page's ``Page/next``: it stays right while rows are added and removed, and
/// costs the same on every page. Offset paging (``number(_:size:)``) jumps to any page, as page-numbered
/// UIs do; a store skips the rows before it, so a far page costs more.
///
/// ```swift
/// var request: PageRequest? = .first(50)
/// while let page = request {
///     let result = try await reader.all(orderBy: [], page: page)
///     request = result.next
/// }
/// let third = try await reader.all(orderBy: [], page: .number(3, size: 20))  // rows 41 to 60
/// ```
public struct PageRequest: Sendable, Hashable {
    /// The most rows to return.
    public var limit: Int
    /// Start after this cursor; `nil`: from the first row.
    public var after: Cursor?
    /// How many rows (after the cursor, if any) to skip first.
    public var offset: Int

    /// Creates a request.
    public init(limit: Int, after: Cursor? = nil, offset: Int = 0) {
        self.limit = limit
        self.after = after
        self.offset = max(offset, 0)
    }

    /// The first page of `limit` rows.
    public static func first(_ limit: Int) -> PageRequest { PageRequest(limit: limit) }

    /// Page `number` (from 1) of pages of `size` rows: `size` rows after the first `(number - 1) * size`.
    public static func number(_ number: Int, size: Int) -> PageRequest {
        let (offset, overflow) = max(number - 1, 0).multipliedReportingOverflow(by: max(size, 0))
        return PageRequest(limit: size, offset: overflow ? Int.max : offset)
    }
}
