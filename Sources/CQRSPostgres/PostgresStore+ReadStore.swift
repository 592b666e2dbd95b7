import CQRS
import Foundation
import PostgresNIO

extension PostgresStore: ReadStore {
    /// Creates the model's table (and registers it, checkpoint 0) if missing; when the registered table has
    /// another shape, creates a staging table `Name@shapeHash` beside it (or keeps it, to resume) and drops
    /// staging tables of other shapes. One transaction, under a per-model advisory lock.
    public func prepare(_ schema: ReadModelSchema) async throws -> ModelPreparation {
        try await database.ensureReady()
        let registry = catalog.registry
        let definition = try ReadModelCatalog.encode(schema)
        let storeSchema = database.schema
        let (preparation, created) = try await database.transaction("prepare") {
            connection -> (ModelPreparation, ReadModelTable?) in
            let lock = SQLText.lockKey("model", schema: storeSchema.name, schema.name)
            try await connection.query("SELECT pg_advisory_xact_lock(\(lock))", logger: database.logger)
            var registered: [String: String] = [:]
            var activeDefinition: String?
            var held: [BlueGreenPlan.Held] = []
            let rows = try await connection.query(
                """
                SELECT name, table_name, shape_hash, definition FROM \(unescaped: registry)
                WHERE name = \(schema.name) OR starts_with(name, \(schema.name + "@"))
                """,
                logger: database.logger
            )
            for try await (name, table, hash, stored) in rows.decode((String, String, String, String).self) {
                registered[name] = table
                held.append(.init(name: name, shapeHash: hash))
                if name == schema.name { activeDefinition = stored }
            }
            let plan = BlueGreenPlan(for: schema, held: held)
            for name in plan.drop {
                if let table = registered[name] { try await drop(table, name: name, on: connection) }
            }
            // The stable name shows the live table: added here for a table made before views were, and
            // only then (replacing a view takes a lock that would wait for every open reader of it).
            if let active = registered[schema.name], let activeDefinition {
                let view = storeSchema.table(ReadModelSchema.stableName(of: schema.name))
                let exists =
                    try await connection.query(
                        "SELECT to_regclass(\(view)) IS NOT NULL", logger: database.logger
                    ).collect().first?.decode(Bool.self) ?? false
                if !exists {
                    let live = ReadModelTable(
                        schema: try ReadModelCatalog.decode(activeDefinition), tableName: active, in: storeSchema)
                    try await connection.query(
                        PostgresQuery(unsafeSQL: live.viewCreation(in: storeSchema)), logger: database.logger)
                }
            }
            guard let name = plan.create else { return (plan.preparation, nil) }
            let tableName = ReadModelTable.tableName(model: name, shapeHash: schema.shapeHash)
            let table = ReadModelTable(schema: schema, tableName: tableName, in: storeSchema)
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(table.qualified)"), logger: database.logger)
            for statement in table.creation {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
            }
            try await connection.query(
                """
                INSERT INTO \(unescaped: registry) (name, table_name, shape_hash, definition, checkpoint)
                VALUES (\(name), \(tableName), \(schema.shapeHash), \(definition), 0)
                """,
                logger: database.logger
            )
            if name == schema.name {
                try await connection.query(
                    PostgresQuery(unsafeSQL: table.viewCreation(in: storeSchema)), logger: database.logger)
            }
            return (plan.preparation, table)
        }
        if let created {
            catalog.remember(preparation.target, created)
            rowCache.reset(preparation.target, checkpoint: 0)
        }
        return preparation
    }

    private func drop(_ table: String, name: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(database.schema.table(table))"), logger: database.logger)
        try await connection.query(
            "DELETE FROM \(unescaped: catalog.registry) WHERE name = \(name)", logger: database.logger)
        catalog.forget(name)
        rowCache.forget(name)
    }

    /// Makes the staging table the model's, with its checkpoint, and drops the old table: one transaction,
    /// so queries see either the old table or the new one.
    public func promote(_ schema: ReadModelSchema) async throws {
        try await database.ensureReady()
        let staging = schema.stagingName
        let registry = catalog.registry
        let storeSchema = database.schema
        try await database.transaction("promote") { connection in
            let lock = SQLText.lockKey("model", schema: storeSchema.name, schema.name)
            try await connection.query("SELECT pg_advisory_xact_lock(\(lock))", logger: database.logger)
            let staged = try await connection.query(
                "SELECT table_name FROM \(unescaped: registry) WHERE name = \(staging)", logger: database.logger
            ).collect()
            guard !staged.isEmpty else { return }
            let active = try await connection.query(
                "SELECT table_name FROM \(unescaped: registry) WHERE name = \(schema.name)", logger: database.logger
            ).collect()
            // The view depends on the old table: it goes first and comes back over the new one, all in
            // this transaction, so a reader of the stable name waits and then sees the new model.
            let view = storeSchema.table(ReadModelSchema.stableName(of: schema.name))
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP VIEW IF EXISTS \(view)"), logger: database.logger)
            if let row = active.first {
                try await drop(try row.decode(String.self), name: schema.name, on: connection)
            }
            try await connection.query(
                "UPDATE \(unescaped: registry) SET name = \(schema.name) WHERE name = \(staging)",
                logger: database.logger
            )
            let promoted = ReadModelTable(
                schema: schema, tableName: try staged[0].decode(String.self), in: storeSchema)
            try await connection.query(
                PostgresQuery(unsafeSQL: promoted.viewCreation(in: storeSchema)), logger: database.logger)
        }
        catalog.forget(staging)
        catalog.forget(schema.name)
        rowCache.rename(staging, to: schema.name)
        database.announcer.announce(changeOf: schema.name)
    }

