import BankDomain
import CQRS
import CQRSTesting
import Foundation
import Testing

/// The accounts' and transfers' rules: given events, when a command, then events or an error.
@Suite("Account and transfer rules")
struct AccountRulesTests {
    let account = Bank.Account.Definition(AccountRules())
    let transferRules = Bank.Transfer.Definition(TransferRules())
    let transferId = UUID()

    @Test("A debit the balance covers takes the amount")
    func debit() throws {
        try DecideScenario(account)
            .given(.accountOpened(.init(owner: "Ada", initialDepositCents: 1_000)))
            .when(Bank.DebitForTransfer(accountId: "ada", transferId: transferId, amountCents: 400))
            .then(.debitedForTransfer(.init(transferId: transferId, amountCents: 400, balanceAfter: 600)))
    }

    @Test("A debit the balance does not cover is refused")
    func debitRefused() throws {
        try DecideScenario(account)
            .given(.accountOpened(.init(owner: "Ada", initialDepositCents: 100)))
            .when(Bank.DebitForTransfer(accountId: "ada", transferId: transferId, amountCents: 400))
            .thenThrows(AccountError.insufficientFunds(balanceCents: 100, amountCents: 400))
    }

    @Test("A closed account takes no credit")
    func creditToClosed() throws {
        try DecideScenario(account)
            .given(.accountOpened(.init(owner: "Bob", initialDepositCents: 0)), .accountClosed(.init()))
            .when(Bank.CreditForTransfer(accountId: "bob", transferId: transferId, amountCents: 10))
            .thenThrows(AccountError.closed)
    }

    @Test("A credit to an account that was never opened is refused: the stream does not exist")
    func creditToNobody() throws {
        try DecideScenario(account)
            .when(Bank.CreditForTransfer(accountId: "nobody", transferId: transferId, amountCents: 10))
            .thenThrows(CommandError.self)
    }

    @Test("A transfer moves on only forward: a second debit record decides nothing")
    func transferStepsForward() throws {
        let requested = Bank.Transfer.TransferRequested(fromAccount: "ada", toAccount: "bob", amountCents: 5)
        try DecideScenario(transferRules)
            .given(.transferRequested(requested))
            .when(Bank.RecordDebit(transferId: transferId))
            .then(.transferDebited(.init(fromAccount: "ada", toAccount: "bob", amountCents: 5)))
        try DecideScenario(transferRules)
            .given(
                .transferRequested(requested),
                .transferDebited(.init(fromAccount: "ada", toAccount: "bob", amountCents: 5))
            )
            .when(Bank.RecordDebit(transferId: transferId))
            .then()
    }
}
