import CQRS

/// An invoice's rules. It is event-sourced: `decide` returns the events, `evolve` folds them into the state.
public struct InvoiceRules: Billing.Invoice.Handler {
    /// Creates the rules.
    public init() {}

    public func decide(_ command: Billing.IssueInvoice, state: Billing.Invoice.State) throws
        -> [Billing.IssueInvoice.Emits]
    {
        [.invoiceIssued(.init(subscriptionId: command.subscriptionId, amountCents: command.amountCents))]
    }

    public func decide(_ command: Billing.PayInvoice, state: Billing.Invoice.State) throws
        -> [Billing.PayInvoice.Emits]
    {
        guard state.status == .open else { throw BillingError.invoiceNotOpen(state.status) }
        guard command.amountCents == state.amountCents else {
            throw BillingError.wrongAmount(expectedCents: state.amountCents)
        }
        return [.invoicePaid(.init(amountCents: command.amountCents))]
    }

    public func decide(_ command: Billing.VoidInvoice, state: Billing.Invoice.State) throws
        -> [Billing.VoidInvoice.Emits]
    {
        guard state.status == .open else { throw BillingError.invoiceNotOpen(state.status) }
        return [.invoiceVoided(.init(amountCents: state.amountCents))]
    }

    public func evolve(_ state: inout Billing.Invoice.State, with event: Billing.Invoice.Event) {
        switch event {
        case .invoiceIssued(let issued):
            state.subscriptionId = issued.subscriptionId
            state.amountCents = issued.amountCents
        case .invoicePaid: state.status = .paid
        case .invoiceVoided: state.status = .void
        }
    }
}

/// What a seat costs a month, in cents, on each plan.
public func monthlyPriceCents(of plan: Billing.Plan, seats: Int) -> Int64 {
    let perSeat: Int64 =
        switch plan {
        case .starter: 8_00
        case .team: 12_00
        case .enterprise: 20_00
        }
    return perSeat * Int64(seats)
}
