/// The order a page of rows is read in: the query's orderings, then the key ascending (so that the order
/// is total), each resolved to its column; and the cursor predicate "sorts after this row" that every
/// durable store renders in its SQL.
///
/// `NULL` sorts first ascending and last descending, as ``ColumnValue/compare(_:_:)`` orders values.
package struct RowOrder: Sendable {
    /// One sort term.
    package struct Term: Sendable, Hashable {
        /// The column's position in the row.
        package var column: Int
        /// Whether the term sorts descending.
        package var descending: Bool
        /// Whether the column may hold `NULL`.
        package var nullable: Bool
    }

    /// The terms: the orderings, then the key's columns ascending.
    package let terms: [Term]
    private let schema: ReadModelSchema

    /// Resolves `orderBy` against the schema; throws ``ReadStoreError/unknownColumn(model:column:)``.
    package init(schema: ReadModelSchema, orderBy: [ColumnOrdering]) throws {
        self.schema = schema
        var terms: [Term] = []
        for ordering in orderBy {
            guard let index = schema.columnIndex(ordering.column) else {
                throw ReadStoreError.unknownColumn(model: schema.name, column: ordering.column)
            }
            terms.append(Term(column: index, descending: ordering.descending, nullable: schema.columns[index].nullable))
        }
        for index in schema.keyIndices {
            terms.append(Term(column: index, descending: false, nullable: schema.columns[index].nullable))
        }
        self.terms = terms
    }

    /// The columns of the terms, in order.
    package var columns: [Int] { terms.map(\.column) }

    /// A row's values of the terms, in order: what a cursor after it holds.
    package func values(of row: [ColumnValue]) -> [ColumnValue] {
        terms.map { row[$0.column] }
    }

    /// The cursor's values, checked against the terms (one value per term, each `NULL` or of its column's
    /// type); `nil` for the first page. Throws ``ReadStoreError/invalidCursor(_:)``, and
    /// ``ReadStoreError/invalidPageSize(_:)`` for a page of less than one row: every store pages through here.
    package func cursorValues(of page: PageRequest?) throws -> [ColumnValue]? {
        if let page, page.limit < 1 { throw ReadStoreError.invalidPageSize(page.limit) }
        guard let cursor = page?.after else { return nil }
        let values = try cursor.values()
        guard values.count == terms.count else { throw ReadStoreError.invalidCursor(cursor.rawValue) }
        for (value, term) in zip(values, terms) where value != .null && value.type != schema.columns[term.column].type {
            throw ReadStoreError.invalidCursor(cursor.rawValue)
        }
        return values
    }

    /// The SQL condition "sorts after `values`" (a cursor's), rendered with `column` (a term's column as
    /// SQL) and `parameter` (binds a value and returns its placeholder; called in the order placeholders
    /// appear in the text).
    ///
    /// When every term ascends and no value is `NULL`, a row value comparison `(a, b) > (?, ?)`, which an
    /// index on the terms serves (a row holding `NULL` in a term sorts before a non-null value, and the
    /// comparison excludes it, as it should). Otherwise the expanded, null-aware form
    /// `(a after) OR (a = … AND b after) OR …`.
    package func condition(
        after values: [ColumnValue],
        column: (Int) -> String,
        parameter: (ColumnValue, Term) throws -> String
    ) rethrows -> String {
        precondition(values.count == terms.count, "a cursor of \(values.count) values for \(terms.count) terms")
        if terms.allSatisfy({ !$0.descending }) && !values.contains(.null) {
            let columns = terms.map { column($0.column) }.joined(separator: ", ")
            var marks: [String] = []
            for (value, term) in zip(values, terms) { marks.append(try parameter(value, term)) }
            return "(\(columns)) > (\(marks.joined(separator: ", ")))"
        }
        var disjuncts: [String] = []
        for index in terms.indices {
            let term = terms[index]
            // Nothing sorts after NULL when descending.
            if term.descending, values[index] == .null { continue }
            var parts: [String] = []
            for previous in 0..<index {
                let earlier = column(terms[previous].column)
                if values[previous] == .null {
                    parts.append("\(earlier) IS NULL")
                } else {
                    parts.append("\(earlier) = \(try parameter(values[previous], terms[previous]))")
                }
            }
            let name = column(term.column)
            if values[index] == .null {
                parts.append("\(name) IS NOT NULL")
            } else if !term.descending {
                parts.append("\(name) > \(try parameter(values[index], term))")
            } else {
                let mark = try parameter(values[index], term)
                parts.append(term.nullable ? "(\(name) < \(mark) OR \(name) IS NULL)" : "\(name) < \(mark)")
            }
            disjuncts.append("(" + parts.joined(separator: " AND ") + ")")
        }
        if disjuncts.isEmpty { return "(1 = 0)" }
        return "(" + disjuncts.joined(separator: " OR ") + ")"
    }

    /// The page of `fetched` rows, read in this order with one row more than `limit` asked for: at most
    /// `limit` rows, and a cursor after the last one when more follow. `limit == nil`: every row, no cursor.
    package func page(of fetched: [[ColumnValue]], limit: Int?) -> RowPage {
        guard let requested = limit else { return RowPage(rows: fetched, nextCursor: nil) }
        let count = max(requested, 0)
        let rows = Array(fetched.prefix(count))
        guard fetched.count > count, count > 0 else { return RowPage(rows: rows, nextCursor: nil) }
        return RowPage(rows: rows, nextCursor: Cursor(values: values(of: rows[count - 1])))
    }
}
