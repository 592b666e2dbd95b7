import CQRS
import Foundation
import GRDB

/// One read model's SQL table: its name, its DDL, and the statements the store runs on it.
///
/// The table is named from the model and its shape (`rm_<name>_<shapeHash>_2`, the last part being
/// the storage layout), so that a reshaped model is a new table beside the old one; people and other
/// tools read it through its stable name, the view `rm_<name>` (`ReadModelSchema.stableName(of:)`), which always shows
/// the live table. Columns follow ``ColumnStorage``; the key is the primary key (a `WITHOUT ROWID`
/// table: a lookup by key is one B-tree search, and every index also holds the key, so that rows
/// found by an index come out in key order); each declared index is a `CREATE INDEX`. A decimal
/// column is compared (key, indexes, filters, ordering, cursors) through its hidden order column.
struct ReadModelTable: Sendable {
    /// The model name the store knows it by (the schema's name, or a staging name).
    let model: String
    let schema: ReadModelSchema
    /// The SQL table's name (unquoted).
    let table: String
    /// How its values are stored.
    let layout: ColumnStorage.Layout
    let keyIndices: [Int]
    let rowByKeySQL: String
    let upsertSQL: String
    let deleteSQL: String
    /// The schema columns whose values are also written to a hidden order column, in schema order.
    let orderColumnIndices: [Int]
    private let selectList: String

    init(model: String, schema: ReadModelSchema, table: String, layout: ColumnStorage.Layout) {
        self.model = model
        self.schema = schema
        self.table = table
        self.layout = layout
        keyIndices = schema.keyIndices
        orderColumnIndices =
            layout == .readable ? schema.columns.indices.filter { schema.columns[$0].type == .decimal } : []
        let compared = schema.columns.indices.map { Self.comparedName(of: schema.columns[$0], layout: layout) }
        selectList = compared.joined(separator: ", ")
        let keyMatch = schema.keyIndices.map { "\(compared[$0]) = ?" }.joined(separator: " AND ")
        rowByKeySQL = "SELECT \(selectList) FROM \(Self.quote(table)) WHERE \(keyMatch)"
        deleteSQL = "DELETE FROM \(Self.quote(table)) WHERE \(keyMatch)"
        let stored =
            schema.columns.map { Self.quote($0.name) } + orderColumnIndices.map { compared[$0] }
        let values = Array(repeating: "?", count: stored.count).joined(separator: ", ")
        let keyColumns = schema.keyIndices.map { compared[$0] }
        let updates = stored.filter { !keyColumns.contains($0) }.map { "\($0) = excluded.\($0)" }
        let onConflict = updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET \(updates.joined(separator: ", "))"
        upsertSQL = """
            INSERT INTO \(Self.quote(table)) (\(stored.joined(separator: ", "))) VALUES (\(values)) \
            ON CONFLICT (\(keyColumns.joined(separator: ", "))) \(onConflict)
            """
    }

    /// The column keys, indexes, filters, ordering and cursors use, quoted: a decimal's hidden order
    /// column (`<name>#order`, a name no spec field can have) in the readable layout, else the column.
    static func comparedName(of column: ReadModelSchema.Column, layout: ColumnStorage.Layout) -> String {
        layout == .readable && column.type == .decimal ? quote(column.name + "#order") : quote(column.name)
    }

    private func comparedName(_ index: Int) -> String {
        Self.comparedName(of: schema.columns[index], layout: layout)
    }

