import CQRS
import Synchronization

/// Whether an ``AdHocCommand`` creates its stream.
package protocol StreamCreation: Sendable {
    static var createsStream: Bool { get }
}

/// The command creates its stream.
package enum CreatesStream: StreamCreation {
    package static var createsStream: Bool { true }
}

/// The command acts on an existing stream.
package enum ExistingStream: StreamCreation {
    package static var createsStream: Bool { false }
}

/// A command a test makes up on the spot: the stream it acts on and its decision given as values; whether
/// it creates its stream is `Creation` (``ExistingStream`` unless said).
package struct AdHocCommand<Aggregate: AggregateDefinition, Emits: EmittedEvent, Creation: StreamCreation>:
    AggregateCommand
where Emits.AggregateEvent == Aggregate.Event {
    package static var commandName: String { Creation.createsStream ? "AdHocCreate" : "AdHoc" }
    package static var createsStream: Bool { Creation.createsStream }
    package var aggregateID: Aggregate.ID
    package var decision: @Sendable (Aggregate.State, DecisionContext) throws -> [Emits]
    /// What `validate()` reports (none unless a test sets some).
    package var violations: [ConstraintViolation] = []

    package init(
        _ id: Aggregate.ID,
        _ creation: Creation.Type = ExistingStream.self,
        decide: @escaping @Sendable (Aggregate.State, DecisionContext) throws -> [Emits]
    ) {
        self.aggregateID = id
        self.decision = decide
    }

    /// Implements `validate()` only, as a hand-written command may: the processor still calls it.
    package func validate() -> [ConstraintViolation] { violations }

    package func decide(with aggregate: Aggregate, state: Aggregate.State, context: DecisionContext) throws -> [Emits] {
        try decision(state, context)
    }
}

/// The last value a test's `decide` saw.
package final class Seen<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    /// Nothing seen yet.
    package init() {}

    /// Records a value.
    package func record(_ newValue: Value) { value.withLock { $0 = newValue } }

    /// The last value recorded.
    package var last: Value? { value.withLock { $0 } }
}
