import CQRS
import Foundation

/// Why an account refuses a command.
enum AccountError: Error, Equatable, CustomStringConvertible {
    /// The account is closed: no money moves in or out, and it cannot be closed again.
    case closed
    /// The balance does not cover the amount.
    case insufficientFunds(balanceCents: Int64, amountCents: Int64)

    var description: String {
        switch self {
        case .closed: "the account is closed"
        case .insufficientFunds(let balance, let amount):
            "the balance of \(balance) cents does not cover \(amount) cents"
        }
    }
}

/// The business rules of an account: its balance never goes below zero, and a closed account takes no
/// money. A refund is always accepted: it gives back money a failed transfer took.
struct AccountRules: Bank.Account.Handler {
    func decide(_ command: Bank.OpenAccount, state: Bank.Account.State) throws -> [Bank.OpenAccount.Emits] {
        [.accountOpened(.init(owner: command.owner, initialDepositCents: command.initialDepositCents))]
    }

    func decide(_ command: Bank.CloseAccount, state: Bank.Account.State) throws -> [Bank.CloseAccount.Emits] {
        guard !state.closed else { throw AccountError.closed }
        return [.accountClosed(.init())]
    }

    func decide(_ command: Bank.DebitForTransfer, state: Bank.Account.State) throws
        -> [Bank.DebitForTransfer.Emits]
    {
        guard !state.closed else { throw AccountError.closed }
        guard state.balanceCents >= command.amountCents else {
            throw AccountError.insufficientFunds(balanceCents: state.balanceCents, amountCents: command.amountCents)
        }
        return [
            .debitedForTransfer(
                .init(
                    transferId: command.transferId, amountCents: command.amountCents,
                    balanceAfter: state.balanceCents - command.amountCents))
        ]
    }

    func decide(_ command: Bank.CreditForTransfer, state: Bank.Account.State) throws
        -> [Bank.CreditForTransfer.Emits]
    {
        guard !state.closed else { throw AccountError.closed }
        return [
            .creditedForTransfer(
                .init(
                    transferId: command.transferId, amountCents: command.amountCents,
                    balanceAfter: state.balanceCents + command.amountCents))
        ]
    }

    func decide(_ command: Bank.RefundTransfer, state: Bank.Account.State) throws
        -> [Bank.RefundTransfer.Emits]
    {
        [
            .transferRefunded(
                .init(
                    transferId: command.transferId, amountCents: command.amountCents,
                    balanceAfter: state.balanceCents + command.amountCents))
        ]
    }

    func evolve(_ state: inout Bank.Account.State, with event: Bank.Account.Event) {
        switch event {
        case .accountOpened(let opened):
            state.opened = true
            state.balanceCents = opened.initialDepositCents
        case .accountClosed: state.closed = true
        case .debitedForTransfer(let debited): state.balanceCents = debited.balanceAfter
        case .creditedForTransfer(let credited): state.balanceCents = credited.balanceAfter
        case .transferRefunded(let refunded): state.balanceCents = refunded.balanceAfter
        }
    }
}
