import BankDomain
import CQRS
import CQRSWebhooks
import Foundation

// The bank, end to end: open accounts, request transfers, and let the workflow's reactions debit, credit,
// compensate and complete them; then print the read models. `bank work` runs the projections and
// reactions until stopped: a worker beside other processes that send commands.

var arguments = Array(CommandLine.arguments.dropFirst())
let working = arguments.first == "work"
if working { arguments.removeFirst() }
let stores: BankStores
do {
    stores = try await BankStores.open(arguments: arguments)
} catch let error as BankStores.UsageError {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}

var reactions: [any CQRS.EventReaction] = []
if let webhook = stores.webhook {
    // Transfers of at least the threshold go out as they complete: the log is the outbox.
    reactions.append(
        WebhookPublisher(
            WebhookConfiguration(
                name: "LargeTransfers",
                endpoints: [webhook.url],
                eventTypes: [Bank.Transfer.TransferCompleted.eventType],
                secret: Array(webhook.secret.utf8),
                filter: { event in
                    let completed: Bank.Transfer.TransferCompleted? = try? event.decode()
                    return (completed?.amountCents ?? 0) >= webhook.threshold
                }
            )))
}
let bank = try Bank.Application(eventStore: stores.events, readStore: stores.readModels, reactions: reactions)

if working {
    // Written at once (print buffers when the output is a file): whoever started the worker sees it start.
    FileHandle.standardOutput.write(
        Data("bank worker: running the projections and reactions on \(stores.description)\n".utf8))
    try await bank.run()
    await stores.close()
    exit(0)
}

print("Store: \(stores.description)")
try await bank.withProjectionsRunning {
    // A kept database already has the accounts (the read models caught up first tell).
    try await bank.waitUntilCaughtUp()
    let accounts: [(id: String, owner: String, depositCents: Int64)] = [
        ("ada", "Ada", 100_00), ("bob", "Bob", 50_00), ("cyd", "Cyd", 0),
    ]
    for account in accounts where try await bank.ask(Bank.GetBalance(accountId: account.id)) == nil {
        try await bank.send(
            Bank.OpenAccount(accountId: account.id, owner: account.owner, initialDepositCents: account.depositCents))
        // Cyd's account is closed at once: a transfer to it is refused, and its debit refunded.
        if account.id == "cyd" { try await bank.send(Bank.CloseAccount(accountId: "cyd")) }
    }
    let transfers = [
        Bank.RequestTransfer(fromAccount: "ada", toAccount: "bob", amountCents: 25_00),  // completes
        Bank.RequestTransfer(fromAccount: "bob", toAccount: "ada", amountCents: 500_00),  // debit refused
        Bank.RequestTransfer(fromAccount: "ada", toAccount: "cyd", amountCents: 10_00),  // credit refused: refunded
        Bank.RequestTransfer(fromAccount: "ada", toAccount: "bob", amountCents: 60_00),  // a large one
    ]
    for transfer in transfers { try await bank.send(transfer) }
    // The workflow runs in the reactions: wait until it (and the read models) settled.
    try await bank.engine.waitUntilSettled(timeout: .seconds(30))

    print("\nTransfers (GetTransfer):")
    for transfer in transfers {
        guard let row = try await bank.ask(Bank.GetTransfer(transferId: transfer.transferId)) else { continue }
        let reason = row.reason.isEmpty ? "" : "  (\(row.reason))"
        print("  \(row.fromAccount) → \(row.toAccount)  \(cents(row.amountCents).leftPadded(9))  \(row.step)\(reason)")
    }
    print("\nBalances (GetBalance):")
    for account in ["ada", "bob", "cyd"] {
        if let row = try await bank.ask(Bank.GetBalance(accountId: account)) {
            print("  \(row.accountId)  \(cents(row.balanceCents).leftPadded(9))\(row.closed ? "  closed" : "")")
        }
    }
    print("\nStatement of ada (GetStatement):")
    for line in try await bank.ask(Bank.GetStatement(accountId: "ada")).rows {
        print("  \(cents(line.amountCents).leftPadded(9))  balance \(cents(line.balanceAfter).leftPadded(9))")
    }
}
await stores.close()

/// Cents as an amount: `2500` → `25.00`.
func cents(_ value: Int64) -> String {
    let sign = value < 0 ? "-" : ""
    let magnitude = value.magnitude
    return "\(sign)\(magnitude / 100).\(String(format: "%02d", magnitude % 100))"
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
