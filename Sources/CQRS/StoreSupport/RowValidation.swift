extension ReadModelSchema {
    /// Checks a row against the schema as every store does: one value per column, each of its column's
    /// type, `null` only where the column is nullable. Throws ``ReadStoreError/invalidRow(model:reason:)``.
    package func validate(row: [ColumnValue]) throws {
        guard row.count == columns.count else {
            throw ReadStoreError.invalidRow(model: name, reason: "\(row.count) values for \(columns.count) columns")
        }
        for (column, value) in zip(columns, row) {
            if value == .null {
                guard column.nullable else {
                    throw ReadStoreError.invalidRow(model: name, reason: "\(column.name) cannot be null")
                }
            } else if value.type != column.type {
                throw ReadStoreError.invalidRow(
                    model: name, reason: "\(column.name) holds \(column.type) values, not \(value)")
            }
        }
    }

    /// Checks a key: one value per key column, each of its column's type.
    package func validate(key: [ColumnValue]) throws {
        let keyIndices = self.keyIndices
        guard key.count == keyIndices.count else {
            throw ReadStoreError.invalidRow(model: name, reason: "a key of \(key.count) values")
        }
        for (value, index) in zip(key, keyIndices) where value.type != columns[index].type {
            throw ReadStoreError.invalidRow(
                model: name, reason: "\(columns[index].name) holds \(columns[index].type) values, not \(value)")
        }
    }

    /// Checks every change of a commit before any is applied: rows with ``validate(row:)``, deleted keys
    /// with ``validate(key:)``.
    package func validate(_ changes: [RowChange]) throws {
        for change in changes {
            switch change {
            case .upsert(let row): try validate(row: row)
            case .delete(let key): try validate(key: key)
            }
        }
    }
}
