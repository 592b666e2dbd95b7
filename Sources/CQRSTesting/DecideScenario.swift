import CQRS
import Foundation

/// Given-when-then for an aggregate's decisions, without a store: fold the given events into a state,
/// decide, and compare the events (or the error), and the state after them.
///
/// ``when(_:now:commandID:)`` takes the command itself through the rules `Application.send` applies
/// (`CQRS.CommandRules`): its constraints, the stream's existence (the history is the stream), your
/// `decide` with a `CQRS.DecisionContext`, and your `evolve`:
///
/// ```swift
/// try DecideScenario(Shop.Order.Definition(OrderRules()))
///     .given(.orderPlaced(placed))
///     .when(Shop.PayOrder(orderId: id, amountUSD: 12))
///     .then(.orderPaid(.init(amountUSD: 12)))
/// ```
///
/// A state-stored aggregate (`storage: state`) has no events to fold: start it from a stored state with
/// ``given(state:version:)``, and `thenState` sees the state its `decide` changed.
public struct DecideScenario<A: AggregateDefinition>: Sendable {
    /// The aggregate definition whose `evolve` folds the events.
    public let definition: A
    /// The stored state the scenario starts from and its version (``given(state:version:)``), if any.
    public private(set) var stored: VersionedState<A.State>?
    /// The events that happened before, in order (after ``stored``).
    public private(set) var history: [A.Event] = []

    /// Starts a scenario with no history.
    public init(_ definition: A) {
        self.definition = definition
    }

    /// Adds events to the history.
    public func given(_ events: A.Event...) -> DecideScenario {
        var copy = self
        copy.history.append(contentsOf: events)
        return copy
    }

    /// Starts from a stored state at `version` (1 by default: the stream exists), as a state-stored
    /// aggregate's row holds it.
    ///
    /// ```swift
    /// try DecideScenario(Billing.Subscription.Definition(SubscriptionRules()))
    ///     .given(state: .init(customer: "Acme", plan: .team, seats: 5))
    ///     .when(Billing.ChangeSeats(subscriptionId: "acme", seats: 8))
    ///     .thenState { $0.seats == 8 }
    /// ```
    public func given(state: A.State, version: Int64 = 1) -> DecideScenario {
        var copy = self
        copy.stored = VersionedState(stream: StreamID(category: A.category, id: ""), version: version, state: state)
        return copy
    }

    /// The state the history folds into (from the stored state, if given).
    public var state: A.State {
        var state = stored?.state ?? A.initialState()
        for event in history { definition.evolve(&state, with: event) }
        return state
    }

    /// The stream's version: the stored state's, plus the history's events.
    var version: Int64 { (stored?.version ?? 0) + Int64(history.count) }

    /// Sends `command` as `Application.send` would, to the stream the history is: its constraints
    /// (`CQRS.CommandValidationError`), the stream's existence (`CQRS.CommandError`: a creating command
    /// needs an empty history, any other a history), then `decide` on the history's state at `now`, and
    /// `evolve` with the events. The outcome is checked with `then`, `thenState` or `thenThrows`.
    public func when<C: AggregateCommand>(_ command: C, now: Date = Date(), commandID: UUID = UUID())
        -> DecideOutcome<A> where C.Aggregate == A
    {
        do {
            try CommandRules.checkConstraints(of: command)
            let version = self.version
            try CommandRules.checkStream(of: command, version: version)
            let context = DecisionContext(stream: command.streamID, version: version, commandID: commandID, now: now)
            let (events, state) = try CommandRules.decide(command, with: definition, state: state, context: context)
            return DecideOutcome(result: .success(events), state: state)
        } catch {
            return DecideOutcome(result: .failure(error))
        }
    }

    /// Decides on the history's state with `decide` alone (no constraints, no stream checks); the outcome is
    /// checked with `then`, `thenState` or `thenThrows`.
    public func when<E: EmittedEvent>(
        _ decide: (A.State) throws -> [E]
    ) -> DecideOutcome<A> where E.AggregateEvent == A.Event {
        do {
            let events = try decide(state).map(\.event)
            return DecideOutcome(
                result: .success(events), state: CommandRules.evolve(state, with: events, by: definition))
        } catch {
            return DecideOutcome(result: .failure(error))
        }
    }
}

/// The outcome of ``DecideScenario/when(_:now:commandID:)``: the events decided and the state after them,
/// or the error thrown.
public struct DecideOutcome<A: AggregateDefinition>: Sendable {
    /// The decided events or the error.
    public let result: Result<[A.Event], any Error>
    /// The state with the decided events folded in; `nil` when deciding threw.
    public let state: A.State?

    init(result: Result<[A.Event], any Error>, state: A.State? = nil) {
        self.result = result
        self.state = state
    }

    /// Checks the state after the decided events (and returns the outcome, to chain `then`).
    @discardableResult
    public func thenState(_ check: (A.State) throws -> Bool) throws -> DecideOutcome {
        guard let state else {
            throw ScenarioFailure(check: "state after the events", expected: "events", actual: "\(result)")
        }
        guard try check(state) else {
            throw ScenarioFailure(
                check: "state after the events", expected: "a state the check accepts", actual: "\(state)")
        }
        return self
    }

    /// Checks that exactly these events were decided, in this order (and returns the outcome, to chain
    /// `thenState`).
    @discardableResult
    public func then(_ expected: A.Event...) throws -> DecideOutcome where A.Event: Equatable {
        switch result {
        case .success(let events) where events == expected:
            return self
        case .success(let events):
            throw ScenarioFailure(check: "decided events", expected: "\(expected)", actual: "\(events)")
        case .failure(let error):
            throw ScenarioFailure(check: "decided events", expected: "\(expected)", actual: "thrown \(error)")
        }
    }

    /// Checks that deciding threw an error that `check` accepts.
    public func thenThrows(_ check: (any Error) -> Bool) throws {
        switch result {
        case .success(let events):
            throw ScenarioFailure(check: "decide throws", expected: "an error", actual: "events \(events)")
        case .failure(let error) where check(error):
            return
        case .failure(let error):
            throw ScenarioFailure(check: "decide throws", expected: "an accepted error", actual: "thrown \(error)")
        }
    }

    /// Checks that deciding threw this error.
    public func thenThrows<Failure: Error & Equatable>(_ expected: Failure) throws {
        switch result {
        case .success(let events):
            throw ScenarioFailure(check: "decide throws", expected: "\(expected)", actual: "events \(events)")
        case .failure(let error as Failure) where error == expected:
            return
        case .failure(let error):
            throw ScenarioFailure(check: "decide throws", expected: "\(expected)", actual: "thrown \(error)")
        }
    }

    /// Checks that deciding threw an error of this type.
    public func thenThrows<Failure: Error>(_ type: Failure.Type) throws {
        try thenThrows { $0 is Failure }
    }
}
