import CQRS
import Foundation
import GRDB

extension SQLiteStore: ReadStore {
    public func prepare(_ schema: ReadModelSchema) async throws -> ModelPreparation {
        let schemaJSON = String(decoding: try JSONEncoder().encode(schema), as: UTF8.self)
        let (preparation, tables, created, dropped) = try await writing { db in
            var preparation = ModelPreparation(target: schema.name, isStaging: false)
            var tables: [ReadModelTable] = []
            var created: String?
            var dropped: [String] = []
            try db.inTransaction(.immediate) {
                tables = []
                created = nil
                dropped = []
                var held = try CatalogEntry.fetchAll(db, stagingOf: schema.name)
                // A staging table of the legacy layout is rebuilt from scratch in the readable one.
                for entry in held where entry.layout != .readable {
                    try db.execute(sql: "DROP TABLE IF EXISTS \(ReadModelTable.quote(entry.table))")
                    try db.execute(sql: "DELETE FROM read_models WHERE model = ?", arguments: [entry.model])
                    dropped.append(entry.model)
                }
                held.removeAll { $0.layout != .readable }
                if let active = try CatalogEntry.fetchOne(db, model: schema.name) { held.append(active) }
                // An active table of the legacy layout counts as another shape: the store rebuilds it
                // in the readable layout beside it and promotes it, as for a reshape.
                let plan = BlueGreenPlan(
                    for: schema,
                    held: held.map {
                        .init(
                            name: $0.model, shapeHash: $0.layout == .readable ? $0.shapeHash : "legacy:\($0.shapeHash)")
                    })
                for entry in held where plan.drop.contains(entry.model) {
                    try db.execute(sql: "DROP TABLE IF EXISTS \(ReadModelTable.quote(entry.table))")
                    try db.execute(sql: "DELETE FROM read_models WHERE model = ?", arguments: [entry.model])
                    dropped.append(entry.model)
                }
                if let model = plan.create {
                    let table = ReadModelTable(
                        model: model, schema: schema, table: ReadModelTable.tableName(for: schema), layout: .readable)
                    try db.execute(sql: "DROP TABLE IF EXISTS \(ReadModelTable.quote(table.table))")
                    for statement in table.createStatements { try db.execute(sql: statement) }
                    try db.execute(
                        sql: """
                            INSERT INTO read_models (model, staging_of, table_name, shape_hash, schema_json, checkpoint, layout)
                            VALUES (?, ?, ?, ?, ?, 0, \(ColumnStorage.Layout.readable.rawValue))
                            """,
                        arguments: [
                            model, model == schema.name ? nil : schema.name, table.table, schema.shapeHash, schemaJSON,
                        ]
                    )
                    tables.append(table)
                    created = model
                }
                for entry in held where !plan.drop.contains(entry.model) { tables.append(try entry.readModelTable()) }
                // The stable name shows the live table once it is of the readable layout (it is then
                // created or, for a table made before views were, added).
                if let active = tables.first(where: { $0.model == schema.name }), active.layout == .readable {
                    if try plan.create == schema.name || !db.viewExists(ReadModelSchema.stableName(of: schema.name)) {
                        for statement in active.viewStatements { try db.execute(sql: statement) }
                    }
                }
                preparation = plan.preparation
                return .commit
            }
            return (preparation, tables, created, dropped)
        }
        catalog.withLock { catalog in
            for name in catalog.keys where name.hasPrefix("\(schema.name)@") { catalog[name] = nil }
            for table in tables { catalog[table.model] = table }
        }
        for name in dropped { rowCache.forget(name) }
        if let created { rowCache.reset(created, checkpoint: 0) }
        return preparation
    }

