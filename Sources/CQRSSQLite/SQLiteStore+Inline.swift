import CQRS
import Foundation
import GRDB
import Synchronization

extension SQLiteStore: InlineProjectionStore {
    /// This very store: the events and the rows are in one file.
    package func sharesTransactions(with readStore: any ReadStore) -> Bool {
        (readStore as? SQLiteStore) === self
    }

    /// The model's row in the catalog, read on a reader connection.
    package func committedModel(_ name: String, in readStore: any ReadStore) async throws -> (
        checkpoint: Int64, shapeHash: String
    )? {
        try await reading { db in try SQLiteInlineTransaction.model(name, in: db) }
    }

    /// One write transaction (`BEGIN IMMEDIATE`) holding the writer, and so every model, from the first
    /// statement to the commit: SQLite has one writer, in this process (``writerLock``) and across processes
    /// (the file's lock).
    package func inlineTransaction<T: Sendable>(
        into readStore: any ReadStore,
        locking models: [String],
        _ body: @Sendable (any InlineTransaction) async throws -> T
    ) async throws -> T {
        try await writerLock.withLock(Self.writerKey) {
            // The models' checkpoints and shapes are read with the BEGIN: nothing else writes them meanwhile.
            let held = try await pool.writeWithoutTransaction { db in
                try db.raw("BEGIN IMMEDIATE").execute()
                return try models.reduce(into: [String: SQLiteInlineTransaction.Model]()) { held, name in
                    held[name] = try SQLiteInlineTransaction.model(name, in: db)
                }
            }
            let transaction = SQLiteInlineTransaction(store: self, held: held)
            let value: T
            do {
                value = try await body(transaction)
                try await ending("COMMIT")
            } catch {
                try? await ending("ROLLBACK")
                transaction.changedModels.forEach(rowCache.forget)
                throw error
            }
            // The leased row cache knows nothing of these changes.
            transaction.changedModels.forEach(rowCache.forget)
            checkpointer.committed()
            if let head = transaction.appendedHead { notifier.publish(head) }
            return value
        }
    }
}

extension SQLiteStore {
    /// Ends the open write transaction with `statement` (`COMMIT` or `ROLLBACK`), even when the caller's task
    /// is cancelled: a transaction left open would keep the writer (and the file) from everyone else.
    fileprivate func ending(_ statement: String) async throws {
        let pool = self.pool
        try await Task {
            try await pool.writeWithoutTransaction { db in
                if db.isInsideTransaction { try db.raw(statement).execute() }
            }
        }.value
    }
}

/// The statements of an inline transaction, each one access to the writer inside the transaction the store
/// opened.
final class SQLiteInlineTransaction: InlineTransaction {
    /// A model's checkpoint and shape.
    typealias Model = (checkpoint: Int64, shapeHash: String)

    private struct Effects {
        var changed: Set<String> = []
        var head: Int64?
        /// The held models, as the transaction has left them (`nil`: no table).
        var held: [String: Model?]
    }

    private let store: SQLiteStore
    private let effects: Mutex<Effects>

    /// A transaction holding the models in `held`, with their checkpoints and shapes at its start.
    init(store: SQLiteStore, held: [String: Model?]) {
        self.store = store
        self.effects = Mutex(Effects(held: held))
    }

    /// A model's checkpoint and shape, read on `db`.
    static func model(_ name: String, in db: some StatementSource) throws -> Model? {
        let select = try db.raw("SELECT checkpoint, shape_hash FROM read_models WHERE model = ?")
        defer { select.reset() }
        select.bind(1, name)
        return try select.step() ? (select.int64(0), select.string(1)) : nil
    }

    /// The models whose rows the transaction changed.
    var changedModels: Set<String> { effects.withLock { $0.changed } }
    /// The head after the transaction's append, if it appended events.
    var appendedHead: Int64? { effects.withLock { $0.head } }

    /// Runs on the writer; only inside ``SQLiteStore/inlineTransaction(into:locking:_:)``, which holds it.
    private func onWriter<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await store.pool.writeWithoutTransaction(body)
    }

    private func table(_ model: String) async throws -> ReadModelTable {
        guard let table = try await store.table(of: model) else { throw ReadStoreError.unknownModel(model) }
        return table
    }

    func append(_ request: AppendRequest) async throws -> (result: AppendResult, events: [RecordedEvent]) {
        let store = self.store
        let (result, events) = try await onWriter { db in
            let headStatement = try db.raw("SELECT coalesce(max(position), 0) FROM events")
            _ = try headStatement.step()
            let start = headStatement.int64(0)
            headStatement.reset()
            var head = start
            var inserted: [RecordedEvent] = []
            let result = try store.append(request, head: &head, in: db, inserted: &inserted)
            return (result, inserted)
        }
        if let last = events.last { effects.withLock { $0.head = last.position } }
        return (result, events)
    }

    func model(_ name: String) async throws -> (checkpoint: Int64, shapeHash: String)? {
        if let held = effects.withLock({ $0.held[name] }) { return held }
        return try await onWriter { db in try Self.model(name, in: db) }
    }

    func readStream(_ stream: StreamID) async throws -> [RecordedEvent] {
        try await onWriter { db in try SQLiteStore.readStream(stream, from: 1, until: nil, in: db) }
    }

    func readAll(after position: Int64, limit: Int, eventTypes: Set<String>) async throws -> EventPage {
        try await onWriter { db in
            try SQLiteStore.readAll(after: position, limit: limit, eventTypes: eventTypes, in: db)
        }
    }

    func apply(_ changes: [RowChange], to model: String, checkpoint: Int64?) async throws {
        let table = try await table(model)
        try table.schema.validate(changes)
        effects.withLock { effects in
            effects.changed.insert(model)
            if let checkpoint, let held = effects.held[model] {
                effects.held[model] = held.map { (checkpoint, $0.shapeHash) }
            }
        }
        try await onWriter { db in
            try table.apply(changes, in: db)
            if let checkpoint {
                let update = try db.raw("UPDATE read_models SET checkpoint = ? WHERE model = ?")
                update.bind(1, checkpoint)
                update.bind(2, model)
                try update.execute()
            }
        }
    }

    func row(in model: String, key: [ColumnValue]) async throws -> [ColumnValue]? {
        let table = try await table(model)
        return try await onWriter { db in try table.row(key: key, in: db) }
    }

    func rows(in model: String, matching filter: [ColumnFilter], orderBy: [ColumnOrdering], page: PageRequest?)
        async throws -> RowPage
    {
        let table = try await table(model)
        return try await onWriter { db in try table.rows(matching: filter, orderBy: orderBy, page: page, in: db) }
    }
}
