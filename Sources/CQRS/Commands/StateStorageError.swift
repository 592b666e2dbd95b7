/// Why a state-stored aggregate (``StateStoredAggregate``) could not be read or written.
public enum StateStorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The processor has no store that writes a row in the transaction of an append: it was made without an
    /// engine, or the engine's read store is not in the event store's database.
    case noSharedTransaction(aggregate: String)
    /// The aggregate's table holds another shape than the spec's state: a field was added, removed or
    /// retyped. Rows are never dropped to make room; there is no migration of a state table yet, so keep
    /// the state's fields as they were.
    case shapeChanged(aggregate: String, stored: String, expected: String)
    /// A row that does not decode as the aggregate's state.
    case malformedRow(stream: StreamID, reason: String)
    /// A temporal read of an aggregate that keeps only its current state.
    case noHistory(aggregate: String)
    /// The stream has events but no row: the aggregate was event-sourced before, or something appended to
    /// its stream outside the command processor. Its state cannot be folded from the events; fill the row
    /// first.
    case rowBehindStream(stream: StreamID)
    /// An aggregate definition whose `storage` is ``AggregateStorage/state`` but that is not a
    /// ``StateStoredAggregate`` (its `storage` was implemented by hand).
    case notStateStored(aggregate: String)

    /// A sentence naming the aggregate and what to do.
    public var description: String {
        switch self {
        case .noSharedTransaction(let aggregate):
            """
            aggregate \(aggregate) keeps its state as a row, written in the transaction of its events' append: \
            send its commands through an engine whose two stores are one database (one SQLiteStore or one \
            PostgresStore as both, or an InMemoryEventStore with an InMemoryReadStore)
            """
        case .shapeChanged(let aggregate, let stored, let expected):
            """
            the state table of \(aggregate) has another shape (\(stored)) than the spec's state (\(expected)): \
            its rows are kept; keep the state's fields as they were (a state table cannot be migrated yet)
            """
        case .malformedRow(let stream, let reason):
            "the state row of \(stream) does not decode: \(reason)"
        case .rowBehindStream(let stream):
            """
            stream \(stream) has events but no state row: its aggregate keeps its state as a row \
            (storage: state), which was never written for this stream (was the aggregate event-sourced \
            before?); write its row first
            """
        case .notStateStored(let aggregate):
            "aggregate \(aggregate) says its storage is state but is not a StateStoredAggregate: conform to it instead"
        case .noHistory(let aggregate):
            """
            aggregate \(aggregate) keeps only its current state (storage: state), so there is no earlier state \
            to read; make it event-sourced to read its history
            """
        }
    }
}
