import Synchronization

/// The rows a batch of events has changed, over the stored rows: reads see the batch's own writes, and the
/// runner commits the changes with the batch's checkpoint in one step.
///
/// Handlers use it through ``ProjectionRows``; one runner task uses a batch at a time.
public final class ProjectionBatch: Sendable {
    private struct Overlay {
        /// Where each changed key's entry is in `entries`.
        var index: [[ColumnValue]: Int] = [:]
        /// Changed keys and their rows (`nil`: deleted), in the order the keys were first changed.
        var entries: [(key: [ColumnValue], row: [ColumnValue]?)] = []

        /// The batch's version of the row: `.some(nil)` when it deleted it, `nil` when it has not changed it.
        func row(_ key: [ColumnValue]) -> [ColumnValue]?? {
            index[key].map { entries[$0].row }
        }

        mutating func set(_ key: [ColumnValue], _ row: [ColumnValue]?) {
            if let position = index[key] {
                entries[position].row = row
            } else {
                index[key] = entries.count
                entries.append((key, row))
            }
        }

        /// The changed rows by key.
        var rows: [[ColumnValue]: [ColumnValue]?] {
            Dictionary(entries.lazy.map { ($0.key, $0.row) }, uniquingKeysWith: { $1 })
        }
    }

    /// The read model's name.
    public let model: String
    /// The model name rows are read from: the read model's, or its staging table's while a reshape builds
    /// (``ModelPreparation/target``).
    public let target: String
    /// The read model's table.
    public let schema: ReadModelSchema
    private let store: any RowSource
    private let keyIndices: [Int]
    private let overlay = Mutex(Overlay())
    /// The changes of the batch before, still committing while this one is applied: reads see them as
    /// stored, whether or not their commit has finished.
    private let committing: Overlay
    /// Reads a stream's events where the batch's events come from (the event store, or an inline
    /// transaction): where a value the projection remembers per stream is looked up when not in hand
    /// (``RememberedValues``).
    let readStream: (@Sendable (StreamID) async throws -> [RecordedEvent])?
    /// Whether the events applied are committed already (a catch-up's); `false` for an inline transaction's,
    /// whose remembered values stay with the batch.
    let appliesCommittedEvents: Bool
    private let pendingRemembered = Mutex<[StreamID: [String: any Sendable]]>([:])

    /// Creates an empty batch over the rows of `schema`'s model in `store` (a read store, or an inline
    /// projection's transaction), read from `target` (default: the model's name).
    public convenience init(store: any RowSource, schema: ReadModelSchema, target: String? = nil) {
        self.init(store: store, schema: schema, target: target, over: nil)
    }

    /// Remembers a value until the batch commits (an inline transaction's: its events may not).
    func rememberUntilCommit(_ value: some Sendable, as name: String, for stream: StreamID) {
        pendingRemembered.withLock { pending in
            if pending[stream]?[name] == nil { pending[stream, default: [:]][name] = value }
        }
    }

    /// A value the batch remembers until it commits.
    func rememberedUntilCommit(_ name: String, for stream: StreamID) -> (any Sendable)? {
        pendingRemembered.withLock { $0[stream]?[name] }
    }

    /// Creates an empty batch over the stored rows and, above them, the changes of `previous` (a batch whose
    /// commit may still be running).
    init(
        store: any RowSource, schema: ReadModelSchema, target: String?, over previous: ProjectionBatch?,
        readStream: (@Sendable (StreamID) async throws -> [RecordedEvent])? = nil, appliesCommittedEvents: Bool = true
    ) {
        self.readStream = readStream
        self.appliesCommittedEvents = appliesCommittedEvents
        self.store = store
        self.schema = schema
        self.model = schema.name
        self.target = target ?? schema.name
        self.keyIndices = schema.keyIndices
        self.committing = previous?.overlay.withLock { $0 } ?? Overlay()
    }

    /// The key of a row given as column values.
    public func key(of row: [ColumnValue]) -> [ColumnValue] { keyIndices.map { row[$0] } }

    /// The row with this key: the batch's version if it changed it, else the stored one.
    public func row(key: [ColumnValue]) async throws -> [ColumnValue]? {
        if let pending = overlay.withLock({ $0.row(key) }) { return pending }
        if !committing.entries.isEmpty, let committed = committing.row(key) { return committed }
        return try await store.row(in: target, key: key)
    }

    /// Adds a row; throws ``RowAlreadyExists`` when its key is taken.
    public func insert(_ row: [ColumnValue]) async throws {
        let key = key(of: row)
        if try await self.row(key: key) != nil { throw RowAlreadyExists(model: model, key: key) }
        overlay.withLock { $0.set(key, row) }
    }

    /// Adds a row, or replaces the row with the same key.
    public func upsert(_ row: [ColumnValue]) {
        overlay.withLock { $0.set(key(of: row), row) }
    }

    /// Deletes the row with this key, if there is one.
    public func delete(key: [ColumnValue]) {
        overlay.withLock { $0.set(key, nil) }
    }

    /// The rows that meet every filter: the stored ones the batch has not changed, plus the batch's own; in
    /// key order.
    public func rows(matching filter: [ColumnFilter]) async throws -> [[ColumnValue]] {
        let conditions = try FilterConditions(schema: schema, filters: filter)
        let stored = try await store.rows(in: target, matching: filter, orderBy: [], page: nil).rows
        let pending = committing.rows.merging(overlay.withLock { $0.rows }) { _, own in own }
        var result = stored.filter { pending[key(of: $0)] == nil }
        for case .some(let row) in pending.values where conditions.matches(row) { result.append(row) }
        let keyIndices = self.keyIndices
        result.sort { lhs, rhs in
            for index in keyIndices {
                let order = ColumnValue.compare(lhs[index], rhs[index])
                if order != 0 { return order < 0 }
            }
            return false
        }
        return result
    }

    /// The batch's changes, one per changed key, in the order the keys were first changed.
    public var changes: [RowChange] {
        overlay.withLock { overlay in
            overlay.entries.map { entry in entry.row.map(RowChange.upsert) ?? .delete(key: entry.key) }
        }
    }
}