    public func promote(_ schema: ReadModelSchema) async throws {
        let staging = schema.stagingName
        let promoted: ReadModelTable? = try await writing { db in
            var promoted: ReadModelTable?
            try db.inTransaction(.immediate) {
                guard let staged = try CatalogEntry.fetchOne(db, model: staging) else { return .commit }
                if let active = try CatalogEntry.fetchOne(db, model: schema.name) {
                    try db.execute(sql: "DROP TABLE IF EXISTS \(ReadModelTable.quote(active.table))")
                    try db.execute(sql: "DELETE FROM read_models WHERE model = ?", arguments: [schema.name])
                }
                try db.execute(
                    sql: "UPDATE read_models SET model = ?, staging_of = NULL WHERE model = ?",
                    arguments: [schema.name, staging]
                )
                var entry = staged
                entry.model = schema.name
                let table = try entry.readModelTable()
                // In the same transaction: a reader of the stable name sees the old model or the new one.
                for statement in table.viewStatements { try db.execute(sql: statement) }
                promoted = table
                return .commit
            }
            return promoted
        }
        guard let promoted else { return }
        catalog.withLock { catalog in
            catalog[staging] = nil
            catalog[schema.name] = promoted
        }
        rowCache.rename(staging, to: schema.name)
    }

    public func checkpoint(of model: String) async throws -> Int64 {
        try await reading { db in
            let select = try db.raw("SELECT checkpoint FROM read_models WHERE model = ?")
            defer { select.reset() }
            select.bind(1, model)
            return try select.step() ? select.int64(0) : 0
        }
    }

    public func commit(_ changes: [RowChange], to model: String, expected: Int64, checkpoint: Int64) async throws {
        guard let known = try await table(of: model) else { throw ReadStoreError.unknownModel(model) }
        try known.schema.validate(changes)
        let reshaped: ReadModelTable?
        do {
            reshaped = try await commit(changes, to: model, in: known, expected: expected, checkpoint: checkpoint)
        } catch {
            rowCache.forget(model)
            throw error
        }
        if let reshaped {
            catalog.withLock { $0[model] = reshaped }
            rowCache.forget(model)
        } else {
            rowCache.committed(
                changes, keyIndices: known.schema.keyIndices, to: model, expected: expected, checkpoint: checkpoint,
                retried: false)
        }
    }

    /// The commit, in the group commit's next transaction; the model's table as stored when another process
    /// reshaped it since this one looked (`known` is then stale), else `nil`.
    private func commit(
        _ changes: [RowChange], to model: String, in known: ReadModelTable, expected: Int64, checkpoint: Int64
    ) async throws -> ReadModelTable? {
        let commit = ModelCommit(
            changes: changes, model: model, known: known, expected: expected, checkpoint: checkpoint)
        switch try await write(.modelCommit(commit)) {
        case .committed(let reshaped): return reshaped
        case .appended: preconditionFailure("the group commit answers a model's commit with its result")
        }
    }

    /// A model's commit inside the group commit's transaction: the fence, the row changes, the checkpoint;
    /// the model's table as stored when another process reshaped it since this one looked, else `nil`.
    func apply(_ commit: ModelCommit, in db: Database) throws -> ReadModelTable? {
        let select = try db.raw("SELECT checkpoint, table_name FROM read_models WHERE model = ?")
        select.bind(1, commit.model)
        guard try select.step() else {
            select.reset()
            throw ReadStoreError.unknownModel(commit.model)
        }
        let actual = select.int64(0)
        let tableName = select.string(1)
        select.reset()
        guard actual == commit.expected else {
            throw CheckpointConflict(model: commit.model, expected: commit.expected, actual: actual)
        }
        var current = commit.known
        var reshaped: ReadModelTable?
        if tableName != current.table {
            // Reshaped by another process since this one looked: use (and remember) the stored table.
            guard let stored = try CatalogEntry.fetchOne(db, model: commit.model)?.readModelTable() else {
                throw ReadStoreError.unknownModel(commit.model)
            }
            try stored.schema.validate(commit.changes)
            current = stored
            reshaped = stored
        }
        try current.apply(commit.changes, in: db)
        let update = try db.raw("UPDATE read_models SET checkpoint = ? WHERE model = ?")
        update.bind(1, commit.checkpoint)
        update.bind(2, commit.model)
        try update.execute()
        return reshaped
    }

