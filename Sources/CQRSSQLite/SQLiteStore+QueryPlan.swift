import CQRS
import GRDB

extension SQLiteStore {
    /// SQLite's plan (`EXPLAIN QUERY PLAN`, one line per step) for reading a model's row by key, as
    /// ``row(in:key:)`` does: `SEARCH <table> USING PRIMARY KEY (...)` when the key is used.
    public func queryPlan(forRowIn model: String) throws -> [String] {
        guard let table = try table(of: model) else { throw ReadStoreError.unknownModel(model) }
        return try plan(table.rowByKeySQL)
    }

    /// SQLite's plan for ``rows(in:matching:orderBy:page:)`` with these filters and orderings (the values
    /// do not change the plan): `SEARCH <table> USING INDEX ...` when an index serves the filter.
    public func queryPlan(
        forRowsIn model: String,
        matching filter: [ColumnFilter],
        orderBy: [ColumnOrdering],
        page: PageRequest?
    ) throws -> [String] {
        guard let table = try table(of: model) else { throw ReadStoreError.unknownModel(model) }
        let after = try page?.after?.values()
        let query = try table.query(
            matching: filter, orderBy: orderBy, after: after, limit: page.map { max($0.limit, 0) + 1 })
        return try plan(query.sql)
    }

    private func plan(_ sql: String) throws -> [String] {
        try grdbReading { db in
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
