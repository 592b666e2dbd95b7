import BillingDomain
import CQRS
import CQRSSQLite
import Foundation
import Testing

/// Billing on the in-memory stores and on SQLite: a state-stored subscription and event-sourced invoices.
@Suite("Billing")
struct BillingTests {
    enum Stores: String, CaseIterable {
        case inMemory, sqlite
    }

    func billing(_ stores: Stores) throws -> Billing.Application {
        switch stores {
        case .inMemory:
            return try Billing.Application(
                eventStore: InMemoryEventStore(), readStore: InMemoryReadStore(), subscription: SubscriptionRules(),
                invoice: InvoiceRules())
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("billing-\(UUID()).sqlite").path
            let store = try SQLiteStore(path: path)
            return try Billing.Application(
                eventStore: store, readStore: store, subscription: SubscriptionRules(), invoice: InvoiceRules())
        }
    }

    @Test(
        "The confirmation reads the subscription from the write side, before any projection", arguments: Stores.allCases
    )
    func confirmation(stores: Stores) async throws {
        let billing = try billing(stores)
        let subscribed = try await billing.sendReturningState(
            Billing.Subscribe(subscriptionId: "acme", customer: "Acme", plan: .team, seats: 5))
        #expect(subscribed.receipt.version == 1)
        #expect(subscribed.state == Billing.Subscription.State(customer: "Acme", plan: .team, seats: 5, changes: 1))
        try await billing.send(Billing.ChangeSeats(subscriptionId: "acme", seats: 8))
        let current = try #require(try await billing.state(of: "acme", in: Billing.Subscription.self))
        #expect(current.version == 2 && current.state.seats == 8)
        // The same seats again changes nothing, and saves nothing.
        let unchanged = try await billing.send(Billing.ChangeSeats(subscriptionId: "acme", seats: 8))
        #expect(unchanged.eventCount == 0 && unchanged.version == 2)
        #expect(try await billing.ask(Billing.GetSubscription(subscriptionId: "acme")) == nil, "no projection ran")
    }

    @Test(
        "A cancelled subscription refuses changes; invalid seats are refused before the rules",
        arguments: Stores.allCases)
    func refusals(stores: Stores) async throws {
        let billing = try billing(stores)
        try await billing.send(Billing.Subscribe(subscriptionId: "acme", customer: "Acme", plan: .starter, seats: 1))
        await #expect(throws: CommandValidationError.self) {
            try await billing.send(Billing.ChangeSeats(subscriptionId: "acme", seats: 0))
        }
        try await billing.send(Billing.CancelSubscription(subscriptionId: "acme"))
        await #expect(throws: BillingError.subscriptionCancelled) {
            try await billing.send(Billing.ChangeSeats(subscriptionId: "acme", seats: 2))
        }
        #expect(try await billing.state(of: "acme", in: Billing.Subscription.self)?.state.status == .cancelled)
    }

    @Test(
        "Invoices keep their history; the read models follow the events of both aggregates", arguments: Stores.allCases)
    func invoicesAndReadModels(stores: Stores) async throws {
        let billing = try billing(stores)
        try await billing.withProjectionsRunning {
            try await billing.send(Billing.Subscribe(subscriptionId: "acme", customer: "Acme", plan: .team, seats: 5))
            try await billing.send(Billing.ChangeSeats(subscriptionId: "acme", seats: 8))
            let first = Billing.IssueInvoice(
                subscriptionId: "acme", amountCents: monthlyPriceCents(of: .team, seats: 8))
            try await billing.send(first)
            await #expect(throws: BillingError.wrongAmount(expectedCents: 96_00)) {
                try await billing.send(Billing.PayInvoice(invoiceId: first.invoiceId, amountCents: 1))
            }
            try await billing.send(Billing.PayInvoice(invoiceId: first.invoiceId, amountCents: 96_00))
            let second = Billing.IssueInvoice(subscriptionId: "acme", amountCents: 4_00)
            try await billing.send(second)
            let voided = try await billing.send(Billing.VoidInvoice(invoiceId: second.invoiceId))

            let asIssued = try await billing.state(of: first.invoiceId, in: Billing.Invoice.self, asOf: .version(1))
            #expect(asIssued?.state.status == .open)
            #expect(try await billing.state(of: first.invoiceId, in: Billing.Invoice.self)?.state.status == .paid)

            let owed = try await billing.ask(Billing.GetReceivables(subscriptionId: "acme"), after: voided)
            #expect(owed?.invoicedCents == 96_00 && owed?.paidCents == 96_00 && owed?.openInvoices == 0)
            try await billing.waitUntilCaughtUp()
            let row = try await billing.ask(Billing.GetSubscription(subscriptionId: "acme"))
            #expect(row?.seats == 8 && row?.plan == .team && row?.status == .active)
            #expect(try await billing.ask(Billing.CustomerSubscriptions(customer: "Acme")).rows.count == 1)
        }
    }
}