    /// A signal each time any process commits rows of `model` (or promotes or resets it): each store announces
    /// its commits with a `NOTIFY` on the schema's channel after they commit, which the store's listener
    /// (started on the first call, and run by ``run()``) hears.
    public func changeNotifications(of model: String) -> AsyncStream<Void>? {
        database.modelChanges.subscribe(to: model)
    }

    public func checkpoint(of model: String) async throws -> Int64 {
        try await database.ensureReady()
        let rows = try await database.rows(
            "SELECT checkpoint FROM \(unescaped: catalog.registry) WHERE name = \(model)", "checkpoint")
        return try rows.first?.decode(Int64.self) ?? 0
    }

    /// Applies the changes and moves the checkpoint in one statement (one transaction), fenced: only if the
    /// stored checkpoint is still `expected`. After a dropped connection it is sent again; a retry that finds
    /// the checkpoint already at `checkpoint` was preceded by its own first attempt (the fence and the
    /// projection's lease allow no other writer to reach it) and succeeds.
    public func commit(_ changes: [RowChange], to model: String, expected: Int64, checkpoint: Int64) async throws {
        try await database.ensureReady()
        var attempts = 0
        var keyIndices: [Int] = []
        let outcome: (passed: Bool, actual: Int64?)? = try await catalog.withTable(model) { table in
            keyIndices = table.keyIndices
            let query = try table.commitQuery(
                changes, model: model, registry: catalog.registry, expected: expected,
                checkpoint: checkpoint)
            return try await database.withRetries("commit") {
                attempts += 1
                let rows = try await database.committedRows(query)
                guard let row = rows.first else { return (false, nil) }
                let cells = row.makeRandomAccess()
                return (try cells[0].decode(Bool.self), try cells[1].decode(Int64?.self))
            }
        }
        guard let outcome, outcome.passed || outcome.actual != nil else {
            rowCache.forget(model)
            throw ReadStoreError.unknownModel(model)
        }
        if outcome.passed {
            rowCache.committed(
                changes, keyIndices: keyIndices, to: model, expected: expected, checkpoint: checkpoint,
                retried: attempts > 1)
            // A staging table's rows are read by nobody until it is promoted (which announces it).
            if !changes.isEmpty, ReadModelSchema.modelName(ofTarget: model) == model {
                database.announcer.announce(changeOf: model)
            }
            return
        }
        rowCache.forget(model)
        if attempts > 1, outcome.actual == checkpoint { return }
        throw CheckpointConflict(model: model, expected: expected, actual: outcome.actual ?? 0)
    }

    public func reset(_ model: String) async throws {
        try await database.ensureReady()
        let registry = catalog.registry
        let reset: Bool = try await database.transaction("reset") { connection in
            let rows = try await connection.query(
                "SELECT table_name FROM \(unescaped: registry) WHERE name = \(model) FOR UPDATE",
                logger: database.logger
            ).collect()
            guard let row = rows.first else { return false }
            let table = database.schema.table(try row.decode(String.self))
            try await connection.query(PostgresQuery(unsafeSQL: "TRUNCATE \(table)"), logger: database.logger)
            try await connection.query(
                "UPDATE \(unescaped: registry) SET checkpoint = 0 WHERE name = \(model)", logger: database.logger)
            return true
        }
        guard reset else { throw ReadStoreError.unknownModel(model) }
        rowCache.reset(model, checkpoint: 0)
        database.announcer.announce(changeOf: model)
    }

    public func row(in model: String, key: [ColumnValue]) async throws -> [ColumnValue]? {
        try await database.ensureReady()
        if let table = try await catalog.table(model) { try table.schema.validate(key: key) }
        return try await rowCache.row(in: model, key: key) {
            let row: [ColumnValue]?? = try await catalog.withTable(model) { table in
                let query = try table.rowQuery(key: key)
                let rows = try await database.rows(query, "row")
                return try rows.first.map { try table.decode($0) }
            }
            return row ?? nil
        }
    }

    public func rows(
        in model: String,
        matching filter: [ColumnFilter],
        orderBy: [ColumnOrdering],
        page: PageRequest?
    ) async throws -> RowPage {
        try await database.ensureReady()
        let result: RowPage? = try await catalog.withTable(model) { table in
            let (query, order) = try table.pageQuery(matching: filter, orderBy: orderBy, page: page)
            let rows = try await database.rows(query, "rows")
            return order.page(of: try rows.map { try table.decode($0) }, limit: page?.limit)
        }
        return result ?? RowPage(rows: [], nextCursor: nil)
    }

    public func count(in model: String, matching filter: [ColumnFilter]) async throws -> Int {
        try await database.ensureReady()
        let count: Int64? = try await catalog.withTable(model) { table -> Int64 in
            try await database.rows(try table.countQuery(matching: filter), "count").first?.decode(Int64.self) ?? 0
        }
        return Int(count ?? 0)
    }

    /// Leases held on dedicated connections with session advisory locks: one holder per projection across
    /// every process using the schema; a holder that dies (or whose connection drops) loses it, and a waiter
    /// takes over within ``PostgresStoreConfiguration/leaseRetryInterval``.
    public func leaseProvider() -> any ProjectionLeaseProvider { leases }
}
