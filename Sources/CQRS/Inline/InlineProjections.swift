/// An engine's inline projections over the store that applies them: each append whose events one of them
/// reads runs in an inline transaction, which applies those projections to the appended events before it
/// commits; and a projection that has caught up from the log goes live in one.
///
/// Written once for every store: a store gives the transaction (``InlineProjectionStore``), this decides
/// what happens in it.
struct InlineProjections: Sendable {
    let store: any InlineProjectionStore
    let readStore: any ReadStore
    let projections: [any ReadModelProjection]
    /// For each event type, the indices of the projections that read it.
    private let readers: [String: [Int]]
    /// Told of each projection an append changed, once it commits (for watched queries).
    let changes: ReadModelChangeFeed

    /// The inline ones of `projections`, over the stores; `nil` when there are none.
    ///
    /// - Throws: ``EngineError/inlineProjectionWithoutSharedTransaction(projection:eventStore:readStore:)``
    ///   when the stores cannot change rows in an append's transaction.
    init?(
        _ projections: [any ReadModelProjection], eventStore: any EventStore, readStore: any ReadStore,
        changes: ReadModelChangeFeed
    ) throws {
        let inline = projections.filter { $0.consistency == .inline }
        guard let first = inline.first else { return nil }
        guard let shared = InlineProjections(transactionsOf: eventStore, readStore: readStore, changes: changes) else {
            throw EngineError.inlineProjectionWithoutSharedTransaction(
                projection: first.name, eventStore: "\(type(of: eventStore))", readStore: "\(type(of: readStore))")
        }
        self.init(store: shared.store, readStore: readStore, projections: inline, changes: changes)
    }

    /// No inline projections, over stores that share transactions: for appends that write a state-stored
    /// aggregate's row (``append(_:savingState:)``). `nil` when the stores cannot.
    init?(transactionsOf eventStore: any EventStore, readStore: any ReadStore, changes: ReadModelChangeFeed) {
        guard let store = eventStore as? any InlineProjectionStore, store.sharesTransactions(with: readStore) else {
            return nil
        }
        self.init(store: store, readStore: readStore, projections: [], changes: changes)
    }

    private init(
        store: any InlineProjectionStore, readStore: any ReadStore, projections: [any ReadModelProjection],
        changes: ReadModelChangeFeed
    ) {
        self.store = store
        self.readStore = readStore
        self.changes = changes
        self.projections = projections
        var readers: [String: [Int]] = [:]
        for (index, projection) in projections.enumerated() {
            for type in projection.eventTypes { readers[type, default: []].append(index) }
        }
        self.readers = readers
    }

    /// The projections that read any of the request's events, in declaration order.
    func readers(of request: AppendRequest) -> [any ReadModelProjection] {
        var indices: Set<Int> = []
        for event in request.events {
            if let found = readers[event.eventType] { indices.formUnion(found) }
        }
        return indices.sorted().map { projections[$0] }
    }

    /// Appends; when inline projections read the events, or a state-stored aggregate's row is to be saved
    /// with them, in an inline transaction that also applies those projections and writes the row (at the
    /// version the append gave; not for a duplicate, which appended nothing).
    ///
    /// - Throws: what the append throws, and a handler's error as a ``ProjectionFailure`` (nothing is
    ///   appended then).
    func append(_ request: AppendRequest, savingState state: StateRowWrite? = nil) async throws -> AppendResult {
        let involved = readers(of: request)
        guard !involved.isEmpty || state != nil else { return try await store.append(request) }
        let result = try await store.inlineTransaction(into: readStore, locking: involved.map(\.name).sorted()) {
            transaction in
            let (result, events) = try await transaction.append(request)
            if let state, !result.isDuplicate {
                try await transaction.apply([.upsert(try state.row(result.version))], to: state.model, checkpoint: nil)
            }
            if !events.isEmpty { try await project(events, by: involved, in: transaction) }
            return result
        }
        if !result.isDuplicate {
            for projection in involved { changes.publish(projection.name) }
        }
        return result
    }

