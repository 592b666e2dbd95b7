import Foundation

/// Everything the runtime needs to know about an aggregate: its stream category, state, events and how
/// events change the state. The generator emits one per aggregate (`Shop.Order.Definition`), wrapping
/// the user's handler; its commands conform to ``AggregateCommand``.
///
/// ```swift
/// let receipt = try await processor.handle(command, with: Shop.Order.Definition(OrderRules()))
/// ```
public protocol AggregateDefinition: Sendable {
    /// The identifier type of the aggregate's streams.
    associatedtype ID: StreamIdentifier
    /// The write model's state, folded from the events.
    associatedtype State: Codable & Sendable
    /// The aggregate's events.
    associatedtype Event: Sendable

    /// The stream category, for example `"Order"`.
    static var category: String { get }
    /// Where the state is kept: ``AggregateStorage/events`` for every aggregate and
    /// ``AggregateStorage/state`` for a ``StateStoredAggregate``, by the protocols' own implementations. Do
    /// not implement it: conform to ``StateStoredAggregate`` instead.
    static var storage: AggregateStorage { get }
    /// Write a snapshot every this many events; `nil` (the default): never.
    static var snapshotEvery: Int? { get }
    /// Changes whenever the state's shape changes; snapshots saved with another value are ignored.
    static var stateVersion: String { get }
    /// The state of a new stream.
    static func initialState() -> State
    /// Applies an event to the state.
    func evolve(_ state: inout State, with event: Event)
    /// Encodes an event for appending.
    static func encode(_ event: Event) throws -> NewEvent
    /// Decodes a recorded event (upcasting older schema versions); throws ``EventDecodingError``.
    static func decode(_ event: RecordedEvent) throws -> Event
}

extension AggregateDefinition {
    /// The stream of an aggregate instance.
    public static func streamID(_ id: ID) -> StreamID {
        StreamID(category: category, id: id.streamIDString)
    }

    /// Event-sourced: the state is folded from the events.
    public static var storage: AggregateStorage { .events }

    /// No snapshots: the spec sets no `snapshotEvery`.
    public static var snapshotEvery: Int? { nil }
}
