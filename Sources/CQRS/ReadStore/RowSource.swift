/// Where rows are read from: a ``ReadStore``, or a transaction that changes them (an inline projection's).
/// A ``ProjectionBatch`` reads the rows it has not changed itself from one.
public protocol RowSource: Sendable {
    /// The row with this key, in column order.
    func row(in model: String, key: [ColumnValue]) async throws -> [ColumnValue]?

    /// The rows that meet every filter, sorted by `orderBy` and then by key (ascending), after the page's
    /// cursor and past its offset, at most the page's limit; `page == nil`: every matching row.
    func rows(in model: String, matching filter: [ColumnFilter], orderBy: [ColumnOrdering], page: PageRequest?)
        async throws -> RowPage
}
