import Synchronization

/// A ``ReadStore`` in memory, with a hash index per declared index: for tests, prototypes and benchmarks.
/// Safe under concurrent use; every operation is one critical section, so a commit is atomic. A reshaped
/// model is built in a staging table (`Name@shapeHash`) while the old one serves, then promoted.
///
/// ```swift
/// let readStore = InMemoryReadStore()
/// let reader = ReadModelReader<Shop.UserOrders>(store: readStore)
/// ```
public final class InMemoryReadStore: ReadStore {
    private struct Index {
        var columns: [Int]
        var entries: [[ColumnValue]: Set<[ColumnValue]>] = [:]

        func values(of row: [ColumnValue]) -> [ColumnValue] { columns.map { row[$0] } }

        mutating func add(_ row: [ColumnValue], key: [ColumnValue]) {
            entries[values(of: row), default: []].insert(key)
        }

        mutating func remove(_ row: [ColumnValue], key: [ColumnValue]) {
            let values = values(of: row)
            entries[values]?.remove(key)
            if entries[values]?.isEmpty == true { entries[values] = nil }
        }
    }

    private struct Model {
        var schema: ReadModelSchema
        var keyIndices: [Int]
        var rows: [[ColumnValue]: [ColumnValue]] = [:]
        var indexes: [Index]
        var checkpoint: Int64 = 0

        init(schema: ReadModelSchema) {
            self.schema = schema
            keyIndices = schema.keyIndices
            indexes = schema.indexes.map { names in Index(columns: names.compactMap { schema.columnIndex($0) }) }
        }

        func key(of row: [ColumnValue]) -> [ColumnValue] { keyIndices.map { row[$0] } }

        mutating func upsert(_ row: [ColumnValue]) {
            let key = key(of: row)
            if let old = rows.updateValue(row, forKey: key) {
                for index in indexes.indices { indexes[index].remove(old, key: key) }
            }
            for index in indexes.indices { indexes[index].add(row, key: key) }
        }

        mutating func delete(_ key: [ColumnValue]) {
            guard let old = rows.removeValue(forKey: key) else { return }
            for index in indexes.indices { indexes[index].remove(old, key: key) }
        }

        func validate(_ row: [ColumnValue]) throws {
            guard row.count == schema.columns.count else {
                throw ReadStoreError.invalidRow(
                    model: schema.name,
                    reason: "\(row.count) values for \(schema.columns.count) columns"
                )
            }
            for (column, value) in zip(schema.columns, row) {
                if value == .null {
                    guard column.nullable else {
                        throw ReadStoreError.invalidRow(model: schema.name, reason: "\(column.name) cannot be null")
                    }
                } else if value.type != column.type {
                    throw ReadStoreError.invalidRow(
                        model: schema.name,
                        reason: "\(column.name) holds \(column.type) values, not \(value)"
                    )
                }
            }
        }
    }

    private let models = Mutex<[String: Model]>([:])
    private let leases = LocalLeaseProvider()

    /// Creates an empty store.
    public init() {}

    public func prepare(_ schema: ReadModelSchema) async throws -> ModelPreparation {
        models.withLock { models in
            let staging = Self.stagingName(of: schema)
            // Staging tables of other shapes (an abandoned reshape) are dropped.
            for name in models.keys where name.hasPrefix("\(schema.name)@") && name != staging {
                models[name] = nil
            }
            guard let active = models[schema.name] else {
                models[schema.name] = Model(schema: schema)
                models[staging] = nil
                return ModelPreparation(target: schema.name, isStaging: false)
            }
            if active.schema.shapeHash == schema.shapeHash {
                models[staging] = nil
                return ModelPreparation(target: schema.name, isStaging: false)
            }
            if models[staging] == nil { models[staging] = Model(schema: schema) }
            return ModelPreparation(target: staging, isStaging: true)
        }
    }

    public func promote(_ schema: ReadModelSchema) async throws {
        models.withLock { models in
            guard let staged = models.removeValue(forKey: Self.stagingName(of: schema)) else { return }
            models[schema.name] = staged
        }
    }

    /// The staging table's model name: the model's name and the new shape's hash.
    private static func stagingName(of schema: ReadModelSchema) -> String {
        "\(schema.name)@\(schema.shapeHash)"
    }

