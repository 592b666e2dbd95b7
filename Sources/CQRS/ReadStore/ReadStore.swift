/// Where read models live: rows per model, a checkpoint per model, committed together.
///
/// `InMemoryReadStore` implements it; durable stores live in their own modules.
///
/// ```swift
/// let store = InMemoryReadStore()
/// try await store.prepare(Shop.UserOrders.schema)
/// try await store.commit([.upsert(row.columns)], to: "UserOrders", checkpoint: 42)
/// let page = try await store.rows(in: "UserOrders", matching: [], orderBy: [], page: .first(20))
/// ```
public protocol ReadStore: Sendable {
    /// Creates the model's table if missing. A model stored with another ``ReadModelSchema/shapeHash`` is
    /// dropped and created empty (checkpoint 0), so that its projection rebuilds.
    func prepare(_ schema: ReadModelSchema) async throws

    /// The position of the last event the model includes; 0 for a new model.
    func checkpoint(of model: String) async throws -> Int64

    /// Applies the changes in order and sets the checkpoint, all or nothing.
    func commit(_ changes: [RowChange], to model: String, checkpoint: Int64) async throws

    /// Deletes every row and sets the checkpoint to 0.
    func reset(_ model: String) async throws

    /// The row with this key, in column order.
    func row(in model: String, key: [ColumnValue]) async throws -> [ColumnValue]?

    /// The rows equal to every filter, sorted by `orderBy` and then by key (ascending), after the page's
    /// cursor, at most the page's limit; `page == nil`: every matching row.
    func rows(in model: String, matching filter: [ColumnFilter], orderBy: [ColumnOrdering], page: PageRequest?)
        async throws -> RowPage
}
