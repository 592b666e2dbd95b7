import CQRS
import Foundation

/// The compensation of `DebitPayer`: a refused debit (the payer's balance does not cover the amount, or
/// the account is closed or unknown) fails the transfer, naming why.
struct DebitPayerSteps: Bank.DebitPayer.Handler {
    func rejected(
        _ command: Bank.DebitPayer.Command?, because refusal: CQRS.CommandRefusal, reactingTo event: CQRS.RecordedEvent
    ) async throws -> [Bank.DebitPayer.Command] {
        guard case .debitForTransfer(let debit) = command else { return [] }
        return [.failTransfer(.init(transferId: debit.transferId, reason: "debit refused: \(refusal.error)"))]
    }
}

/// The compensation of `CreditPayee`: a refused credit (the payee's account is closed or unknown) gives
/// the payer their money back and fails the transfer.
struct CreditPayeeSteps: Bank.CreditPayee.Handler {
    func rejected(
        _ command: Bank.CreditPayee.Command?, because refusal: CQRS.CommandRefusal, reactingTo event: CQRS.RecordedEvent
    ) async throws -> [Bank.CreditPayee.Command] {
        guard case .creditForTransfer(let credit) = command else { return [] }
        let debited: Bank.Transfer.TransferDebited = try event.decode()
        return [
            .refundTransfer(
                .init(accountId: debited.fromAccount, transferId: credit.transferId, amountCents: credit.amountCents)),
            .failTransfer(.init(transferId: credit.transferId, reason: "credit refused: \(refusal.error)")),
        ]
    }
}

/// The statement's debit lines: the amount is booked negative.
struct StatementProjection: Bank.Statement.Handler {
    func on(
        _ event: Bank.Account.DebitedForTransfer, _ context: CQRS.EventContext<Bank.Account.ID>,
        rows: CQRS.ProjectionRows<Bank.Statement>
    ) async throws {
        try await rows.insert(
            Bank.Statement(
                accountId: context.streamID, position: context.position, transferId: event.transferId,
                amountCents: -event.amountCents, balanceAfter: event.balanceAfter, bookedAt: context.recordedAt))
    }
}

extension Bank.Application {
    /// The bank with its rules, over the stores; `reactions` run beside the workflow's (a webhook
    /// publisher, say).
    init(
        eventStore: any CQRS.EventStore, readStore: any CQRS.ReadStore, reactions: [any CQRS.EventReaction] = [],
        configuration: CQRS.EngineConfiguration = .init()
    ) throws {
        try self.init(
            eventStore: eventStore, readStore: readStore, account: AccountRules(), transfer: TransferRules(),
            statement: StatementProjection(), debitPayer: DebitPayerSteps(), creditPayee: CreditPayeeSteps(),
            reactions: reactions, configuration: configuration)
    }
}
