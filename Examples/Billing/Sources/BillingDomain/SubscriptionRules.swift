import CQRS

/// A subscription's rules. It keeps its state as a row (`storage: state`), so each command changes the
/// state in place and returns the events to publish for the projections; there is no `evolve`.
public struct SubscriptionRules: Billing.Subscription.Handler {
    /// Creates the rules.
    public init() {}

    public func decide(_ command: Billing.Subscribe, state: inout Billing.Subscription.State) throws
        -> [Billing.Subscribe.Emits]
    {
        state.customer = command.customer
        state.plan = command.plan
        state.seats = command.seats
        state.changes = 1
        return [.subscribed(.init(customer: command.customer, plan: command.plan, seats: command.seats))]
    }

    public func decide(_ command: Billing.ChangeSeats, state: inout Billing.Subscription.State) throws
        -> [Billing.ChangeSeats.Emits]
    {
        guard state.status == .active else { throw BillingError.subscriptionCancelled }
        // The same number of seats changes nothing: no event, so nothing is saved.
        guard command.seats != state.seats else { return [] }
        state.seats = command.seats
        state.changes += 1
        return [.seatsChanged(.init(seats: command.seats))]
    }

    public func decide(_ command: Billing.CancelSubscription, state: inout Billing.Subscription.State) throws
        -> [Billing.CancelSubscription.Emits]
    {
        guard state.status == .active else { throw BillingError.subscriptionCancelled }
        state.status = .cancelled
        state.changes += 1
        return [.subscriptionCancelled(.init())]
    }
}
