/// The rules every command meets on its way to its events, named once: the command processor applies them
/// against the store, `DecideScenario` (module `CQRSTesting`) against a given history.
///
/// ```swift
/// try CommandRules.checkConstraints(of: command)
/// try CommandRules.checkStream(of: command, version: 0)
/// let (events, state) = try CommandRules.decide(command, with: definition, state: state, context: context)
/// ```
public enum CommandRules {
    /// The command's constraints from the spec, and, whatever the spec says, an identifier whose text is not
    /// empty: an empty `String` would name the stream `Order-`, so it is a `minLength` violation of
    /// ``AggregateCommand/aggregateIDField`` (unless the spec's own constraints of the identifier already
    /// refuse it).
    ///
    /// - Throws: ``CommandValidationError`` with every violation.
    @inlinable
    public static func checkConstraints<C: AggregateCommand>(of command: C) throws {
        var violations = command.validate()
        if command.aggregateID.isEmptyStreamID, !violations.contains(where: { $0.field == C.aggregateIDField }) {
            var refusal: [ConstraintViolation] = []
            Constraints.minLength("", 1, field: C.aggregateIDField, into: &refusal)
            violations = refusal + violations
        }
        guard violations.isEmpty else { throw CommandValidationError(command: C.commandName, violations: violations) }
    }

    /// Why a command may not act on its stream at `version` (0: no stream): a creating command needs a new
    /// stream, any other an existing one; `nil` when it may.
    @inlinable
    public static func streamRefusal(creates: Bool, stream: StreamID, version: Int64) -> CommandError? {
        if creates, version > 0 { return .streamAlreadyExists(stream) }
        if !creates, version == 0 { return .streamNotFound(stream) }
        return nil
    }

    /// ``streamRefusal(creates:stream:version:)`` for a command, thrown.
    @inlinable
    public static func checkStream<C: AggregateCommand>(of command: C, version: Int64) throws {
        if let refusal = streamRefusal(creates: C.createsStream, stream: command.streamID, version: version) {
            throw refusal
        }
    }

    /// The aggregate's rules decide the command on `state`: the events and the state after them, as the
    /// processor has them (``AggregateCommand/decide(with:changing:context:)``: folded by `evolve` for an
    /// event-sourced aggregate, changed by `decide` itself for a state-stored one). `decide`'s errors pass
    /// through.
    @inlinable
    public static func decide<C: AggregateCommand>(
        _ command: C, with aggregate: C.Aggregate, state: C.Aggregate.State, context: DecisionContext
    ) throws -> (events: [C.Aggregate.Event], state: C.Aggregate.State) {
        var changed = state
        let events = try command.decide(with: aggregate, changing: &changed, context: context).map(\.event)
        return (events, changed)
    }

    /// `state` with `events` folded into it by the aggregate's `evolve`.
    @inlinable
    public static func evolve<A: AggregateDefinition>(_ state: A.State, with events: [A.Event], by aggregate: A)
        -> A.State
    {
        var state = state
        for event in events { aggregate.evolve(&state, with: event) }
        return state
    }
}
