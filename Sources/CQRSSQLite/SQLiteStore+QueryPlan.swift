import CQRS
import GRDB

extension SQLiteStore {
    /// SQLite's plan (`EXPLAIN QUERY PLAN`, one line per step) for reading a model's row by key, as
    /// ``row(in:key:)`` does: `SEARCH <table> USING PRIMARY KEY (...)` when the key is used.
    public func queryPlan(forRowIn model: String) async throws -> [String] {
        guard let table = try await table(of: model) else { throw ReadStoreError.unknownModel(model) }
        return try await plan(table.rowByKeySQL)
    }

    /// SQLite's plan for ``rows(in:matching:orderBy:page:)`` with these filters and orderings (the values
    /// do not change the plan): `SEARCH <table> USING INDEX ...` when an index serves the filter.
    public func queryPlan(
        forRowsIn model: String,
        matching filter: [ColumnFilter],
        orderBy: [ColumnOrdering],
        page: PageRequest?
    ) async throws -> [String] {
        guard let table = try await table(of: model) else { throw ReadStoreError.unknownModel(model) }
        let order = try RowOrder(schema: table.schema, orderBy: orderBy)
        let query = try table.query(
            matching: filter, order: order, after: try order.cursorValues(of: page),
            limit: page.map { max($0.limit, 0) + 1 }, offset: page?.offset ?? 0)
        return try await plan(query.sql)
    }

    /// SQLite's plan for ``count(in:matching:)`` with these filters: `SEARCH <table> USING COVERING INDEX
    /// ...` when an index serves the filter.
    public func queryPlan(forCountIn model: String, matching filter: [ColumnFilter]) async throws -> [String] {
        guard let table = try await table(of: model) else { throw ReadStoreError.unknownModel(model) }
        return try await plan(try table.countQuery(matching: filter).sql)
    }

    private func plan(_ sql: String) async throws -> [String] {
        try await grdbReading { db in
            // Through the C API: the parameters stay unbound (their values do not change the plan).
            let statement = try db.makeStatement(sql: "EXPLAIN QUERY PLAN " + sql)
            return try withExtendedLifetime(statement) {
                let explain = RawStatement(statement)
                defer { explain.reset() }
                var details: [String] = []
                while try explain.step() { details.append(explain.string(3)) }
                return details
            }
        }
    }
}
