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

    /// Checks a row against the schema, as every store does.
    func validate(_ row: [ColumnValue]) throws {
        guard row.count == schema.columns.count else {
            throw ReadStoreError.invalidRow(
                model: schema.name, reason: "\(row.count) values for \(schema.columns.count) columns")
        }
        for (column, value) in zip(schema.columns, row) {
            if value == .null {
                guard column.nullable else {
                    throw ReadStoreError.invalidRow(model: schema.name, reason: "\(column.name) cannot be null")
                }
            } else if value.type != column.type {
                throw ReadStoreError.invalidRow(
                    model: schema.name, reason: "\(column.name) holds \(column.type) values, not \(value)")
            }
        }
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
    /// cursor's ordering values then key values; `limit` is the number of rows to fetch.
    func query(
        matching filter: [ColumnFilter],
        orderBy: [ColumnOrdering],
        after: [ColumnValue]?,
        limit: Int?
    ) throws -> (sql: String, arguments: [ColumnValue]) {
        for name in filter.map(\.column) + orderBy.map(\.column) where schema.columnIndex(name) == nil {
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
        let terms = orderBy.map { ($0.column, $0.descending) } + schema.key.map { ($0, false) }
        if let after {
            let (condition, values) = Self.after(terms: terms, values: after, schema: schema)
            conditions.append(condition)
            arguments += values
        }
        var sql = "SELECT \(selectList) FROM \(Self.quote(table))"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY " + terms.map { "\(Self.quote($0.0))\($0.1 ? " DESC" : "")" }.joined(separator: ", ")
        if let limit { sql += " LIMIT \(max(limit, 0))" }
        return (sql, arguments)
    }

    /// "Sorts after the cursor": a row value comparison when every term ascends and no cursor value is
    /// null, else the expanded form `(a after) OR (a = AND b after) OR …` with null-aware comparisons
    /// (NULL sorts first, as in ``CQRS/ColumnValue``).
    private static func after(
        terms: [(String, Bool)],
        values: [ColumnValue],
        schema: ReadModelSchema
    ) -> (String, [ColumnValue]) {
        if terms.allSatisfy({ !$0.1 }) && !values.contains(.null) {
            let columns = terms.map { quote($0.0) }.joined(separator: ", ")
            let marks = Array(repeating: "?", count: terms.count).joined(separator: ", ")
            return ("(\(columns)) > (\(marks))", values)
        }
        var disjuncts: [String] = []
        var arguments: [ColumnValue] = []
        for index in terms.indices {
            var parts: [String] = []
            var partArguments: [ColumnValue] = []
            for previous in 0..<index {
                let column = quote(terms[previous].0)
                if values[previous] == .null {
                    parts.append("\(column) IS NULL")
                } else {
                    parts.append("\(column) = ?")
                    partArguments.append(values[previous])
                }
            }
            let (name, descending) = terms[index]
            let column = quote(name)
            let nullable = schema.columns.first { $0.name == name }?.nullable ?? true
            switch (descending, values[index] == .null) {
            case (false, true): parts.append("\(column) IS NOT NULL")
            case (false, false):
                parts.append("\(column) > ?")
                partArguments.append(values[index])
            case (true, true): continue  // nothing sorts after NULL when descending
            case (true, false):
                parts.append(nullable ? "(\(column) < ? OR \(column) IS NULL)" : "\(column) < ?")
                partArguments.append(values[index])
            }
            disjuncts.append("(" + parts.joined(separator: " AND ") + ")")
            arguments += partArguments
        }
        if disjuncts.isEmpty { return ("0", []) }
        return ("(" + disjuncts.joined(separator: " OR ") + ")", arguments)
    }
}
