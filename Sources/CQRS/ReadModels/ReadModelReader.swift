/// Typed queries on one read model: rows by key, by equality filter, ordered, paged by cursor or by page
/// number, and counted.
///
/// ```swift
/// let reader = engine.reader(Shop.UserOrders.self)
/// let page = try await reader.rows(
///     matching: [ColumnFilter(column: "userId", value: .string("ada"))],
///     orderBy: [ColumnOrdering(column: "placedAt", descending: true)],
///     page: .first(20))
/// ```
public struct ReadModelReader<Row: ReadModelRow>: Sendable {
    /// The store the rows are read from.
    public let store: any ReadStore

    /// Creates a reader of `Row`'s model in `store`.
    public init(store: any ReadStore) {
        self.store = store
    }

    /// The row with this key.
    public func row(key: [ColumnValue]) async throws -> Row? {
        try await store.row(in: Row.schema.name, key: key).map { try Row(columns: $0) }
    }

    /// A page of the rows that meet every filter, sorted by `orderBy` and then by key.
    public func rows(matching filter: [ColumnFilter], orderBy: [ColumnOrdering], page: PageRequest) async throws
        -> Page<Row>
    {
        let result = try await store.rows(in: Row.schema.name, matching: filter, orderBy: orderBy, page: page)
        return Page(
            rows: try result.rows.map { try Row(columns: $0) }, nextCursor: result.nextCursor, limit: page.limit)
    }

    /// Page `number` (from 1) of pages of `size` rows that meet every filter, sorted by `orderBy` and then by
    /// key; with `counting`, the page also says how many rows there are in all (one more query).
    public func rows(
        matching filter: [ColumnFilter], orderBy: [ColumnOrdering], number: Int, size: Int, counting: Bool = false
    ) async throws -> NumberedPage<Row> {
        let number = max(number, 1)
        let page = try await rows(matching: filter, orderBy: orderBy, page: .number(number, size: size))
        return NumberedPage(
            rows: page.rows, number: number, size: size,
            total: counting ? try await count(matching: filter) : nil, hasNext: page.nextCursor != nil)
    }

    /// How many rows meet every filter.
    public func count(matching filter: [ColumnFilter]) async throws -> Int {
        try await store.count(in: Row.schema.name, matching: filter)
    }

    /// A page of all rows, sorted by `orderBy` and then by key.
    public func all(orderBy: [ColumnOrdering], page: PageRequest) async throws -> Page<Row> {
        try await rows(matching: [], orderBy: orderBy, page: page)
    }
}