    /// Applies the events to each live projection (one whose checkpoint is the live one and whose table has
    /// its shape), in the transaction; the others catch up from the log.
    ///
    /// - Throws: ``InlineProjectionOutdated`` when the model is live in another shape and this one is not
    ///   being built beside it: this process's projection is not the store's (an old version still running),
    ///   and skipping it would lose the events for the live one.
    func project(
        _ events: [RecordedEvent], by projections: [any ReadModelProjection], in transaction: any InlineTransaction
    ) async throws {
        for projection in projections {
            guard let model = try await transaction.model(projection.name),
                model.checkpoint == ProjectionConsistency.liveCheckpoint
            else { continue }  // It catches up from the log, then goes live.
            if model.shapeHash != projection.schema.shapeHash {
                // Being built beside the live table (a reshape): that build reads these events from the log.
                if try await transaction.model(projection.schema.stagingName) != nil { continue }
                throw InlineProjectionOutdated(
                    projection: projection.name, shapeHash: projection.schema.shapeHash, liveShapeHash: model.shapeHash)
            }
            let batch = ProjectionBatch(
                store: transaction, schema: projection.schema, target: nil, over: nil,
                readStream: { try await transaction.readStream($0) }, appliesCommittedEvents: false)
            try await Self.apply(
                events.filter { projection.eventTypes.contains($0.eventType) }, by: projection, to: batch)
            try await transaction.apply(batch.changes, to: projection.name, checkpoint: nil)
        }
    }

    /// Whether the projection is live in the store: its checkpoint is the live one, and its table has the
    /// projection's shape (a table of another shape is not: the projection is being built beside it).
    func isLive(_ projection: any ReadModelProjection) async throws -> Bool {
        guard let model = try await store.committedModel(projection.name, in: readStore) else { return false }
        return model.checkpoint == ProjectionConsistency.liveCheckpoint
            && model.shapeHash == projection.schema.shapeHash
    }

    /// Makes a projection that has caught up to `checkpoint` live: in one inline transaction holding it
    /// (so no append into it is in flight), applies the events after `checkpoint` and sets the live
    /// checkpoint. From then on every append applies it.
    ///
    /// - Throws: ``CheckpointConflict`` when the stored checkpoint is no longer `checkpoint` (another writer
    ///   or a reset came first); a handler's error as a ``ProjectionFailure``.
    static func goLive(
        _ projection: any ReadModelProjection, from checkpoint: Int64, batchSize: Int,
        store: any InlineProjectionStore, readStore: any ReadStore
    ) async throws {
        try await store.inlineTransaction(into: readStore, locking: [projection.name]) { transaction in
            let stored = try await transaction.model(projection.name)?.checkpoint ?? 0
            guard stored == checkpoint else {
                throw CheckpointConflict(model: projection.name, expected: checkpoint, actual: stored)
            }
            // The events read here are committed: what the projection remembers of them is kept.
            let batch = ProjectionBatch(
                store: transaction, schema: projection.schema, target: nil, over: nil,
                readStream: { try await transaction.readStream($0) })
            var position = checkpoint
            while true {
                let page = try await transaction.readAll(
                    after: position, limit: max(batchSize, 1), eventTypes: projection.eventTypes)
                guard page.lastPosition > position else { break }
                try await apply(page.events, by: projection, to: batch)
                position = page.lastPosition
            }
            try await transaction.apply(
                batch.changes, to: projection.name, checkpoint: ProjectionConsistency.liveCheckpoint)
        }
    }

    private static func apply(
        _ events: [RecordedEvent], by projection: any ReadModelProjection, to batch: ProjectionBatch
    ) async throws {
        for event in events {
            do {
                try await projection.apply(event, to: batch)
            } catch {
                throw ProjectionFailure(
                    projection: projection.name, position: event.position, eventType: event.eventType, error: error)
            }
        }
    }
}

/// An append whose inline projection is live in the store in another shape that no process is building
/// this one beside: the appending process runs an older (or other) version of the spec than the one that
/// made the live table. The command fails rather than leave the live table without its events.
public struct InlineProjectionOutdated: Error, Sendable, Hashable, CustomStringConvertible {
    /// The projection.
    public var projection: String
    /// The shape of this process's projection (``ReadModelSchema/shapeHash``).
    public var shapeHash: String
    /// The shape of the live table.
    public var liveShapeHash: String

    /// A sentence naming the projection and both shapes.
    public var description: String {
        "projection \(projection) is live in another shape (\(liveShapeHash)) than this process's (\(shapeHash)): run the same spec everywhere"
    }
}

/// A state-stored aggregate's row to write in the transaction of an append: its model, and the row at the
/// version the append gives.
struct StateRowWrite: Sendable {
    /// The aggregate's table (``StateStoredAggregate/stateModelName``).
    var model: String
    /// The row at a version.
    var row: @Sendable (Int64) throws -> [ColumnValue]
}
