/// A command that acts on one aggregate instance: its aggregate, the instance it names, whether it starts
/// the stream, its name, its constraints and how the aggregate's rules decide it. The generator makes every
/// spec command conform, so the generated `Application.send` is one call:
///
/// ```swift
/// let receipt = try await engine.commands.handle(command, with: Shop.Order.Definition(OrderRules()), options: options)
/// ```
public protocol AggregateCommand<Aggregate>: Sendable {
    /// The aggregate the command acts on.
    associatedtype Aggregate: AggregateDefinition
    /// The events the command may produce.
    associatedtype Emits: EmittedEvent where Emits.AggregateEvent == Aggregate.Event

    /// The command's name, in metrics, logs and errors (`"PlaceOrder"`).
    static var commandName: String { get }
    /// Whether the command starts a new stream (`creates: true` in the spec): it fails when the stream
    /// exists; any other command fails when it does not. By default `false`.
    static var createsStream: Bool { get }
    /// The aggregate instance the command acts on.
    var aggregateID: Aggregate.ID { get }
    /// The name of the field that holds ``aggregateID``, as violations name it (`"orderId"` in generated
    /// commands). By default `"aggregateID"`.
    static var aggregateIDField: String { get }
    /// Appends every violation of the spec's constraints to `violations`, naming fields under `path`
    /// (`""` for the command itself). By default none: the spec gives the command's fields no constraints.
    func validate(path: String, into violations: inout [ConstraintViolation])
    /// Every violation of the spec's constraints (none when the command is valid). By default what
    /// ``validate(path:into:)`` appends for the command itself.
    func validate() -> [ConstraintViolation]
    /// The events the aggregate's rules decide for this command on `state` (throw to refuse it).
    func decide(with aggregate: Aggregate, state: Aggregate.State, context: DecisionContext) throws -> [Emits]
    /// The events the rules decide, with `state` changed to the state after them: what the processor calls.
    /// By default ``decide(with:state:context:)``, then `state` folded with each event by the aggregate's
    /// `evolve`; a state-stored aggregate's command (``StateStoredAggregate``) changes the state itself.
    func decide(with aggregate: Aggregate, changing state: inout Aggregate.State, context: DecisionContext) throws
        -> [Emits]
}

extension AggregateCommand {
    /// The stream the command acts on.
    public var streamID: StreamID { Aggregate.streamID(aggregateID) }

    /// A command that does not start a stream.
    public static var createsStream: Bool { false }

    /// ``decide(with:state:context:)``, then the state folded with each event by `evolve`.
    @inlinable
    public func decide(with aggregate: Aggregate, changing state: inout Aggregate.State, context: DecisionContext)
        throws -> [Emits]
    {
        let emitted = try decide(with: aggregate, state: state, context: context)
        for event in emitted { aggregate.evolve(&state, with: event.event) }
        return emitted
    }

    /// The protocol's own name for the identifier.
    public static var aggregateIDField: String { "aggregateID" }

    /// No constraints to check.
    public func validate(path: String, into violations: inout [ConstraintViolation]) {}

    /// The violations ``validate(path:into:)`` appends for the command itself.
    public func validate() -> [ConstraintViolation] {
        var violations: [ConstraintViolation] = []
        validate(path: "", into: &violations)
        return violations
    }
}
