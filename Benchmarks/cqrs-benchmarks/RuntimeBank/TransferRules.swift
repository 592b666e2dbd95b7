import CQRS
import Foundation

/// Why a transfer refuses to be requested.
enum TransferError: Error, Equatable, CustomStringConvertible {
    /// The payer and the payee are the same account.
    case sameAccount

    var description: String {
        switch self {
        case .sameAccount: "a transfer needs two different accounts"
        }
    }
}

/// A transfer's rules: it is the workflow's state. Its step only moves forward (requested → debited →
/// completed, or → failed), and a command for a step it has passed decides nothing, so the reactions that
/// drive it may be redelivered safely.
struct TransferRules: Bank.Transfer.Handler {
    func decide(_ command: Bank.RequestTransfer, state: Bank.Transfer.State) throws
        -> [Bank.RequestTransfer.Emits]
    {
        guard command.fromAccount != command.toAccount else { throw TransferError.sameAccount }
        return [
            .transferRequested(
                .init(fromAccount: command.fromAccount, toAccount: command.toAccount, amountCents: command.amountCents))
        ]
    }

    func decide(_ command: Bank.RecordDebit, state: Bank.Transfer.State) throws -> [Bank.RecordDebit.Emits] {
        guard state.step == .requested else { return [] }
        return [
            .transferDebited(
                .init(fromAccount: state.fromAccount, toAccount: state.toAccount, amountCents: state.amountCents))
        ]
    }

    func decide(_ command: Bank.CompleteTransfer, state: Bank.Transfer.State) throws
        -> [Bank.CompleteTransfer.Emits]
    {
        guard state.step == .debited else { return [] }
        return [
            .transferCompleted(
                .init(fromAccount: state.fromAccount, toAccount: state.toAccount, amountCents: state.amountCents))
        ]
    }

    func decide(_ command: Bank.FailTransfer, state: Bank.Transfer.State) throws -> [Bank.FailTransfer.Emits] {
        guard state.step == .requested || state.step == .debited else { return [] }
        return [.transferFailed(.init(reason: command.reason))]
    }

    func evolve(_ state: inout Bank.Transfer.State, with event: Bank.Transfer.Event) {
        switch event {
        case .transferRequested(let requested):
            state.step = .requested
            state.fromAccount = requested.fromAccount
            state.toAccount = requested.toAccount
            state.amountCents = requested.amountCents
        case .transferDebited: state.step = .debited
        case .transferCompleted: state.step = .completed
        case .transferFailed: state.step = .failed
        }
    }
}
