import CQRS
import CQRSSQLite
import Foundation

// The code of the article "CQRS without event sourcing" (StateStoredAggregates.md), compiled against the
// code the plugin generates from billing.cqrs.yaml (a copy of the Billing example's spec).

/// Why a subscription refuses a command.
enum SubscriptionError: Error, Equatable {
    case cancelled
}

/// A subscription's rules: each command changes the state in place and returns the events to publish.
struct SubscriptionRules: Billing.Subscription.Handler {
    func decide(_ command: Billing.Subscribe, state: inout Billing.Subscription.State) throws
        -> [Billing.Subscribe.Emits]
    {
        state.customer = command.customer
        state.plan = command.plan
        state.seats = command.seats
        return [.subscribed(.init(customer: command.customer, plan: command.plan, seats: command.seats))]
    }

    func decide(_ command: Billing.ChangeSeats, state: inout Billing.Subscription.State) throws
        -> [Billing.ChangeSeats.Emits]
    {
        guard state.status == .active else { throw SubscriptionError.cancelled }
        guard command.seats != state.seats else { return [] }  // no event: nothing is saved
        state.seats = command.seats
        return [.seatsChanged(.init(seats: command.seats))]
    }

    func decide(_ command: Billing.CancelSubscription, state: inout Billing.Subscription.State) throws
        -> [Billing.CancelSubscription.Emits]
    {
        guard state.status == .active else { throw SubscriptionError.cancelled }
        state.status = .cancelled
        return [.subscriptionCancelled(.init())]
    }
}

/// An invoice's rules, event-sourced as usual.
struct InvoiceRules: Billing.Invoice.Handler {
    func decide(_ command: Billing.IssueInvoice, state: Billing.Invoice.State) throws -> [Billing.IssueInvoice.Emits] {
        [.invoiceIssued(.init(subscriptionId: command.subscriptionId, amountCents: command.amountCents))]
    }

    func decide(_ command: Billing.PayInvoice, state: Billing.Invoice.State) throws -> [Billing.PayInvoice.Emits] {
        [.invoicePaid(.init(amountCents: command.amountCents))]
    }

    func decide(_ command: Billing.VoidInvoice, state: Billing.Invoice.State) throws -> [Billing.VoidInvoice.Emits] {
        [.invoiceVoided(.init(amountCents: state.amountCents))]
    }

    func evolve(_ state: inout Billing.Invoice.State, with event: Billing.Invoice.Event) {
        switch event {
        case .invoiceIssued(let issued): state.amountCents = issued.amountCents
        case .invoicePaid: state.status = .paid
        case .invoiceVoided: state.status = .void
        }
    }
}

/// Subscribes, changes the seats and reads the subscription back from the write side, on one SQLite file.
func subscribeAndConfirm(path: String) async throws -> (
    subscribed: CommandResult<Billing.Subscription.State>, current: VersionedState<Billing.Subscription.State>?
) {
    let store = try SQLiteStore(path: path)  // events and rows in one database
    let billing = try Billing.Application(
        eventStore: store, readStore: store, subscription: SubscriptionRules(), invoice: InvoiceRules())
    let subscribed = try await billing.sendReturningState(
        Billing.Subscribe(subscriptionId: "acme", customer: "Acme", plan: .team, seats: 5))
    try await billing.send(Billing.ChangeSeats(subscriptionId: "acme", seats: 8))
    let current = try await billing.state(of: "acme", in: Billing.Subscription.self)  // version 2, 8 seats
    return (subscribed, current)
}