    public func checkpoint(of model: String) async throws -> Int64 {
        models.withLock { $0[model]?.checkpoint ?? 0 }
    }

    public func commit(_ changes: [RowChange], to model: String, expected: Int64, checkpoint: Int64) async throws {
        try models.withLock { models in
            guard var stored = models.removeValue(forKey: model) else { throw ReadStoreError.unknownModel(model) }
            defer { models[model] = stored }
            guard stored.checkpoint == expected else {
                throw CheckpointConflict(model: model, expected: expected, actual: stored.checkpoint)
            }
            for change in changes {
                switch change {
                case .upsert(let row): try stored.validate(row)
                case .delete(let key):
                    guard key.count == stored.keyIndices.count else {
                        throw ReadStoreError.invalidRow(model: model, reason: "a key of \(key.count) values")
                    }
                }
            }
            for change in changes {
                switch change {
                case .upsert(let row): stored.upsert(row)
                case .delete(let key): stored.delete(key)
                }
            }
            stored.checkpoint = checkpoint
        }
    }

    public func leaseProvider() -> any ProjectionLeaseProvider { leases }

    public func reset(_ model: String) async throws {
        try models.withLock { models in
            guard let stored = models[model] else { throw ReadStoreError.unknownModel(model) }
            models[model] = Model(schema: stored.schema)
        }
    }

    public func row(in model: String, key: [ColumnValue]) async throws -> [ColumnValue]? {
        models.withLock { $0[model]?.rows[key] }
    }

    public func rows(
        in model: String,
        matching filter: [ColumnFilter],
        orderBy: [ColumnOrdering],
        page: PageRequest?
    ) async throws -> RowPage {
        try models.withLock { models in
            guard let stored = models[model] else { return RowPage(rows: [], nextCursor: nil) }
            let schema = stored.schema
            func position(_ column: String) throws -> Int {
                guard let index = schema.columnIndex(column) else {
                    throw ReadStoreError.unknownColumn(model: model, column: column)
                }
                return index
            }
            let conditions = try filter.map { (try position($0.column), $0.value) }
            let orderings = try orderBy.map { (try position($0.column), $0.descending) }

            var candidates: [[ColumnValue]]
            let filterColumns = Set(conditions.map(\.0))
            if !conditions.isEmpty,
                let index = stored.indexes.first(where: { !$0.columns.isEmpty && Set($0.columns) == filterColumns })
            {
                let wanted = index.columns.map { column in conditions.first { $0.0 == column }!.1 }
                let keys = index.entries[wanted] ?? []
                candidates = keys.compactMap { stored.rows[$0] }
            } else {
                candidates = Array(stored.rows.values)
            }
            candidates.removeAll { row in conditions.contains { row[$0.0] != $0.1 } }

            let keyIndices = stored.keyIndices
            func sortValues(_ row: [ColumnValue]) -> [ColumnValue] {
                orderings.map { row[$0.0] } + keyIndices.map { row[$0] }
            }
            let descending = orderings.map(\.1) + keyIndices.map { _ in false }
            func compare(_ lhs: [ColumnValue], _ rhs: [ColumnValue]) -> Int {
                for (index, isDescending) in descending.enumerated() {
                    let order = ColumnValue.compare(lhs[index], rhs[index])
                    if order != 0 { return isDescending ? -order : order }
                }
                return 0
            }
            var sorted = candidates.map { (sortValues($0), $0) }
            sorted.sort { compare($0.0, $1.0) < 0 }

            guard let page else { return RowPage(rows: sorted.map(\.1), nextCursor: nil) }
            var start = 0
            if let cursor = page.after {
                let after = try cursor.values()
                guard after.count == descending.count else { throw ReadStoreError.invalidCursor(cursor.rawValue) }
                start = sorted.firstIndex { compare($0.0, after) > 0 } ?? sorted.count
            }
            let end = min(start + max(page.limit, 0), sorted.count)
            let rows = sorted[start..<end]
            let nextCursor = end < sorted.count && end > start ? Cursor(values: rows.last!.0) : nil
            return RowPage(rows: rows.map(\.1), nextCursor: nextCursor)
        }
    }
}
