import BillingDomain
import CQRS
import Foundation

// Billing, end to end: a subscription kept as a row and invoices kept as events. Each command's
// confirmation is read from the write side (the state the command returned, or `state(of:in:)`), before
// any projection has caught up; then the read models, which the events of both feed.

let stores: BillingStores
do {
    stores = try BillingStores.open(arguments: Array(CommandLine.arguments.dropFirst()))
} catch let error as BillingStores.UsageError {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
let billing = try Billing.Application(
    eventStore: stores.events, readStore: stores.readModels, subscription: SubscriptionRules(),
    invoice: InvoiceRules())

print("Store: \(stores.description)")
// A kept database may have the demo's subscription already: a new one each run.
let subscriptionID = "acme-\(try await stores.events.countEvents(after: 0, atMost: 1_000_000) + 1)"

// The confirmation page right after a command: the state the command left, from the write side.
let subscribed = try await billing.sendReturningState(
    Billing.Subscribe(subscriptionId: subscriptionID, customer: "Acme", plan: .team, seats: 5))
print(
    "Subscribed \(subscriptionID): \(subscribed.state.plan), \(subscribed.state.seats) seats (version \(subscribed.receipt.version))"
)
try await billing.send(Billing.ChangeSeats(subscriptionId: subscriptionID, seats: 8))
let current = try await billing.state(of: subscriptionID, in: Billing.Subscription.self)
print("Now: \(current?.state.seats ?? 0) seats, \(current?.state.status ?? .active) (version \(current?.version ?? 0))")

// Invoices are event-sourced: their history can be read as it was.
let seats = current?.state.seats ?? 0
let first = Billing.IssueInvoice(
    subscriptionId: subscriptionID, amountCents: monthlyPriceCents(of: .team, seats: seats))
try await billing.send(first)
try await billing.send(Billing.PayInvoice(invoiceId: first.invoiceId, amountCents: first.amountCents))
let second = Billing.IssueInvoice(subscriptionId: subscriptionID, amountCents: 4_00)
try await billing.send(second)
try await billing.send(Billing.VoidInvoice(invoiceId: second.invoiceId))
let asIssued = try await billing.state(of: first.invoiceId, in: Billing.Invoice.self, asOf: .version(1))
let paid = try await billing.state(of: first.invoiceId, in: Billing.Invoice.self)
print(
    "Invoice \(first.amountCents) cents: \(asIssued?.state.status ?? .void) at version 1, \(paid?.state.status ?? .void) now"
)
do {
    try await billing.send(Billing.CancelSubscription(subscriptionId: subscriptionID))
    try await billing.send(Billing.ChangeSeats(subscriptionId: subscriptionID, seats: 9))
} catch let error as BillingError {
    print("Refused after cancelling: \(error)")
}

// The read models, from the events of both aggregates.
try await billing.withProjectionsRunning {
    try await billing.waitUntilCaughtUp()
    if let row = try await billing.ask(Billing.GetSubscription(subscriptionId: subscriptionID)) {
        print("Subscriptions: \(row.customer), \(row.plan), \(row.seats) seats, \(row.status)")
    }
    if let owed = try await billing.ask(Billing.GetReceivables(subscriptionId: subscriptionID)) {
        print("Receivables: invoiced \(owed.invoicedCents), paid \(owed.paidCents), open invoices \(owed.openInvoices)")
    }
}
await stores.shutdown()
