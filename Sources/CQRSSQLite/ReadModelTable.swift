import CQRS
import Foundation

/// One read model's SQL table: its name, its DDL, and the statements the store runs on it.
///
/// The table is named from the model and its shape (`rm_<name>_<shapeHash>`), so that a reshaped model is
/// a new table beside the old one. Columns follow ``ColumnStorage``; the key is the primary key (a
/// `WITHOUT ROWID` table: a lookup by key is one B-tree search, and every index also holds the key, so
/// that rows found by an index come out in key order); each declared index is a `CREATE INDEX`.
struct ReadModelTable: Sendable {
    /// The model name the store knows it by (the schema's name, or a staging name).
    let model: String
    let schema: ReadModelSchema
    /// The SQL table's name (unquoted).
    let table: String
    let keyIndices: [Int]
    let rowByKeySQL: String
    let upsertSQL: String
    let deleteSQL: String
    private let selectList: String

    init(model: String, schema: ReadModelSchema, table: String) {
        self.model = model
        self.schema = schema
        self.table = table
        keyIndices = schema.keyIndices
        let columns = schema.columns.map { Self.quote($0.name) }
        selectList = columns.joined(separator: ", ")
        let keyMatch = schema.key.map { "\(Self.quote($0)) = ?" }.joined(separator: " AND ")
        rowByKeySQL = "SELECT \(selectList) FROM \(Self.quote(table)) WHERE \(keyMatch)"
        deleteSQL = "DELETE FROM \(Self.quote(table)) WHERE \(keyMatch)"
        let values = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let keySet = Set(schema.key)
        let updates = schema.columns.filter { !keySet.contains($0.name) }
            .map { "\(Self.quote($0.name)) = excluded.\(Self.quote($0.name))" }
        let onConflict =
            updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET \(updates.joined(separator: ", "))"
        upsertSQL = """
            INSERT INTO \(Self.quote(table)) (\(selectList)) VALUES (\(values)) \
            ON CONFLICT (\(schema.key.map(Self.quote).joined(separator: ", "))) \(onConflict)
            """
    }

    /// The table name for a schema: `rm_` + the model name (letters, digits, `_`) + `_` + the shape hash.
    static func tableName(for schema: ReadModelSchema) -> String {
        let name = String(
            schema.name.unicodeScalars.map {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) ? Character($0) : "_"
            })
        return "rm_\(name)_\(schema.shapeHash)"
    }

    /// `CREATE TABLE` and one `CREATE INDEX` per declared index.
    var createStatements: [String] {
        let columns = schema.columns.map { column in
            "\(Self.quote(column.name)) \(ColumnStorage.sqlType(column.type))\(column.nullable ? "" : " NOT NULL")"
        }
        let key = schema.key.map(Self.quote).joined(separator: ", ")
        var statements = [
            "CREATE TABLE \(Self.quote(table)) (\(columns.joined(separator: ", ")), PRIMARY KEY (\(key))) WITHOUT ROWID"
        ]
        for (number, index) in schema.indexes.enumerated() where !index.isEmpty {
            statements.append(
                "CREATE INDEX \(Self.quote("\(table)_ix\(number)")) ON \(Self.quote(table)) "
                    + "(\(index.map(Self.quote).joined(separator: ", ")))"
            )
        }
        return statements
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
            row.append(try ColumnStorage.read(column.type, at: Int32(index), in: statement, model: model))
        }
        return row
    }

    /// The query for `rows(in:matching:orderBy:page:)`: the SQL and its arguments in order. `after` holds the
    /// cursor's values (``CQRS/RowOrder/cursorValues(of:)``); `limit` is the number of rows to fetch.
    func query(
        matching filter: [ColumnFilter],
        order: RowOrder,
        after: [ColumnValue]?,
        limit: Int?
    ) throws -> (sql: String, arguments: [ColumnValue]) {
        for name in filter.map(\.column) where schema.columnIndex(name) == nil {
            throw ReadStoreError.unknownColumn(model: schema.name, column: name)
        }
        var conditions: [String] = []
        var arguments: [ColumnValue] = []
        for condition in filter {
            if condition.value == .null {
                conditions.append("\(Self.quote(condition.column)) IS NULL")
            } else {
                conditions.append("\(Self.quote(condition.column)) = ?")
                arguments.append(condition.value)
            }
        }
        if let after {
            conditions.append(
                order.condition(after: after, column: { Self.quote(schema.columns[$0].name) }) { value, _ in
                    arguments.append(value)
                    return "?"
                })
        }
        var sql = "SELECT \(selectList) FROM \(Self.quote(table))"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql +=
            " ORDER BY "
            + order.terms.map { "\(Self.quote(schema.columns[$0.column].name))\($0.descending ? " DESC" : "")" }
            .joined(separator: ", ")
        if let limit { sql += " LIMIT \(max(limit, 0))" }
        return (sql, arguments)
    }
}
