import CQRS
import Foundation
import PostgresNIO
import Synchronization

extension PostgresStore: InlineProjectionStore {
    /// This very store: the events and the rows are in one database and schema.
    package func sharesTransactions(with readStore: any ReadStore) -> Bool {
        (readStore as? PostgresStore) === self
    }

    /// One transaction on a pooled connection. It first locks the models' rows in the registry
    /// (`SELECT … FOR UPDATE`, in name order): inline transactions into one model follow each other in
    /// every process, and a reset, a promotion or a projection going live waits for the one in flight.
    /// After a dropped connection the whole transaction runs again (an append that did commit is then
    /// answered from its command id's record, and appends nothing).
    package func inlineTransaction<T: Sendable>(
        into readStore: any ReadStore,
        locking models: [String],
        _ body: @Sendable (any InlineTransaction) async throws -> T
    ) async throws -> T {
        try await database.ensureReady()
        let registry = catalog.registry
        var transaction: PostgresInlineTransaction?
        let value: T
        do {
            value = try await database.transaction("inline transaction") { connection in
                try await connection.query(
                    "SELECT name FROM \(unescaped: registry) WHERE name = ANY(\(models)) ORDER BY name FOR UPDATE",
                    logger: database.logger)
                let attempt = PostgresInlineTransaction(store: self, connection: connection)
                transaction = attempt
                return try await body(attempt)
            }
        } catch {
            transaction?.changedModels.forEach(rowCache.forget)
            throw error
        }
        database.waker.transactionEnded()
        // The leased row cache knows nothing of these changes.
        transaction?.changedModels.forEach(rowCache.forget)
        if let head = transaction?.appendedHead {
            database.hub.publish(head)
            database.announcer.announce(head)
        }
        return value
    }
}

/// The statements of an inline transaction, on the connection whose transaction the store opened.
final class PostgresInlineTransaction: InlineTransaction {
    private struct Effects {
        var changed: Set<String> = []
        var head: Int64?
        /// The checkpoint each model had when the transaction looked.
        var observed: [String: Int64] = [:]
    }

    private let store: PostgresStore
    /// Used by one task at a time: the inline transaction's.
    private let connection: PostgresConnection
    private let effects = Mutex(Effects())

    init(store: PostgresStore, connection: PostgresConnection) {
        self.store = store
        self.connection = connection
    }

    /// The models whose rows the transaction changed.
    var changedModels: Set<String> { effects.withLock { $0.changed } }
    /// The head after the transaction's append, if it appended events.
    var appendedHead: Int64? { effects.withLock { $0.head } }

    private var logger: Logger { store.database.logger }

    private func table(_ model: String) async throws -> ReadModelTable {
        guard let table = try await store.catalog.table(model) else { throw ReadStoreError.unknownModel(model) }
        return table
    }

    func append(_ request: AppendRequest) async throws -> (result: AppendResult, events: [RecordedEvent]) {
        guard let outcome = try await store.database.append([request], on: connection).first else {
            throw PostgresStoreError.failed(operation: "append", reason: "no result")
        }
        let result = try outcome.get()
        guard !result.isDuplicate, result.eventCount > 0 else { return (result, []) }
        let rows = try await connection.query(
            """
            SELECT \(unescaped: EventColumns.list) FROM \(unescaped: store.database.schema.table("events")) e
            WHERE e.category = \(request.stream.category) AND e.stream_id = \(request.stream.id)
                AND e.stream_version > \(result.version - Int64(result.eventCount))
            ORDER BY e.stream_version
            """,
            logger: logger
        ).collect()
        let events = try rows.map { try EventColumns.decode($0.makeRandomAccess()) }
        effects.withLock { $0.head = result.position }
        return (result, events)
    }

    func model(_ name: String) async throws -> (checkpoint: Int64, shapeHash: String)? {
        let rows = try await connection.query(
            "SELECT checkpoint, shape_hash FROM \(unescaped: store.catalog.registry) WHERE name = \(name)",
            logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        let model = try row.decode((Int64, String).self)
        effects.withLock { $0.observed[name] = model.0 }
        return (model.0, model.1)
    }

    func readAll(after position: Int64, limit: Int, eventTypes: Set<String>) async throws -> EventPage {
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
        let table = try await table(model)
        let expected = effects.withLock { state in
            state.changed.insert(model)
            return state.observed[model] ?? 0
        }
        let query = try table.commitQuery(
            changes, model: model, registry: store.catalog.registry, expected: expected,
            checkpoint: checkpoint ?? expected)
        let rows = try await connection.query(query, logger: logger).collect()
        let cells = rows.first?.makeRandomAccess()
        guard let cells, try cells[0].decode(Bool.self) else {
            throw CheckpointConflict(model: model, expected: expected, actual: try cells?[1].decode(Int64?.self) ?? 0)
        }
    }

    func row(in model: String, key: [ColumnValue]) async throws -> [ColumnValue]? {
        let table = try await table(model)
        let rows = try await connection.query(try table.rowQuery(key: key), logger: logger).collect()
        return try rows.first.map { try table.decode($0) }
    }

    func rows(in model: String, matching filter: [ColumnFilter], orderBy: [ColumnOrdering], page: PageRequest?)
        async throws -> RowPage
    {
        let table = try await table(model)
        let (query, order) = try table.pageQuery(matching: filter, orderBy: orderBy, page: page)
        let rows = try await connection.query(query, logger: logger).collect()
        return order.page(of: try rows.map { try table.decode($0) }, limit: page?.limit)
    }
}
