/// Typed access to a batch's rows, for projection handlers.
///
/// ```swift
/// try await rows.insert(Shop.UserOrders(orderId: context.streamID, userId: event.userId, ...))
/// try await rows.update(key: [.uuid(context.streamID)]) { $0.status = .paid }
/// ```
public struct ProjectionRows<Row: ReadModelRow>: Sendable {
    /// The batch the rows belong to.
    public let batch: ProjectionBatch

    /// Wraps a batch of `Row`'s read model.
    public init(_ batch: ProjectionBatch) {
        assert(batch.model == Row.schema.name, "rows of \(Row.schema.name) over a batch of \(batch.model)")
        self.batch = batch
    }

    /// The row with this key, as the batch sees it.
    public func row(key: [ColumnValue]) async throws -> Row? {
        try await batch.row(key: key).map { try Row(columns: $0) }
    }

    /// Adds a row; throws ``RowAlreadyExists`` when its key is taken.
    public func insert(_ row: Row) async throws {
        try await batch.insert(row.columns)
    }

    /// Adds a row, or replaces the row with the same key.
    public func upsert(_ row: Row) async throws {
        batch.upsert(row.columns)
    }

    /// Changes the row with this key; returns `false`, changing nothing, when there is none. A change of the
    /// row's key moves it.
    @discardableResult
    public func update(key: [ColumnValue], _ change: (inout Row) throws -> Void) async throws -> Bool {
        guard let existing = try await row(key: key) else { return false }
        var changed = existing
        try change(&changed)
        guard changed != existing else { return true }
        let newKey = changed.key
        if newKey != key { batch.delete(key: key) }
        batch.upsert(changed.columns)
        return true
    }

    /// Deletes the row with this key, if there is one.
    public func delete(key: [ColumnValue]) async throws {
        batch.delete(key: key)
    }

    /// The rows that meet every filter, as the batch sees them, in key order.
    public func rows(matching filter: [ColumnFilter]) async throws -> [Row] {
        try await batch.rows(matching: filter).map { try Row(columns: $0) }
    }
}
