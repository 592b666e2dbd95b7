/// Where read models live: rows per model, a checkpoint per model, committed together.
///
/// `InMemoryReadStore` implements it; durable stores live in their own modules.
///
/// ```swift
/// let store = InMemoryReadStore()
/// let preparation = try await store.prepare(Shop.UserOrders.schema)
/// try await store.commit([.upsert(row.columns)], to: preparation.target, expected: 0, checkpoint: 42)
/// let page = try await store.rows(in: "UserOrders", matching: [], orderBy: [], page: .first(20))
/// ```
///
/// A model's stored shape is its schema's ``ReadModelSchema/shapeHash``. When a schema of another shape is
/// prepared, the store keeps serving the old table under the model's name and returns a staging target to
/// fill from the log; ``promote(_:)`` then switches queries to it (blue-green).
public protocol ReadStore: RowSource {
    /// Creates the model's table if missing (empty, checkpoint 0). When the stored table has another
    /// ``ReadModelSchema/shapeHash``, creates (or keeps, to resume) a staging table of the new shape beside
    /// it and returns its name with `isStaging == true`; queries by the model's name still read the old one.
    func prepare(_ schema: ReadModelSchema) async throws -> ModelPreparation

    /// Makes the staging table of `schema` the one queries read (atomically, with its checkpoint), and drops
    /// the old one. Does nothing when there is no staging table.
    func promote(_ schema: ReadModelSchema) async throws

    /// The position of the last event the model (or staging target) includes; 0 for a new one;
    /// ``ProjectionConsistency/liveCheckpoint`` for an inline projection that is current.
    func checkpoint(of model: String) async throws -> Int64

    /// Applies the changes in order and sets the checkpoint, all or nothing, but only if the stored
    /// checkpoint still equals `expected`; otherwise throws ``CheckpointConflict`` and changes nothing
    /// (fencing a second writer).
    func commit(_ changes: [RowChange], to model: String, expected: Int64, checkpoint: Int64) async throws

    /// Deletes every row and sets the checkpoint to 0.
    func reset(_ model: String) async throws

    /// How many rows meet every filter, in one query (an index on the filtered columns serves it).
    func count(in model: String, matching filter: [ColumnFilter]) async throws -> Int

    /// Who may run a projection over this store: one holder of a projection's lease at a time.
    ///
    /// Return the same instance on every call, so that every runner over the store shares it: a store in
    /// one process keeps one ``LocalLeaseProvider``; a store that several processes share gives leases the
    /// database enforces. There is deliberately no default: a new provider per call would let two runners
    /// of one projection write at once.
    func leaseProvider() -> any ProjectionLeaseProvider

    /// A signal each time any process commits rows of `model`, when the store hears of other processes'
    /// commits (PostgreSQL does, by `LISTEN`); `nil` when it does not (the default). Watched queries
    /// (``Engine/watch(projection:_:)``) learn of their own process's commits without it.
    func changeNotifications(of model: String) -> AsyncStream<Void>?
}

extension ReadStore {
    /// `nil`: the store hears of no other process's commits.
    public func changeNotifications(of model: String) -> AsyncStream<Void>? { nil }

    /// Counts the rows ``RowSource/rows(in:matching:orderBy:page:)`` returns: for a store without a count
    /// of its own (every store of this package has one).
    public func count(in model: String, matching filter: [ColumnFilter]) async throws -> Int {
        try await rows(in: model, matching: filter, orderBy: [], page: nil).rows.count
    }
}
