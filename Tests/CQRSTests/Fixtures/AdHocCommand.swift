import CQRS
import Synchronization

/// Whether an ``AdHocCommand`` creates its stream.
protocol StreamCreation: Sendable {
    static var createsStream: Bool { get }
}

/// The command creates its stream.
enum CreatesStream: StreamCreation {
    static var createsStream: Bool { true }
}

/// The command acts on an existing stream.
enum ExistingStream: StreamCreation {
    static var createsStream: Bool { false }
}

/// A command a test makes up on the spot: the stream it acts on and its decision given as values; whether
/// it creates its stream is `Creation` (``ExistingStream`` unless said).
struct AdHocCommand<Aggregate: AggregateDefinition, Emits: EmittedEvent, Creation: StreamCreation>: AggregateCommand
where Emits.AggregateEvent == Aggregate.Event {
    static var commandName: String { Creation.createsStream ? "AdHocCreate" : "AdHoc" }
    static var createsStream: Bool { Creation.createsStream }
    var aggregateID: Aggregate.ID
    var decision: @Sendable (Aggregate.State, DecisionContext) throws -> [Emits]

    init(
        _ id: Aggregate.ID,
        _ creation: Creation.Type = ExistingStream.self,
        decide: @escaping @Sendable (Aggregate.State, DecisionContext) throws -> [Emits]
    ) {
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
