/// Which page of a query to read: at most `limit` rows, after a cursor.
///
/// ```swift
/// var request: PageRequest? = .first(50)
/// while let page = request {
///     let result = try await reader.all(orderBy: [], page: page)
///     request = result.next
/// }
/// ```
public struct PageRequest: Sendable, Hashable {
    /// The most rows to return.
    public var limit: Int
    /// Start after this cursor; `nil`: the first page.
    public var after: Cursor?

    /// Creates a request.
    public init(limit: Int, after: Cursor? = nil) {
        self.limit = limit
        self.after = after
    }

    /// The first page of `limit` rows.
    public static func first(_ limit: Int) -> PageRequest { PageRequest(limit: limit) }
}
