import CQRS
import PostgresNIO

/// A read model's table in PostgreSQL and the SQL that reads and writes it: a column per schema column
/// (``ColumnSQL``), the key as the primary key, and each declared index (followed by the key, so that a
/// filtered query pages along the index without sorting).
struct ReadModelTable: Sendable {
    /// The read model's schema.
    let schema: ReadModelSchema
    /// The table's name (unquoted), unique per model name and shape.
    let name: String
    /// `schema.table`, quoted.
    let qualified: String
    let keyIndices: [Int]
    let quotedColumns: [String]

    init(schema: ReadModelSchema, tableName: String, in storeSchema: PostgresSchema) {
        self.schema = schema
        self.name = tableName
        self.qualified = storeSchema.table(tableName)
        self.keyIndices = schema.keyIndices
        self.quotedColumns = schema.columns.map { SQLText.identifier($0.name) }
    }

    /// The table name for a model name and shape: `rm_<name>_<hash>`, within PostgreSQL's 63 bytes.
    static func tableName(model: String, shapeHash: String) -> String {
        let readable = String(
            model.lowercased().unicodeScalars
                .map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_" }
                .prefix(32)
        )
        return "rm_\(readable)_\(SQLText.hex("table", model, shapeHash))"
    }

    /// `CREATE OR REPLACE VIEW` of the model's stable name over this table, every column as stored.
    func viewCreation(in storeSchema: PostgresSchema) -> String {
        """
        CREATE OR REPLACE VIEW \(storeSchema.table(ReadModelSchema.stableName(of: schema.name))) AS \
        SELECT \(quotedColumns.joined(separator: ", ")) FROM \(qualified)
        """
    }

    // MARK: DDL

    /// `CREATE TABLE` and `CREATE INDEX` statements.
    var creation: [String] {
        var columns = schema.columns.enumerated().map { index, column in
            "\(quotedColumns[index]) \(ColumnSQL.definition(column.type))\(column.nullable ? "" : " NOT NULL")"
        }
        columns.append("PRIMARY KEY (\(keyIndices.map { quotedColumns[$0] }.joined(separator: ", ")))")
        var statements = ["CREATE TABLE \(qualified) (\n    \(columns.joined(separator: ",\n    "))\n)"]
        for (number, index) in schema.indexes.enumerated() {
            var names = index
            for key in schema.key where !names.contains(key) { names.append(key) }
            let indexName = SQLText.identifier("\(name)_i\(number)")
            let list = names.map { SQLText.identifier($0) }.joined(separator: ", ")
            statements.append("CREATE INDEX \(indexName) ON \(qualified) (\(list))")
        }
        return statements
    }

    // MARK: Reading

    /// The select list, in column order.
    var selectList: String {
        zip(quotedColumns, schema.columns).map { ColumnSQL.select($0, $1.type) }.joined(separator: ", ")
    }

    /// A row from a result row, in column order.
    func decode(_ row: PostgresRow) throws -> [ColumnValue] {
        let cells = row.makeRandomAccess()
        var values: [ColumnValue] = []
        values.reserveCapacity(schema.columns.count)
        for (index, column) in schema.columns.enumerated() {
            values.append(try ColumnSQL.read(cells[index], as: column.type))
        }
        return values
    }

