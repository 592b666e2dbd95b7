import BankDomain
import CQRS
import CQRSTesting
import Foundation
import Testing

/// The workflow's reactions: given events, then these commands are sent; given a refusal, then these
/// compensations.
@Suite("Workflow reactions")
struct WorkflowReactionTests {
    let account = Bank.Account.Definition(AccountRules())
    let transfer = Bank.Transfer.Definition(TransferRules())
    let transferId = UUID()

    @Test("A requested transfer debits its payer")
    func requestDebits() async throws {
        try await ReactionScenario(
            Bank.DebitPayer.Reaction(DebitPayerSteps(), accountDefinition: account, transferDefinition: transfer)
        )
        .given(
            Bank.Transfer.Definition.self, id: transferId,
            .transferRequested(.init(fromAccount: "ada", toAccount: "bob", amountCents: 250))
        )
        .thenSends([.debitForTransfer(.init(accountId: "ada", transferId: transferId, amountCents: 250))])
    }

    @Test("A refused debit fails the transfer, saying why")
    func refusedDebitFails() async throws {
        let debit = Bank.DebitPayer.Command.debitForTransfer(
            .init(accountId: "ada", transferId: transferId, amountCents: 250))
        try await ReactionScenario(
            Bank.DebitPayer.Reaction(DebitPayerSteps(), accountDefinition: account, transferDefinition: transfer)
        )
        .given(
            Bank.Transfer.Definition.self, id: transferId,
            .transferRequested(.init(fromAccount: "ada", toAccount: "bob", amountCents: 250))
        )
        .whenRefused(
            debit, because: AccountError.closed,
            thenSends: [
                .failTransfer(.init(transferId: transferId, reason: "debit refused: the account is closed"))
            ])
    }

    @Test("A refused credit refunds the payer, then fails the transfer")
    func refusedCreditCompensates() async throws {
        let credit = Bank.CreditPayee.Command.creditForTransfer(
            .init(accountId: "bob", transferId: transferId, amountCents: 250))
        try await ReactionScenario(
            Bank.CreditPayee.Reaction(CreditPayeeSteps(), accountDefinition: account, transferDefinition: transfer)
        )
        .given(
            Bank.Transfer.Definition.self, id: transferId,
            .transferRequested(.init(fromAccount: "ada", toAccount: "bob", amountCents: 250)),
            .transferDebited(.init(fromAccount: "ada", toAccount: "bob", amountCents: 250))
        )
        .whenRefused(
            credit, because: AccountError.closed,
            thenSends: [
                .refundTransfer(.init(accountId: "ada", transferId: transferId, amountCents: 250)),
                .failTransfer(.init(transferId: transferId, reason: "credit refused: the account is closed")),
            ])
    }

    @Test("A payee's credit completes its transfer; other accounts' events send nothing")
    func creditCompletes() async throws {
        try await ReactionScenario(Bank.CompleteOnCredit.Reaction(transferDefinition: transfer))
            .given(
                Bank.Account.Definition.self, id: "bob",
                .accountOpened(.init(owner: "Bob", initialDepositCents: 0)),
                .creditedForTransfer(.init(transferId: transferId, amountCents: 250, balanceAfter: 250))
            )
            .thenSends([.completeTransfer(.init(transferId: transferId))])
    }
}
