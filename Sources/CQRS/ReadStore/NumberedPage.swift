/// A page of a query read by page number (``PageRequest/number(_:size:)``), as page-numbered UIs show it:
/// the rows, which page this is, and, when the query counts, how many rows and pages there are in all.
///
/// ```swift
/// let page = try await shop.ask(Shop.UserOrdersPage(userId: "ada"), page: 2)
/// print("page \(page.number) of \(page.pageCount ?? 0): \(page.rows.count) of \(page.total ?? 0) orders")
/// ```
public struct NumberedPage<Row: Sendable>: Sendable {
    /// The rows, in query order.
    public var rows: [Row]
    /// The page's number, from 1.
    public var number: Int
    /// The page size asked for.
    public var size: Int
    /// How many rows the query has in all; `nil` when it does not count (`count: true` in the spec).
    public var total: Int?
    /// Whether a page follows this one.
    public var hasNext: Bool

    /// Creates a page.
    public init(rows: [Row], number: Int, size: Int, total: Int?, hasNext: Bool) {
        self.rows = rows
        self.number = number
        self.size = size
        self.total = total
        self.hasNext = hasNext
    }

    /// How many pages of ``size`` rows the ``total`` makes (at least 1); `nil` without a total.
    public var pageCount: Int? {
        total.map { total in size > 0 ? max((total + size - 1) / size, 1) : 1 }
    }
}

extension NumberedPage: Equatable where Row: Equatable {}
extension NumberedPage: Hashable where Row: Hashable {}
