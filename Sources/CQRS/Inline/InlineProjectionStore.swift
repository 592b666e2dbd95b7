/// An event store that can change read models in the transaction of an append: what an inline projection
/// (``ProjectionConsistency/inline``) needs. The in-memory, SQLite and PostgreSQL stores are.
package protocol InlineProjectionStore: EventStore {
    /// Whether this store's transactions also hold `readStore`'s rows: the same SQLite file, the same
    /// PostgreSQL database, or an in-memory read store beside the in-memory event store.
    func sharesTransactions(with readStore: any ReadStore) -> Bool

    /// A model's checkpoint and table shape as committed (no transaction, no lock); `nil` without a table.
    func committedModel(_ name: String, in readStore: any ReadStore) async throws -> (
        checkpoint: Int64, shapeHash: String
    )?

    /// Runs `body` in one transaction over the events and `readStore`'s rows, and commits it when `body`
    /// returns; when `body` throws, nothing of it is kept.
    ///
    /// The transaction holds `models` (sorted, so that two transactions never wait on each other) against
    /// every other inline transaction holding one of them, in every process: appends that project into a
    /// model happen one at a time, and a projection that goes live sees no append in flight.
    func inlineTransaction<T: Sendable>(
        into readStore: any ReadStore,
        locking models: [String],
        _ body: @Sendable (any InlineTransaction) async throws -> T
    ) async throws -> T
}
