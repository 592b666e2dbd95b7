import CQRS

/// Given-when-then for an aggregate's decisions, without a store: fold the given events into a state,
/// decide, and compare the events (or the error).
///
/// ```swift
/// try DecideScenario(Shop.Order.Definition(OrderRules()))
///     .given(.orderPlaced(placed))
///     .when { try OrderRules().decide(Shop.PayOrder(orderId: id, amountUSD: 12), state: $0) }
///     .then(.orderPaid(.init(amountUSD: 12)))
/// ```
public struct DecideScenario<A: AggregateDefinition>: Sendable {
    /// The aggregate definition whose `evolve` folds the events.
    public let definition: A
    /// The events that happened before, in order.
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

    /// The state the history folds into.
    public var state: A.State {
        var state = A.initialState()
        for event in history { definition.evolve(&state, with: event) }
        return state
    }

    /// Decides on the history's state; the outcome is checked with `then` or `thenThrows`.
    public func when<E: EmittedEvent>(
        _ decide: (A.State) throws -> [E]
    ) -> DecideOutcome<A> where E.AggregateEvent == A.Event {
        do {
            return DecideOutcome(result: .success(try decide(state).map(\.event)))
        } catch {
            return DecideOutcome(result: .failure(error))
        }
    }
}

/// The outcome of ``DecideScenario/when(_:)``: the events decided, or the error thrown.
public struct DecideOutcome<A: AggregateDefinition>: Sendable {
    /// The decided events or the error.
    public let result: Result<[A.Event], any Error>

    /// Checks that exactly these events were decided, in this order.
    public func then(_ expected: A.Event...) throws where A.Event: Equatable {
        switch result {
        case .success(let events) where events == expected:
            return
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
