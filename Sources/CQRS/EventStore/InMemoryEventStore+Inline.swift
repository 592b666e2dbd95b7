import Foundation
import Synchronization

extension InMemoryEventStore: InlineProjectionStore {
    /// An in-memory read store: its rows change right after the events, under the transaction's models.
    package func sharesTransactions(with readStore: any ReadStore) -> Bool {
        readStore is InMemoryReadStore
    }

    /// The model as the in-memory read store holds it.
    package func committedModel(_ name: String, in readStore: any ReadStore) async throws -> (
        checkpoint: Int64, shapeHash: String
    )? {
        (readStore as? InMemoryReadStore)?.inlineModel(name)
    }

    /// Holds the whole store (appends wait meanwhile), runs `body`, then appends its events and applies its
    /// row changes.
    package func inlineTransaction<T: Sendable>(
        into readStore: any ReadStore,
        locking models: [String],
        _ body: @Sendable (any InlineTransaction) async throws -> T
    ) async throws -> T {
        guard let rows = readStore as? InMemoryReadStore else {
            throw ReadStoreError.unknownModel(models.first ?? "")
        }
        return try await inlineLocks.withLock(Self.storeKey) {
            state.withLock { $0.inlineOpen = true }
            defer { state.withLock { $0.inlineOpen = false } }
            let transaction = InMemoryInlineTransaction(events: self, rows: rows)
            let value = try await body(transaction)
            try transaction.commit()
            return value
        }
    }
}

/// An inline transaction of the in-memory stores: the append is tried at once and undone, then made for
/// good at the commit if nothing was appended meanwhile; row changes wait for the commit too.
final class InMemoryInlineTransaction: InlineTransaction {
    private struct Pending {
        var append: (request: AppendRequest, head: Int, result: AppendResult, recordedAt: Date?)?
        /// The checkpoint each model had when the transaction looked.
        var observed: [String: Int64] = [:]
        var changes: [(model: String, changes: [RowChange], checkpoint: Int64?)] = []
    }

    private let events: InMemoryEventStore
    private let rows: InMemoryReadStore
    private let pending = Mutex(Pending())

    init(events: InMemoryEventStore, rows: InMemoryReadStore) {
        self.events = events
        self.rows = rows
    }

    func append(_ request: AppendRequest) async throws -> (result: AppendResult, events: [RecordedEvent]) {
        let now = events.now
        let (head, result, recorded) = try events.state.withLock { state in
            let head = state.log.count
            let snapshot = (state.streams[request.stream], request.commandID.flatMap { state.emptyCommands[$0] })
            let (result, range) = try state.append(request, now: now)
            let recorded = Array(state.log[range])
            // Undone at once: the append is made for good at the commit.
            state.log.removeSubrange(range)
            state.previousInStream.removeSubrange(range)
            if !range.isEmpty {
                state.streams[request.stream] = snapshot.0
                if let commandID = request.commandID { state.commands[commandID] = nil }
            } else if let commandID = request.commandID, !result.isDuplicate {
                state.emptyCommands[commandID] = snapshot.1
            }
            return (head, result, recorded)
        }
        pending.withLock { $0.append = (request, head, result, recorded.first?.recordedAt) }
        return (result, recorded)
    }

    func model(_ name: String) async throws -> (checkpoint: Int64, shapeHash: String)? {
        let model = rows.inlineModel(name)
        pending.withLock { $0.observed[name] = model?.checkpoint ?? 0 }
        return model
    }

    func readAll(after position: Int64, limit: Int, eventTypes: Set<String>) async throws -> EventPage {
        try await events.readAll(after: position, limit: limit, eventTypes: eventTypes)
    }

    func readStream(_ stream: StreamID) async throws -> [RecordedEvent] {
        try await events.readStream(stream)
    }

    func apply(_ changes: [RowChange], to model: String, checkpoint: Int64?) async throws {
        // Checked now: nothing may fail once the events are appended.
        guard let schema = rows.schema(of: model) else { throw ReadStoreError.unknownModel(model) }
        try schema.validate(changes)
        pending.withLock { $0.changes.append((model, changes, checkpoint)) }
    }

    func row(in model: String, key: [ColumnValue]) async throws -> [ColumnValue]? {
        try await rows.row(in: model, key: key)
    }

    func rows(in model: String, matching filter: [ColumnFilter], orderBy: [ColumnOrdering], page: PageRequest?)
        async throws -> RowPage
    {
        try await rows.rows(in: model, matching: filter, orderBy: orderBy, page: page)
    }

    /// Appends for good (nothing else appended meanwhile: appends wait for the transaction), then applies the
    /// row changes of each model still at the checkpoint the transaction saw; a model reset meanwhile is
    /// skipped (its rebuild reads the events), and a going-live one that moved throws ``CheckpointConflict``.
    func commit() throws {
        let pending = self.pending.withLock { $0 }
        if let append = pending.append {
            // The time the projections saw.
            let now = append.recordedAt.map { recordedAt in { recordedAt } } ?? events.now
            let appended = try events.state.withLock { state -> Bool in
                guard state.log.count == append.head else {
                    let actual = state.streams[append.request.stream]?.version
                    throw WrongExpectedVersion(
                        stream: append.request.stream, expected: append.request.expectedVersion, actual: actual)
                }
                return try !state.append(append.request, now: now).1.isEmpty
            }
            if appended { events.notifier.publish(append.result.position) }
        }
        for change in pending.changes {
            let expected = pending.observed[change.model] ?? 0
            let applied = try rows.applyInline(
                change.changes, to: change.model, expected: expected, checkpoint: change.checkpoint)
            if !applied, change.checkpoint != nil {
                throw CheckpointConflict(
                    model: change.model, expected: expected, actual: rows.inlineModel(change.model)?.checkpoint ?? 0)
            }
        }
    }
}
