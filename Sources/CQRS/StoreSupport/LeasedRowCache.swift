import Synchronization

/// Rows of read models this process is the only writer of, for every store whose tables live outside the
/// process (SQLite, PostgreSQL): while the store holds a projection's lease (and only then), every committed
/// change to the projection's tables goes through this store, so the rows it wrote or read since are the
/// stored ones. A projection batch's lookups are then answered from memory instead of a round trip (or a
/// hop to the store's read queue) each; after a reset (or a new table), so are lookups of rows that do not
/// exist.
///
/// Safety does not rest on the lease alone: every commit is fenced by its expected checkpoint, so a lookup
/// answered from a stale entry (a lease lost unnoticed) can only lead to a commit that is refused. An entry
/// is dropped when the lease is released or lost, on any failed or doubtful commit, and when it grows past
/// its bound.
package final class LeasedRowCache: Sendable {
    /// A lookup answered from memory: the row, or `nil` when it does not exist.
    package struct Hit: Sendable {
        /// The stored row; `nil`: no row has the key.
        package var row: [ColumnValue]?
    }

    private struct Entry {
        /// The checkpoint of the stored state the entry mirrors.
        var checkpoint: Int64
        /// Whether every stored row is in `rows` (so a missing key means no row).
        var isComplete: Bool
        /// Rows by key; `nil`: known not to exist.
        var rows: [[ColumnValue]: [ColumnValue]?] = [:]
        /// Bumped by every change, so that a lookup that raced a commit is not cached.
        var generation: UInt64 = 0
    }

    private struct State {
        /// Projections whose lease this store holds.
        var held: Set<String> = []
        /// By model name (or staging target).
        var entries: [String: Entry] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    private let maximumRows: Int

    /// A cache of at most `maximumRows` rows per model; 0 keeps no rows (only the emptiness of a
    /// table reset or created under the lease).
    package init(maximumRows: Int) {
        self.maximumRows = maximumRows
    }

    // MARK: Leases

    /// This store now holds the projection's lease.
    package func hold(_ projection: String) {
        state.withLock { state in
            state.held.insert(projection)
            state.entries = state.entries.filter { ReadModelSchema.modelName(ofTarget: $0.key) != projection }
        }
    }

    /// The lease was released or lost: nothing about the projection's tables is known any more.
    package func release(_ projection: String) {
        state.withLock { state in
            state.held.remove(projection)
            state.entries = state.entries.filter { ReadModelSchema.modelName(ofTarget: $0.key) != projection }
        }
    }

    // MARK: Changes

    /// The target was just emptied (created or reset) at `checkpoint`.
    package func reset(_ target: String, checkpoint: Int64) {
        state.withLock { state in
            guard state.held.contains(ReadModelSchema.modelName(ofTarget: target)) else {
                state.entries[target] = nil
                return
            }
            state.generation += 1
            state.entries[target] = Entry(checkpoint: checkpoint, isComplete: true, generation: state.generation)
        }
    }

    /// Forgets what is known about the target.
    package func forget(_ target: String) {
        _ = state.withLock { $0.entries.removeValue(forKey: target) }
    }

    /// A staging target became the model.
    package func rename(_ staging: String, to model: String) {
        state.withLock { state in
            state.entries[model] = state.entries.removeValue(forKey: staging)
        }
    }

    /// A commit moved the target from `expected` to `checkpoint` with these changes.
    package func committed(
        _ changes: [RowChange],
        keyIndices: [Int],
        to target: String,
        expected: Int64,
        checkpoint: Int64,
        retried: Bool
    ) {
        state.withLock { state in
            guard state.held.contains(ReadModelSchema.modelName(ofTarget: target)), !retried else {
                state.entries[target] = nil
                return
            }
            state.generation += 1
            // Taken out of the dictionary, so that changing its rows does not copy them all.
            var entry = state.entries.removeValue(forKey: target) ?? Entry(checkpoint: expected, isComplete: false)
            if entry.checkpoint != expected {
                entry = Entry(checkpoint: expected, isComplete: false)
            }
            for change in changes {
                switch change {
                case .upsert(let row):
                    entry.rows[keyIndices.map { row[$0] }] = .some(row)
                case .delete(let key):
                    entry.rows[key] = .some(nil)
                }
            }
            entry.checkpoint = checkpoint
            entry.generation = state.generation
            if entry.rows.count > maximumRows {
                entry.rows = [:]
                entry.isComplete = false
            }
            state.entries[target] = entry
        }
    }

    // MARK: Lookups

    /// The row with this key: from memory when known, else `load`ed from the table (and kept, if nothing
    /// changed the target's entry meanwhile).
    package func row(
        in target: String, key: [ColumnValue], load: () async throws -> [ColumnValue]?
    ) async throws -> [ColumnValue]? {
        if let known = row(in: target, key: key) { return known.row }
        let generation = generation(of: target)
        let found = try await load()
        loaded(found, in: target, key: key, generation: generation)
        return found
    }

    /// The row with this key, when known.
    package func row(in target: String, key: [ColumnValue]) -> Hit? {
        state.withLock { state in
            guard let entry = state.entries[target] else { return nil }
            if let known = entry.rows[key] { return Hit(row: known) }
            return entry.isComplete ? Hit(row: nil) : nil
        }
    }

    /// The generation of the target's entry, to pass to ``loaded(_:in:key:generation:)``; `nil`: nothing to
    /// cache into.
    private func generation(of target: String) -> UInt64? {
        state.withLock { $0.entries[target]?.generation }
    }

    /// A row read from the table; kept only if nothing changed the entry since `generation`.
    private func loaded(_ row: [ColumnValue]?, in target: String, key: [ColumnValue], generation: UInt64?) {
        guard let generation else { return }
        state.withLock { state in
            guard var entry = state.entries[target], entry.generation == generation,
                entry.rows.count < maximumRows
            else { return }
            state.entries[target] = nil
            entry.rows[key] = .some(row)
            state.entries[target] = entry
        }
    }
}
