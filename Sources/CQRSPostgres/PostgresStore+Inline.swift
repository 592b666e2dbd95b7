import CQRS
import Foundation
import PostgresNIO
import Synchronization

extension PostgresStore: InlineProjectionStore {
    /// This very store: the events and the rows are in one database and schema.
    package func sharesTransactions(with readStore: any ReadStore) -> Bool {
        (readStore as? PostgresStore) === self
    }

    /// The model's row in the registry, read on a pooled connection.
    package func committedModel(_ name: String, in readStore: any ReadStore) async throws -> (
        checkpoint: Int64, shapeHash: String
    )? {
        try await database.ensureReady()
        let rows = try await database.rows(
            "SELECT checkpoint, shape_hash FROM \(unescaped: catalog.registry) WHERE name = \(name)", "model")
        return try rows.first.map { try $0.decode((Int64, String).self) }
    }

    /// One transaction on a pooled connection. It locks the models' rows in the registry (`SELECT … FOR
    /// UPDATE`, in name order) with its first statement (an append's, or one of its own): inline
    /// transactions into one model follow each other in every process, and a reset, a promotion or a
    /// projection going live waits for the one in flight.
    /// After a dropped connection the whole transaction runs again (an append that did commit is then
    /// answered from its command id's record, and appends nothing).
    package func inlineTransaction<T: Sendable>(
        into readStore: any ReadStore,
        locking models: [String],
        _ body: @Sendable (any InlineTransaction) async throws -> T
    ) async throws -> T {
        try await database.ensureReady()
        var transaction: PostgresInlineTransaction?
        let value: T
        defer { database.waker.transactionEnded() }
        do {
            value = try await database.transaction("inline transaction") { connection in
                let attempt = PostgresInlineTransaction(store: self, connection: connection, locking: models)
                transaction = attempt
                return try await body(attempt)
            }
        } catch {
            transaction?.changedModels.forEach(rowCache.forget)
            throw error
        }
        // The leased row cache knows nothing of these changes; other processes' watchers learn of them.
        for model in transaction?.changedModels ?? [] {
            rowCache.forget(model)
            database.announcer.announce(changeOf: model)
        }
        if let head = transaction?.appendedHead {
            database.hub.publish(head)
            database.announcer.announce(head)
        }
        return value
    }
}

/// The statements of an inline transaction, on the connection whose transaction the store opened.
final class PostgresInlineTransaction: InlineTransaction {
    /// A model's checkpoint and shape.
    typealias Model = (checkpoint: Int64, shapeHash: String)

    private struct Effects {
        var changed: Set<String> = []
        var head: Int64?
        /// The checkpoint each model had when the transaction looked.
        var observed: [String: Int64] = [:]
        /// The locked models, as the transaction has left them (`nil`: no table); `nil` before the lock.
        var held: [String: Model?]?
    }

    private let store: PostgresStore
    /// Used by one task at a time: the inline transaction's.
    private let connection: PostgresConnection
    /// The models to lock, in name order.
    private let models: [String]
    private let effects = Mutex(Effects())

    /// A transaction on `connection` that locks `models` with its first statement.
    init(store: PostgresStore, connection: PostgresConnection, locking models: [String]) {
        self.store = store
        self.connection = connection
        self.models = models.sorted()
    }

    /// Records the locked models' checkpoints and shapes (`nil` for one without a table).
    private func hold(_ found: [String: Model]) {
        effects.withLock { state in
            state.held = Dictionary(uniqueKeysWithValues: models.map { ($0, found[$0]) })
        }
    }

    /// Locks the models unless the transaction has already.
    private func lock() async throws {
        guard effects.withLock({ $0.held == nil }) else { return }
        let rows = try await connection.query(
            """
            SELECT name, checkpoint, shape_hash FROM \(unescaped: store.catalog.registry) WHERE name = ANY(\(models))
            ORDER BY name FOR UPDATE
            """,
            logger: logger
        ).collect()
        var found: [String: Model] = [:]
        for row in rows {
            let (name, checkpoint, shape) = try row.decode((String, Int64, String).self)
            found[name] = (checkpoint, shape)
        }
        hold(found)
    }

    /// The models whose rows the transaction changed.
    var changedModels: Set<String> { effects.withLock { $0.changed } }
    /// The head after the transaction's append, if it appended events.
    var appendedHead: Int64? { effects.withLock { $0.head } }

    private var logger: Logger { store.database.logger }

    /// The model's table, looked up on the transaction's connection when this process does not know it yet
    /// (a second pooled connection could wait for one this transaction holds).
    private func table(_ model: String) async throws -> ReadModelTable {
        guard let table = try await store.catalog.table(model, on: connection) else {
            throw ReadStoreError.unknownModel(model)
        }
        return table
    }

