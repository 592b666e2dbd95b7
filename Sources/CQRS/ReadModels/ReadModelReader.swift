/// Typed queries on one read model: rows by key, by equality filter, ordered, paged by cursor.
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

    /// A page of the rows equal to every filter, sorted by `orderBy` and then by key.
    public func rows(matching filter: [ColumnFilter], orderBy: [ColumnOrdering], page: PageRequest) async throws
        -> Page<Row>
    {
        let result = try await store.rows(in: Row.schema.name, matching: filter, orderBy: orderBy, page: page)
        return Page(
            rows: try result.rows.map { try Row(columns: $0) }, nextCursor: result.nextCursor, limit: page.limit)
    }

    /// A page of all rows, sorted by `orderBy` and then by key.
    public func all(orderBy: [ColumnOrdering], page: PageRequest) async throws -> Page<Row> {
        try await rows(matching: [], orderBy: orderBy, page: page)
    }
}