    /// The model name as it may appear in an SQL name: letters, digits and `_`.
    private static func sqlSafe(_ name: String) -> String {
        String(name.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? Character($0) : "_" })
    }

    /// The table name for a schema: `rm_` + the model name (letters, digits, `_`) + `_` + the shape hash
    /// + `_2` (the readable layout).
    static func tableName(for schema: ReadModelSchema) -> String {
        "rm_\(sqlSafe(schema.name))_\(schema.shapeHash)_\(ColumnStorage.Layout.readable.rawValue)"
    }

    /// `DROP VIEW` and `CREATE VIEW` of the model's stable name over this table: its columns as people
    /// read them, in schema order (no hidden order columns; a UUID as its canonical lowercase text).
    var viewStatements: [String] {
        let view = Self.quote(ReadModelSchema.stableName(of: schema.name))
        let columns = schema.columns.map { column in
            let name = Self.quote(column.name)
            guard column.type == .uuid else { return name }
            let hex = "hex(\(name))"
            let parts = [(1, 8), (9, 4), (13, 4), (17, 4), (21, 12)].map { "substr(\(hex), \($0.0), \($0.1))" }
            // CASE rather than iif(): older SQLite libraries in other tools read the view too.
            return
                "CASE WHEN \(name) IS NULL THEN NULL ELSE lower(\(parts.joined(separator: " || '-' || "))) END AS \(name)"
        }.joined(separator: ", ")
        return [
            "DROP VIEW IF EXISTS \(view)",
            "CREATE VIEW \(view) AS SELECT \(columns) FROM \(Self.quote(table))",
        ]
    }

    /// `CREATE TABLE` and one `CREATE INDEX` per declared index.
    var createStatements: [String] {
        var columns = schema.columns.map { column in
            "\(Self.quote(column.name)) \(ColumnStorage.sqlType(column.type, layout: layout))"
                + (column.nullable ? "" : " NOT NULL")
        }
        for index in orderColumnIndices {
            columns.append("\(comparedName(index)) TEXT\(schema.columns[index].nullable ? "" : " NOT NULL")")
        }
        let key = keyIndices.map(comparedName).joined(separator: ", ")
        var statements = [
            "CREATE TABLE \(Self.quote(table)) (\(columns.joined(separator: ", ")), PRIMARY KEY (\(key))) WITHOUT ROWID"
        ]
        for (number, index) in schema.indexes.enumerated() where !index.isEmpty {
            let names = index.map { name in
                schema.columnIndex(name).map(comparedName) ?? Self.quote(name)
            }
            statements.append(
                "CREATE INDEX \(Self.quote("\(table)_ix\(number)")) ON \(Self.quote(table)) "
                    + "(\(names.joined(separator: ", ")))"
            )
        }
        return statements
    }

    /// Binds an upserted row: every column as stored, then each hidden order column (a decimal's
    /// two texts come from one reading of its digits).
    func bindUpsert(_ row: [ColumnValue], in statement: RawStatement) {
        // The hidden order columns follow the row's columns, in schema order.
        var order = Int32(row.count)
        for (index, value) in row.enumerated() {
            guard layout == .readable, schema.columns[index].type == .decimal else {
                ColumnStorage.bind(value, at: Int32(index + 1), in: statement, layout: layout)
                continue
            }
            order += 1
            if case .decimal(let decimal) = value {
                let texts = SortableDecimal.encodings(of: decimal)
                statement.bind(Int32(index + 1), texts.plain)
                statement.bind(order, texts.sortable)
            } else {
                ColumnStorage.bind(value, at: Int32(index + 1), in: statement, layout: layout)
                ColumnStorage.bind(value, at: order, in: statement, layout: layout)
            }
        }
    }

    /// Binds compared values (a key, a query's arguments) from parameter 1 on.
    func bindCompared(_ values: [ColumnValue], in statement: RawStatement) {
        for (index, value) in values.enumerated() {
            ColumnStorage.bind(value, at: Int32(index + 1), in: statement, layout: layout)
        }
    }

    /// An SQL identifier, quoted.
    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The row in the statement's current result row (the columns in schema order).
    func row(from statement: RawStatement) throws -> [ColumnValue] {
        var row: [ColumnValue] = []
        row.reserveCapacity(schema.columns.count)
        for (index, column) in schema.columns.enumerated() {
            row.append(
                try ColumnStorage.read(column.type, at: Int32(index), in: statement, model: model, layout: layout))
        }
        return row
    }

    /// The filters' conditions (``CQRS/FilterConditions``), and their arguments in order.
    private func conditions(matching filter: [ColumnFilter]) throws -> (conditions: [String], arguments: [ColumnValue])
    {
        var arguments: [ColumnValue] = []
        let conditions = try FilterConditions(schema: schema, filters: filter).sql(column: comparedName) { value, _ in
            arguments.append(value)
            return "?"
        }
        return (conditions, arguments)
    }

    /// The query for `rows(in:matching:orderBy:page:)`: the SQL and its arguments in order. `after` holds the
    /// cursor's values (``CQRS/RowOrder/cursorValues(of:)``); `limit` is the number of rows to fetch, past
    /// the first `offset`.
    func query(
        matching filter: [ColumnFilter],
        order: RowOrder,
        after: [ColumnValue]?,
        limit: Int?,
        offset: Int = 0
    ) throws -> (sql: String, arguments: [ColumnValue]) {
        var (conditions, arguments) = try conditions(matching: filter)
        if let after {
            conditions.append(
                order.condition(after: after, column: comparedName) { value, _ in
                    arguments.append(value)
                    return "?"
                })
        }
        var sql = "SELECT \(selectList) FROM \(Self.quote(table))"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql +=
            " ORDER BY "
            + order.terms.map { "\(comparedName($0.column))\($0.descending ? " DESC" : "")" }
            .joined(separator: ", ")
        if let limit { sql += " LIMIT \(max(limit, 0))" }
        if offset > 0 { sql += (limit == nil ? " LIMIT -1" : "") + " OFFSET \(offset)" }
        return (sql, arguments)
    }

    /// The query for `count(in:matching:)`: the SQL and its arguments in order.
    func countQuery(matching filter: [ColumnFilter]) throws -> (sql: String, arguments: [ColumnValue]) {
        let (conditions, arguments) = try conditions(matching: filter)
        var sql = "SELECT count(*) FROM \(Self.quote(table))"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return (sql, arguments)
    }

    /// The row with this key, read on `db`.
    func row(key: [ColumnValue], in db: some StatementSource) throws -> [ColumnValue]? {
        try schema.validate(key: key)
        let select = try db.raw(rowByKeySQL)
        defer { select.reset() }
        bindCompared(key, in: select)
        return try select.step() ? try row(from: select) : nil
    }

    /// A page of `rows(in:matching:orderBy:page:)`, read on `db`.
    func rows(
        matching filter: [ColumnFilter], orderBy: [ColumnOrdering], page: PageRequest?, in db: some StatementSource
    ) throws -> RowPage {
        let order = try RowOrder(schema: schema, orderBy: orderBy)
        let after = try order.cursorValues(of: page)
        let limit = page.map { max($0.limit, 0) }
        if limit == 0 { return RowPage(rows: [], nextCursor: nil) }
        // One more row than asked tells whether another page follows.
        let query = try query(
            matching: filter, order: order, after: after, limit: limit.map { $0 + 1 }, offset: page?.offset ?? 0)
        let select = try db.raw(query.sql)
        defer { select.reset() }
        bindCompared(query.arguments, in: select)
        var rows: [[ColumnValue]] = []
        while try select.step() { rows.append(try row(from: select)) }
        return order.page(of: rows, limit: limit)
    }

    /// How many rows `count(in:matching:)` finds, read on `db`.
    func count(matching filter: [ColumnFilter], in db: some StatementSource) throws -> Int {
        let query = try countQuery(matching: filter)
        let select = try db.raw(query.sql)
        defer { select.reset() }
        bindCompared(query.arguments, in: select)
        return try select.step() ? Int(select.int64(0)) : 0
    }

    /// Applies the changes on the writer, in its transaction.
    func apply(_ changes: [RowChange], in db: Database) throws {
        guard !changes.isEmpty else { return }
        let upsert = try db.raw(upsertSQL)
        let delete = try db.raw(deleteSQL)
        for change in changes {
            switch change {
            case .upsert(let row):
                bindUpsert(row, in: upsert)
                try upsert.execute()
            case .delete(let key):
                bindCompared(key, in: delete)
                try delete.execute()
            }
        }
    }
}