    /// Appends and, in the same statement, locks the models (when not yet locked); the events are made here
    /// from the request and the answer: their positions and versions follow each other, and the answer
    /// says when they were stamped.
    func append(_ request: AppendRequest) async throws -> (result: AppendResult, events: [RecordedEvent]) {
        let locked = effects.withLock { $0.held != nil }
        let answer = try await store.database.inlineAppend(
            request, locking: locked ? [] : models, registry: store.catalog.registry, on: connection)
        if !locked { hold(answer.held.mapValues { ($0.checkpoint, $0.shapeHash) }) }
        let result = try answer.result.get()
        guard !result.isDuplicate, result.eventCount > 0 else { return (result, []) }
        let count = Int64(request.events.count)
        let events = request.events.enumerated().map { index, event in
            RecordedEvent(
                eventID: event.eventID,
                streamID: request.stream,
                streamVersion: result.version - count + 1 + Int64(index),
                position: result.position - count + 1 + Int64(index),
                eventType: event.eventType,
                schemaVersion: event.schemaVersion,
                recordedAt: answer.recordedAt,
                causationID: request.commandID,
                correlationID: request.correlationID,
                metadata: request.metadata,
                payload: event.payload
            )
        }
        effects.withLock { $0.head = result.position }
        return (result, events)
    }

    func model(_ name: String) async throws -> (checkpoint: Int64, shapeHash: String)? {
        try await lock()
        if let held = effects.withLock({ state -> Model?? in
            guard let held = state.held?[name] else { return nil }
            state.observed[name] = held?.checkpoint ?? 0
            return held
        }) {
            return held
        }
        let rows = try await connection.query(
            "SELECT checkpoint, shape_hash FROM \(unescaped: store.catalog.registry) WHERE name = \(name)",
            logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        let model = try row.decode((Int64, String).self)
        effects.withLock { $0.observed[name] = model.0 }
        return (model.0, model.1)
    }

    func readStream(_ stream: StreamID) async throws -> [RecordedEvent] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: EventColumns.list) FROM \(unescaped: store.database.schema.table("events")) e
            WHERE e.category = \(stream.category) AND e.stream_id = \(stream.id) ORDER BY e.stream_version
            """,
            logger: logger
        ).collect()
        return try rows.map { try EventColumns.decode($0.makeRandomAccess()) }
    }

    func readAll(after position: Int64, limit: Int, eventTypes: Set<String>) async throws -> EventPage {
        try await lock()
        // No horizon: the appends that matter (into the models this transaction locks) are all committed.
        let rows = try await connection.query(
            """
            SELECT \(unescaped: EventColumns.list) FROM \(unescaped: store.database.schema.table("events")) e
            WHERE e.position > \(position) AND e.event_type = ANY(\(eventTypes.sorted()))
            ORDER BY e.position LIMIT \(Int64(max(limit, 0)))
            """,
            logger: logger
        ).collect()
        let events = try rows.map { try EventColumns.decode($0.makeRandomAccess()) }
        return EventPage(events: events, lastPosition: events.last?.position ?? position)
    }

    func apply(_ changes: [RowChange], to model: String, checkpoint: Int64?) async throws {
        try await lock()
        let table = try await table(model)
        let (expected, isHeld) = effects.withLock { state in
            state.changed.insert(model)
            let expected = state.observed[model] ?? 0
            if let checkpoint, let held = state.held?[model] {
                state.held?[model] = held.map { (checkpoint, $0.shapeHash) }
                state.observed[model] = checkpoint
            }
            return (expected, state.held?[model] != nil)
        }
        // A model the transaction does not hold, whose checkpoint stays (a state-stored aggregate's rows):
        // no fence, so that appends of different streams do not queue on the model's registry row.
        let query = try table.commitQuery(
            changes, model: model, registry: store.catalog.registry, expected: expected,
            checkpoint: checkpoint ?? expected, fenced: checkpoint != nil || isHeld)
        let rows = try await connection.query(query, logger: logger).collect()
        let cells = rows.first?.makeRandomAccess()
        guard let cells, try cells[0].decode(Bool.self) else {
            throw CheckpointConflict(model: model, expected: expected, actual: try cells?[1].decode(Int64?.self) ?? 0)
        }
    }

    func row(in model: String, key: [ColumnValue]) async throws -> [ColumnValue]? {
        try await lock()
        let table = try await table(model)
        let rows = try await connection.query(try table.rowQuery(key: key), logger: logger).collect()
        return try rows.first.map { try table.decode($0) }
    }

    func rows(in model: String, matching filter: [ColumnFilter], orderBy: [ColumnOrdering], page: PageRequest?)
        async throws -> RowPage
    {
        try await lock()
        let table = try await table(model)
        let (query, order) = try table.pageQuery(matching: filter, orderBy: orderBy, page: page)
        let rows = try await connection.query(query, logger: logger).collect()
        return order.page(of: try rows.map { try table.decode($0) }, limit: page?.limit)
    }
}
