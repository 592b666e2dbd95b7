import CQRS
import Synchronization

/// A command a test makes up on the spot: the stream it acts on and its decision given as values (it does
/// not create its stream; ``AdHocCreatingCommand`` does).
struct AdHocCommand<Aggregate: AggregateDefinition, Emits: EmittedEvent>: AggregateCommand
where Emits.AggregateEvent == Aggregate.Event {
    static var commandName: String { "AdHoc" }
    static var createsStream: Bool { false }
    var aggregateID: Aggregate.ID
    var decision: @Sendable (Aggregate.State, DecisionContext) throws -> [Emits]

    init(_ id: Aggregate.ID, decide: @escaping @Sendable (Aggregate.State, DecisionContext) throws -> [Emits]) {
        self.aggregateID = id
        self.decision = decide
    }

    func validate() -> [ConstraintViolation] { [] }

    func decide(with aggregate: Aggregate, state: Aggregate.State, context: DecisionContext) throws -> [Emits] {
        try decision(state, context)
    }
}

/// An ``AdHocCommand`` that creates its stream.
struct AdHocCreatingCommand<Aggregate: AggregateDefinition, Emits: EmittedEvent>: AggregateCommand
where Emits.AggregateEvent == Aggregate.Event {
    static var commandName: String { "AdHocCreate" }
    static var createsStream: Bool { true }
    var aggregateID: Aggregate.ID
    var decision: @Sendable (Aggregate.State, DecisionContext) throws -> [Emits]

    init(_ id: Aggregate.ID, decide: @escaping @Sendable (Aggregate.State, DecisionContext) throws -> [Emits]) {
        self.aggregateID = id
        self.decision = decide
    }

    func validate() -> [ConstraintViolation] { [] }

    func decide(with aggregate: Aggregate, state: Aggregate.State, context: DecisionContext) throws -> [Emits] {
        try decision(state, context)
    }
}

/// The last value a test's `decide` saw.
final class Seen<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    /// Records a value.
    func record(_ newValue: Value) { value.withLock { $0 = newValue } }

    /// The last value recorded.
    var last: Value? { value.withLock { $0 } }
}
