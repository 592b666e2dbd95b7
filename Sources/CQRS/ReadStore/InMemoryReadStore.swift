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

        /// The rows that meet every filter, in no order: through an index on exactly the columns filtered
        /// for equality, when there is one.
        func rows(matching filter: [ColumnFilter], in model: String) throws -> [[ColumnValue]] {
            let conditions = try FilterConditions(schema: schema, filters: filter)
            let equal = conditions.equalityColumns
            var candidates: [[ColumnValue]]
            if !equal.isEmpty,
                let index = indexes.first(where: { !$0.columns.isEmpty && Set($0.columns) == Set(equal.keys) })
            {
                candidates = (index.entries[index.columns.map { equal[$0]! }] ?? []).compactMap { rows[$0] }
            } else {
                candidates = Array(rows.values)
            }
            candidates.removeAll { !conditions.matches($0) }
            return candidates
        }

        /// Validates the changes, then applies them in order.
        mutating func apply(_ changes: [RowChange]) throws {
            try schema.validate(changes)
            for change in changes {
                switch change {
                case .upsert(let row): upsert(row)
                case .delete(let key): delete(key)
                }
            }
        }

        mutating func delete(_ key: [ColumnValue]) {
            guard let old = rows.removeValue(forKey: key) else { return }
            for index in indexes.indices { indexes[index].remove(old, key: key) }
        }
    }

    private let models = Mutex<[String: Model]>([:])
    private let leases = LocalLeaseProvider()

    /// Creates an empty store.
    public init() {}

    public func prepare(_ schema: ReadModelSchema) async throws -> ModelPreparation {
        models.withLock { models in
            let held = models.filter { $0.key == schema.name || $0.key.hasPrefix(schema.name + "@") }
                .map { BlueGreenPlan.Held(name: $0.key, shapeHash: $0.value.schema.shapeHash) }
            let plan = BlueGreenPlan(for: schema, held: held)
            for name in plan.drop { models[name] = nil }
            if let name = plan.create { models[name] = Model(schema: schema) }
            return plan.preparation
        }
    }

    public func promote(_ schema: ReadModelSchema) async throws {
        models.withLock { models in
            guard let staged = models.removeValue(forKey: schema.stagingName) else { return }
            models[schema.name] = staged
        }
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
            try stored.apply(changes)
            stored.checkpoint = checkpoint
        }
    }

    public func count(in model: String, matching filter: [ColumnFilter]) async throws -> Int {
        try models.withLock { models in
            guard let stored = models[model] else { return 0 }
            return try stored.rows(matching: filter, in: model).count
        }
    }

    public func leaseProvider() -> any ProjectionLeaseProvider { leases }

    /// A model's schema, for an inline transaction; `nil` when it has no table.
    package func schema(of model: String) -> ReadModelSchema? {
        models.withLock { $0[model]?.schema }
    }

    /// A model's checkpoint and shape, for an inline transaction; `nil` when it has no table.
    package func inlineModel(_ name: String) -> (checkpoint: Int64, shapeHash: String)? {
        models.withLock { models in models[name].map { ($0.checkpoint, $0.schema.shapeHash) } }
    }

    /// An inline transaction's changes: applied (and `checkpoint`, when given, set) only if the model's
    /// checkpoint is still `expected`; `false`, changing nothing, otherwise.
    package func applyInline(_ changes: [RowChange], to model: String, expected: Int64, checkpoint: Int64?) throws
        -> Bool
    {
        try models.withLock { models in
            guard var stored = models.removeValue(forKey: model) else { throw ReadStoreError.unknownModel(model) }
            defer { models[model] = stored }
            guard stored.checkpoint == expected else { return false }
            try stored.apply(changes)
            if let checkpoint { stored.checkpoint = checkpoint }
            return true
        }
    }

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
            let candidates = try stored.rows(matching: filter, in: model)
            func position(_ column: String) throws -> Int {
                guard let index = schema.columnIndex(column) else {
                    throw ReadStoreError.unknownColumn(model: model, column: column)
                }
                return index
            }
            let orderings = try orderBy.map { (try position($0.column), $0.descending) }

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

            let order = try RowOrder(schema: schema, orderBy: orderBy)
            var start = 0
            if let after = try order.cursorValues(of: page) {
                start = sorted.firstIndex { compare($0.0, after) > 0 } ?? sorted.count
            }
            start += min(page?.offset ?? 0, sorted.count - start)
            // One row more than the page, as the durable stores fetch: the order cuts it and makes the cursor.
            let end = page.map { min(start + max($0.limit, 0) + 1, sorted.count) } ?? sorted.count
            return order.page(of: sorted[start..<end].map(\.1), limit: page?.limit)
        }
    }
}
