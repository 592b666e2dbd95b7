/// Why a subscription or an invoice refuses a command.
public enum BillingError: Error, Equatable, Sendable {
    /// The subscription was cancelled: it takes no more changes.
    case subscriptionCancelled
    /// The invoice is not open: it was paid or voided.
    case invoiceNotOpen(Billing.InvoiceStatus)
    /// A payment of another amount than the invoice's.
    case wrongAmount(expectedCents: Int64)
}