    public func reset(_ model: String) async throws {
        try await writing { db in
            try db.inTransaction(.immediate) {
                guard let entry = try CatalogEntry.fetchOne(db, model: model) else {
                    throw ReadStoreError.unknownModel(model)
                }
                try db.execute(sql: "DELETE FROM \(ReadModelTable.quote(entry.table))")
                try db.execute(sql: "UPDATE read_models SET checkpoint = 0 WHERE model = ?", arguments: [model])
                return .commit
            }
        }
        rowCache.reset(model, checkpoint: 0)
    }

    /// The row with this key: from ``CQRS/LeasedRowCache`` while this store holds the projection's lease
    /// and knows the row (or knows the table has none), else one lookup on the read queue.
    public func row(in model: String, key: [ColumnValue]) async throws -> [ColumnValue]? {
        if let table = catalog.withLock({ $0[model] }) { try table.schema.validate(key: key) }
        return try await rowCache.row(in: model, key: key) {
            try await withCurrentTable(model) { table in
                guard let table else { return nil }
                try table.schema.validate(key: key)
                return try await self.reading { db in try table.row(key: key, in: db) }
            }
        }
    }

    public func rows(
        in model: String,
        matching filter: [ColumnFilter],
        orderBy: [ColumnOrdering],
        page: PageRequest?
    ) async throws -> RowPage {
        try await withCurrentTable(model) { table in
            guard let table else { return RowPage(rows: [], nextCursor: nil) }
            return try await self.reading { db in
                try table.rows(matching: filter, orderBy: orderBy, page: page, in: db)
            }
        }
    }

    public func count(in model: String, matching filter: [ColumnFilter]) async throws -> Int {
        try await withCurrentTable(model) { table in
            guard let table else { return 0 }
            return try await self.reading { db in try table.count(matching: filter, in: db) }
        }
    }

    public func leaseProvider() -> any ProjectionLeaseProvider { leases }

    // MARK: The catalog

    /// The table of a model (or staging model), from the cache or the catalog; `nil` when there is none.
    func table(of model: String) async throws -> ReadModelTable? {
        if let cached = catalog.withLock({ $0[model] }) { return cached }
        guard
            let table = try await grdbReading({ db in
                try CatalogEntry.fetchOne(db, model: model)?.readModelTable()
            })
        else {
            return nil
        }
        catalog.withLock { $0[model] = table }
        return table
    }

    /// Runs a read on the model's table; when the table is gone (another process promoted a reshape),
    /// forgets it, looks it up again and runs once more.
    private func withCurrentTable<T>(_ model: String, _ body: (ReadModelTable?) async throws -> T) async throws -> T {
        do {
            return try await body(try await table(of: model))
        } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
            catalog.withLock { $0[model] = nil }
            return try await body(try await table(of: model))
        } catch is SQLiteStoreError {
            catalog.withLock { $0[model] = nil }
            return try await body(try await table(of: model))
        }
    }
}

/// A row of `read_models`.
struct CatalogEntry {
    var model: String
    var table: String
    var shapeHash: String
    var schemaJSON: String
    var layout: ColumnStorage.Layout

    static func fetchOne(_ db: Database, model: String) throws -> CatalogEntry? {
        try Row.fetchOne(
            db, sql: "SELECT model, table_name, shape_hash, schema_json, layout FROM read_models WHERE model = ?",
            arguments: [model]
        ).map(CatalogEntry.init(row:))
    }

    static func fetchAll(_ db: Database, stagingOf model: String) throws -> [CatalogEntry] {
        try Row.fetchAll(
            db, sql: "SELECT model, table_name, shape_hash, schema_json, layout FROM read_models WHERE staging_of = ?",
            arguments: [model]
        ).map(CatalogEntry.init(row:))
    }

    init(row: Row) {
        model = row[0]
        table = row[1]
        shapeHash = row[2]
        schemaJSON = row[3]
        layout = ColumnStorage.Layout(rawValue: row[4]) ?? .readable
    }

    func readModelTable() throws -> ReadModelTable {
        let schema = try JSONDecoder().decode(ReadModelSchema.self, from: Data(schemaJSON.utf8))
        return ReadModelTable(model: model, schema: schema, table: table, layout: layout)
    }
}
