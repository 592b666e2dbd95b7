/// Where an aggregate keeps its state: folded from its events (event sourcing, the default), or as a row
/// of its own table written in the transaction that appends its events (`storage: state` in the spec).
public enum AggregateStorage: String, Sendable, Hashable {
    /// The state is folded from the stream's events (``AggregateDefinition/evolve(_:with:)``).
    case events
    /// The state is a row of the aggregate's table; the events are its outbox, for projections and
    /// reactions (``StateStoredAggregate``).
    case state
}

/// An aggregate whose state is kept as a row: CQRS without event sourcing. Its commands change the state
/// in place and return the events to publish (``AggregateCommand/decide(with:changing:context:)``); the
/// processor writes the new state to the aggregate's table and appends the events to the log in one
/// transaction, so that a state is never saved without its events nor an event published without its
/// state. The row's `version` is the stream's version, which the append checks: concurrent writers
/// conflict, and are retried, as for an event-sourced aggregate.
///
/// The table (``stateSchema``) is named `<category>_state`: a text `id` (the stream's identifier), the
/// `version`, then the state's columns (``stateColumns``). A decision with no events changes nothing.
/// There is no history to read: a state-stored aggregate's ``CommandProcessor/state(of:in:asOf:)`` throws
/// ``StateStorageError/noHistory(aggregate:)``.
///
/// ```swift
/// let subscription = try await app.state(of: subscriptionID, in: Billing.Subscription.self)
/// ```
public protocol StateStoredAggregate: AggregateDefinition {
    /// The state's columns, in row order after `id` and `version`.
    static var stateColumns: [ReadModelSchema.Column] { get }
    /// The state as column values, in ``stateColumns`` order.
    static func columns(of state: State) throws -> [ColumnValue]
    /// The state a row's columns (``stateColumns``, in order) hold.
    static func state(fromColumns columns: ArraySlice<ColumnValue>) throws -> State
}

extension StateStoredAggregate {
    /// The state is a row.
    public static var storage: AggregateStorage { .state }

    /// The name of the aggregate's table as a model of the read store: `<category>_state` (no projection can
    /// have it: spec names have no `_`).
    public static var stateModelName: String { "\(category)_state" }

    /// The aggregate's table: `id` (the key), `version`, then ``stateColumns``.
    public static var stateSchema: ReadModelSchema {
        ReadModelSchema(
            name: stateModelName,
            columns: [.init(name: "id", type: .string), .init(name: "version", type: .int)] + stateColumns,
            key: ["id"]
        )
    }

    /// The row of a state at a version.
    static func row(of stream: StreamID, version: Int64, state: State) throws -> [ColumnValue] {
        [.string(stream.id), .int(version)] + (try columns(of: state))
    }
}