    /// The query for the row with a key.
    func rowQuery(key: [ColumnValue]) throws -> PostgresQuery {
        guard key.count == keyIndices.count else {
            throw ReadStoreError.invalidRow(model: schema.name, reason: "a key of \(key.count) values")
        }
        var sql = "SELECT \(selectList) FROM \(qualified) WHERE "
        var binds = PostgresBindings(capacity: key.count)
        var conditions: [String] = []
        for (value, index) in zip(key, keyIndices) {
            try condition(column: index, equals: value, sql: &conditions, binds: &binds)
        }
        sql += conditions.joined(separator: " AND ")
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// `column = $n` (or `IS NULL`), checking the value's type.
    private func condition(
        column index: Int,
        equals value: ColumnValue,
        sql conditions: inout [String],
        binds: inout PostgresBindings
    ) throws {
        let column = schema.columns[index]
        if value == .null {
            conditions.append("\(quotedColumns[index]) IS NULL")
            return
        }
        guard value.type == column.type else {
            throw ReadStoreError.invalidRow(
                model: schema.name, reason: "\(column.name) holds \(column.type) values, not \(value)")
        }
        try binds.append(ColumnParameter(value: value, type: column.type))
        conditions.append("\(quotedColumns[index]) = \(ColumnSQL.placeholder(binds.count, column.type))")
    }

    /// The query for a page: the filters, the orderings then the key, after the cursor; one row more than
    /// the page, to know whether another follows (``CQRS/RowOrder/page(of:limit:)`` cuts it).
    func pageQuery(
        matching filter: [ColumnFilter],
        orderBy: [ColumnOrdering],
        page: PageRequest?
    ) throws -> (query: PostgresQuery, order: RowOrder) {
        var binds = PostgresBindings()
        var conditions = try self.conditions(matching: filter, binds: &binds)
        let order = try RowOrder(schema: schema, orderBy: orderBy)
        if let after = try order.cursorValues(of: page) {
            conditions.append(
                try order.condition(after: after, column: { quotedColumns[$0] }) { value, term in
                    let type = schema.columns[term.column].type
                    try binds.append(ColumnParameter(value: value, type: type))
                    return ColumnSQL.placeholder(binds.count, type)
                })
        }
        // ORDER BY names the table's columns (t.), not the select list's (a decimal is selected as text).
        var sql = "SELECT \(selectList) FROM \(qualified) t"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql +=
            " ORDER BY "
            + order.terms.map { term in
                let direction = term.descending ? " DESC" : ""
                let nulls = term.nullable ? (term.descending ? " NULLS LAST" : " NULLS FIRST") : ""
                return "t." + quotedColumns[term.column] + direction + nulls
            }.joined(separator: ", ")
        if let page { sql += " LIMIT \(max(page.limit, 0) + 1)" }
        if let offset = page?.offset, offset > 0 { sql += " OFFSET \(offset)" }
        return (PostgresQuery(unsafeSQL: sql, binds: binds), order)
    }

    /// The filters' conditions (``CQRS/FilterConditions``), their values bound.
    private func conditions(matching filter: [ColumnFilter], binds: inout PostgresBindings) throws -> [String] {
        try FilterConditions(schema: schema, filters: filter).sql(
            column: { quotedColumns[$0] },
            parameter: { value, column in
                let type = schema.columns[column].type
                try binds.append(ColumnParameter(value: value, type: type))
                return ColumnSQL.placeholder(binds.count, type)
            })
    }

    /// The query for `count(in:matching:)`.
    func countQuery(matching filter: [ColumnFilter]) throws -> PostgresQuery {
        var binds = PostgresBindings()
        let conditions = try conditions(matching: filter, binds: &binds)
        var sql = "SELECT count(*) FROM \(qualified) t"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    // MARK: Writing

    /// What a `NOTIFY` payload starts with when it names a read model whose rows a commit changed.
    static let changePrefix = "m:"

    /// One statement that commits a batch, fenced: the checkpoint moves from `expected` to `checkpoint` in
    /// the registry and, only if it did, the deletes and upserts apply, all atomically. Its one row: whether
    /// the fence passed, and the checkpoint stored before.
    ///
    /// `fenced == false` (rows of a model nothing checkpoints, such as a state-stored aggregate's, written
    /// in an append's transaction): the registry row is only read, not updated, so that appends to
    /// different streams do not wait on each other for its row lock; the expected version of the append
    /// orders the writes of one row.
    func commitQuery(
        _ changes: [RowChange],
        model: String,
        registry: String,
        expected: Int64,
        checkpoint: Int64,
        fenced: Bool = true
    ) throws -> PostgresQuery {
        try schema.validate(changes)
        var upserts: [[ColumnValue]] = []
        var deletes: [[ColumnValue]] = []
        for change in changes {
            switch change {
            case .upsert(let row): upserts.append(row)
            case .delete(let key): deletes.append(key)
            }
        }
        var binds = PostgresBindings()
        binds.append(checkpoint)
        binds.append(model)
        binds.append(expected)
        var sql =
            fenced
            ? """
            WITH fence AS (
                UPDATE \(registry) SET checkpoint = $1 WHERE name = $2 AND checkpoint = $3 RETURNING 1
            )
            """
            : """
            WITH fence AS (
                SELECT 1 FROM \(registry) WHERE name = $2 AND checkpoint = $3 AND $1::bigint = $3::bigint
            )
            """
        let passed = "EXISTS (SELECT 1 FROM fence)"
        if !deletes.isEmpty {
            var arrays: [String] = []
            var aliases: [String] = []
            var matches: [String] = []
            for (position, index) in keyIndices.enumerated() {
                let type = schema.columns[index].type
                try binds.append(ColumnArrayParameter(values: deletes.map { $0[position] }, type: type))
                arrays.append("$\(binds.count)::\(ColumnSQL.sqlType(type))[]")
                aliases.append("k\(position)")
                matches.append("t.\(quotedColumns[index]) = d.k\(position)")
            }
            sql += """
                , removed AS (
                    DELETE FROM \(qualified) t USING unnest(\(arrays.joined(separator: ", "))) AS d(\(aliases.joined(separator: ", ")))
                    WHERE \(passed) AND \(matches.joined(separator: " AND "))
                    RETURNING 1
                )
                """
        }
        if !upserts.isEmpty {
            var arrays: [String] = []
            for (index, column) in schema.columns.enumerated() {
                try binds.append(ColumnArrayParameter(values: upserts.map { $0[index] }, type: column.type))
                arrays.append("$\(binds.count)::\(ColumnSQL.sqlType(column.type))[]")
            }
            let keys = Set(keyIndices)
            let updates = schema.columns.indices.filter { !keys.contains($0) }.map {
                "\(quotedColumns[$0]) = excluded.\(quotedColumns[$0])"
            }
            let conflict =
                updates.isEmpty
                ? "DO NOTHING" : "DO UPDATE SET \(updates.joined(separator: ", "))"
            sql += """
                , written AS (
                    INSERT INTO \(qualified) (\(quotedColumns.joined(separator: ", ")))
                    SELECT * FROM unnest(\(arrays.joined(separator: ", "))) WHERE \(passed)
                    ON CONFLICT (\(keyIndices.map { quotedColumns[$0] }.joined(separator: ", "))) \(conflict)
                    RETURNING 1
                )
                """
        }
        sql += """

            SELECT \(passed), (SELECT checkpoint FROM \(registry) WHERE name = $2)\
            \(deletes.isEmpty ? "" : ", (SELECT count(*) FROM removed)")\
            \(upserts.isEmpty ? "" : ", (SELECT count(*) FROM written)")
            """
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}
