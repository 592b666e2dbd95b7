/// A query's filters checked against a model's schema, once for every store: each column exists, each
/// value has the column's type, and each condition suits the column. The SQL stores render them
/// (``sql(column:parameter:)``), the in-memory store evaluates them (``matches(_:)``).
package struct FilterConditions: Sendable {
    /// One checked condition.
    package struct Term: Sendable {
        /// The column's index in the schema.
        package var column: Int
        /// The condition, its values of the column's type.
        package var condition: ColumnFilter.Condition
    }

    /// The conditions, in the filters' order.
    package let terms: [Term]

    /// Checks `filters` against `schema`.
    ///
    /// - Throws: ``ReadStoreError/unknownColumn(model:column:)``; ``ReadStoreError/invalidFilter(model:reason:)``
    ///   for a value of another type than its column's, a `NULL` anywhere but ``ColumnFilter/Condition/equals(_:)``,
    ///   a prefix on a column that is not text, or a range on a column without an order (`bool`, `data`, `json`).
    package init(schema: ReadModelSchema, filters: [ColumnFilter]) throws {
        terms = try filters.map { filter in
            guard let index = schema.columnIndex(filter.column) else {
                throw ReadStoreError.unknownColumn(model: schema.name, column: filter.column)
            }
            let column = schema.columns[index]
            func invalid(_ reason: String) -> ReadStoreError {
                .invalidFilter(model: schema.name, reason: "\(column.name): \(reason)")
            }
            func check(_ value: ColumnValue, nullable: Bool = false) throws {
                if value == .null {
                    guard nullable else { throw invalid("NULL is only compared with equals") }
                } else if value.type != column.type {
                    throw invalid("holds \(column.type) values, not \(value)")
                }
            }
            switch filter.condition {
            case .equals(let value): try check(value, nullable: true)
            case .startsWith:
                guard column.type == .string else { throw invalid("startsWith needs a string column") }
            case .greaterThan(let value), .atLeast(let value), .lessThan(let value), .atMost(let value):
                guard ![.bool, .data, .json].contains(column.type) else {
                    throw invalid("\(column.type) values have no order to compare in a range")
                }
                try check(value)
            case .isIn(let values): for value in values { try check(value) }
            }
            return Term(column: index, condition: filter.condition)
        }
    }

    /// The columns compared for equality with a value that is not `NULL` (what an index lookup serves).
    package var equalityColumns: [Int: ColumnValue] {
        var columns: [Int: ColumnValue] = [:]
        for term in terms {
            if case .equals(let value) = term.condition, value != .null { columns[term.column] = value }
        }
        return columns
    }

    /// Whether `row` meets every condition, with the SQL stores' comparison (``ColumnValue/compare(_:_:)``:
    /// texts by their UTF-8 bytes, not by Swift's canonical equivalence).
    package func matches(_ row: [ColumnValue]) -> Bool {
        terms.allSatisfy { term in
            let value = row[term.column]
            switch term.condition {
            case .equals(let wanted): return ColumnValue.compare(value, wanted) == 0
            case _ where value == .null: return false
            case .startsWith(let prefix):
                guard case .string(let text) = value else { return false }
                return text.utf8.starts(with: prefix.utf8)
            case .greaterThan(let bound): return ColumnValue.compare(value, bound) > 0
            case .atLeast(let bound): return ColumnValue.compare(value, bound) >= 0
            case .lessThan(let bound): return ColumnValue.compare(value, bound) < 0
            case .atMost(let bound): return ColumnValue.compare(value, bound) <= 0
            case .isIn(let values): return values.contains { ColumnValue.compare($0, value) == 0 }
            }
        }
    }

    /// The conditions as SQL, to be joined with `AND`: `column(index)` names a column as compared, and
    /// `parameter(value, index)` binds a value compared with that column and returns its placeholder.
    ///
    /// A prefix is the range `[prefix, successor)`, which a B-tree index on the column serves when text
    /// compares by its UTF-8 bytes (both stores' text columns do).
    package func sql(column: (Int) -> String, parameter: (ColumnValue, Int) throws -> String) rethrows -> [String] {
        try terms.map { term in
            let name = column(term.column)
            func compare(_ operator: String, _ value: ColumnValue) throws -> String {
                "\(name) \(`operator`) \(try parameter(value, term.column))"
            }
            switch term.condition {
            case .equals(.null): return "\(name) IS NULL"
            case .equals(let value): return try compare("=", value)
            case .greaterThan(let value): return try compare(">", value)
            case .atLeast(let value): return try compare(">=", value)
            case .lessThan(let value): return try compare("<", value)
            case .atMost(let value): return try compare("<=", value)
            case .startsWith(let prefix):
                let lower = try compare(">=", .string(prefix))
                guard let upper = Self.successor(ofPrefix: prefix) else { return lower }
                return "\(lower) AND \(try compare("<", .string(upper)))"
            case .isIn(let values):
                guard let last = values.last else { return "1 = 0" }
                // Padded with the last value to a power of two: a few statement texts serve every length.
                let padded = values + Array(repeating: last, count: Self.paddedCount(values.count) - values.count)
                return "\(name) IN (\(try padded.map { try parameter($0, term.column) }.joined(separator: ", ")))"
            }
        }
    }

    /// The least power of two at or above `count`.
    static func paddedCount(_ count: Int) -> Int {
        var padded = 1
        while padded < count { padded *= 2 }
        return padded
    }

    /// The least text greater than every text that starts with `prefix` (`nil`: there is none, or the
    /// prefix is empty): the prefix with its last scalar that can grow grown by one. UTF-8 keeps scalar
    /// order, so `text >= prefix AND text < successor` holds exactly for the texts with the prefix.
    package static func successor(ofPrefix prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            var next = last.value + 1
            if next == 0xD800 { next = 0xE000 }  // Surrogates are no scalars.
            if let scalar = Unicode.Scalar(next) {
                scalars.append(scalar)
                var text = ""
                text.unicodeScalars.append(contentsOf: scalars)
                return text
            }
        }
        return nil
    }
}
