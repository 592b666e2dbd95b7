/// An ``Engine`` that cannot be assembled as asked, or a request that names something it does not have.
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No projection of this name was given to the engine.
    case unknownProjection(String)
    /// No reaction of this name was given to the engine.
    case unknownReaction(String)
    /// Two reactions of this name were given to the engine: they would share one checkpoint and one lease.
    case duplicateReaction(String)
    /// An inline projection (``ProjectionConsistency/inline``) over stores that cannot change its rows in
    /// an append's transaction: the read store is not in the event store's database.
    case inlineProjectionWithoutSharedTransaction(projection: String, eventStore: String, readStore: String)

    /// A sentence naming the projection (and the stores).
    public var description: String {
        switch self {
        case .unknownProjection(let name):
            "the engine has no projection named \(name)"
        case .unknownReaction(let name):
            "the engine has no reaction named \(name)"
        case .duplicateReaction(let name):
            "two reactions are named \(name): each needs a name of its own (its checkpoint and lease go by it)"
        case .inlineProjectionWithoutSharedTransaction(let projection, let eventStore, let readStore):
            """
            projection \(projection) is inline, but its rows (in a \(readStore)) cannot change in the \
            transaction of an append to the \(eventStore): give both one database (one SQLiteStore or one \
            PostgresStore as both stores, or an InMemoryEventStore with an InMemoryReadStore), or make the \
            projection async
            """
        }
    }
}
