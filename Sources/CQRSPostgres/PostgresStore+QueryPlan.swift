import CQRS
import PostgresNIO

extension PostgresStore {
    /// PostgreSQL's plan (`EXPLAIN`, one line per node) for ``rows(in:matching:orderBy:page:)`` with these
    /// filters, orderings and page: an `Index Scan` or `Bitmap Index Scan` on the model's index when the
    /// planner uses it (with the table's current statistics).
    public func queryPlan(
        forRowsIn model: String, matching filter: [ColumnFilter], orderBy: [ColumnOrdering], page: PageRequest?
    ) async throws -> [String] {
        try await database.ensureReady()
        guard let table = try await catalog.table(model) else { throw ReadStoreError.unknownModel(model) }
        return try await plan(try table.pageQuery(matching: filter, orderBy: orderBy, page: page).query)
    }

    /// PostgreSQL's plan for ``count(in:matching:)`` with these filters: an `Index Only Scan` (or a bitmap
    /// scan) of the model's index when the planner uses it.
    public func queryPlan(forCountIn model: String, matching filter: [ColumnFilter]) async throws -> [String] {
        try await database.ensureReady()
        guard let table = try await catalog.table(model) else { throw ReadStoreError.unknownModel(model) }
        return try await plan(try table.countQuery(matching: filter))
    }

    private func plan(_ query: PostgresQuery) async throws -> [String] {
        var explain = query
        explain.sql = "EXPLAIN " + query.sql
        return try await database.rows(explain, "explain").map { try $0.decode(String.self) }
    }
}
