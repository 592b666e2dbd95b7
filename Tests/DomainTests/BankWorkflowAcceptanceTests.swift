import CQRS
import CQRSTestSupport
import Foundation
import Synchronization
import Testing

/// The bank's transfers, a workflow of reactions, on every store: completed, failed and compensated
/// transfers; a burst with concurrent writers that conserves money; redelivery that changes nothing; a
/// reaction that fails alone; `from: now`; correlation along the chain.
@Suite("Bank workflow: acceptance", .timeLimit(.minutes(2)))
struct BankWorkflowAcceptanceTests {
    static let fastRetries = EngineConfiguration(
        reactions: ReactionConfiguration(
            maxAttempts: 3, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(20)))

    func bank(
        _ stores: (events: any EventStore, rows: any ReadStore), reactions: [any EventReaction] = []
    ) throws -> Bank.Application {
        try Bank.Application(
            eventStore: stores.events, readStore: stores.rows, reactions: reactions, configuration: Self.fastRetries)
    }

    func balance(_ bank: Bank.Application, _ account: String) async throws -> Int64? {
        try await bank.ask(Bank.GetBalance(accountId: account))?.balanceCents
    }

    @Test("A transfer debits the payer, credits the payee and completes", arguments: StoreKind.tested)
    func transferCompletes(kind: StoreKind) async throws {
        let bank = try bank(try await kind.makeSharedStores())
        try await bank.withProjectionsRunning {
            try await bank.send(Bank.OpenAccount(accountId: "ada", owner: "Ada", initialDepositCents: 10_000))
            try await bank.send(Bank.OpenAccount(accountId: "bob", owner: "Bob"))
            let transfer = Bank.RequestTransfer(fromAccount: "ada", toAccount: "bob", amountCents: 2_500)
            try await bank.send(transfer)
            try await bank.engine.waitUntilSettled(timeout: .seconds(20))
            #expect(try await bank.ask(Bank.GetTransfer(transferId: transfer.transferId))?.step == .completed)
            #expect(try await balance(bank, "ada") == 7_500)
            #expect(try await balance(bank, "bob") == 2_500)
            let statement = try await bank.ask(Bank.GetStatement(accountId: "ada"))
            #expect(statement.rows.map(\.amountCents) == [-2_500])
            for reaction in ["DebitPayer", "MarkDebited", "CreditPayee", "CompleteOnCredit"] {
                #expect(try bank.engine.status(ofReaction: reaction) == .live)
            }
        }
    }

    @Test("A debit the balance does not cover fails the transfer, and no money moves", arguments: StoreKind.tested)
    func refusedDebitFails(kind: StoreKind) async throws {
        let bank = try bank(try await kind.makeSharedStores())
        try await bank.withProjectionsRunning {
            try await bank.send(Bank.OpenAccount(accountId: "ada", owner: "Ada", initialDepositCents: 100))
            try await bank.send(Bank.OpenAccount(accountId: "bob", owner: "Bob"))
            let transfer = Bank.RequestTransfer(fromAccount: "ada", toAccount: "bob", amountCents: 500)
            try await bank.send(transfer)
            try await bank.engine.waitUntilSettled(timeout: .seconds(20))
            let row = try await bank.ask(Bank.GetTransfer(transferId: transfer.transferId))
            #expect(row?.step == .failed)
            #expect(row?.reason == "debit refused: the balance of 100 cents does not cover 500 cents")
            #expect(try await balance(bank, "ada") == 100)
            #expect(try await balance(bank, "bob") == 0)
        }
    }

    @Test("A credit the payee refuses refunds the payer and fails the transfer", arguments: StoreKind.tested)
    func refusedCreditCompensates(kind: StoreKind) async throws {
        let bank = try bank(try await kind.makeSharedStores())
        try await bank.withProjectionsRunning {
            try await bank.send(Bank.OpenAccount(accountId: "ada", owner: "Ada", initialDepositCents: 1_000))
            try await bank.send(Bank.OpenAccount(accountId: "bob", owner: "Bob"))
            try await bank.send(Bank.CloseAccount(accountId: "bob"))
            let toClosed = Bank.RequestTransfer(fromAccount: "ada", toAccount: "bob", amountCents: 400)
            let toNobody = Bank.RequestTransfer(fromAccount: "ada", toAccount: "nobody", amountCents: 300)
            try await bank.send(toClosed)
            try await bank.send(toNobody)
            try await bank.engine.waitUntilSettled(timeout: .seconds(20))
            let closed = try await bank.ask(Bank.GetTransfer(transferId: toClosed.transferId))
            #expect(closed?.step == .failed && closed?.reason == "credit refused: the account is closed")
            #expect(try await bank.ask(Bank.GetTransfer(transferId: toNobody.transferId))?.step == .failed)
            #expect(try await balance(bank, "ada") == 1_000)
            let statement = try await bank.ask(Bank.GetStatement(accountId: "ada"))
            #expect(statement.rows.map(\.amountCents).sorted() == [-400, -300, 300, 400])
        }
    }

    @Test(
        "A burst of transfers from concurrent writers conserves money and ends every transfer",
        arguments: StoreKind.tested)
    func burstConservesMoney(kind: StoreKind) async throws {
        let stores = try await kind.makeSharedStores()
        let bank = try bank(stores)
        let accounts = (1...5).map { "acct-\($0)" }
        try await bank.withProjectionsRunning {
            for account in accounts {
                try await bank.send(Bank.OpenAccount(accountId: account, owner: account, initialDepositCents: 1_000))
            }
            try await bank.send(Bank.CloseAccount(accountId: "acct-5"))
            // Four writers, 15 transfers each, some more than a payer has, some to the closed account.
            let ids = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        var ids: [UUID] = []
                        for index in 0..<15 {
                            let from = accounts[(writer + index) % 4]
                            let to = accounts[(writer + 2 * index + 1) % 5]
                            guard from != to else { continue }
                            let transfer = Bank.RequestTransfer(
                                fromAccount: from, toAccount: to, amountCents: Int64(50 + 97 * index % 700))
                            try await bank.send(transfer)
                            ids.append(transfer.transferId)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            try await bank.engine.waitUntilSettled(timeout: .seconds(60))
            var total: Int64 = 0
            for account in accounts { total += try await balance(bank, account) ?? 0 }
            #expect(total == 5_000)
            for id in ids {
                let step = try await bank.ask(Bank.GetTransfer(transferId: id))?.step
                #expect(step == .completed || step == .failed, "transfer \(id) ended \(String(describing: step))")
            }
            try await expectEachTransferMovedMoneyOnce(stores.events)
        }
    }

    /// Replays the log: each transfer debits at most once, credits at most once, refunds only a debit, and
    /// a completed transfer was credited.
    func expectEachTransferMovedMoneyOnce(_ store: any EventStore) async throws {
        var moves: [String: Int] = [:]
        var position: Int64 = 0
        while true {
            let page = try await store.readAll(after: position, limit: 500)
            guard page.lastPosition > position else { break }
            position = page.lastPosition
            for event in page.events {
                switch event.eventType {
                case Bank.Account.DebitedForTransfer.eventType:
                    let debited: Bank.Account.DebitedForTransfer = try event.decode()
                    moves["debit \(debited.transferId)", default: 0] += 1
                case Bank.Account.CreditedForTransfer.eventType:
                    let credited: Bank.Account.CreditedForTransfer = try event.decode()
                    moves["credit \(credited.transferId)", default: 0] += 1
                case Bank.Account.TransferRefunded.eventType:
                    let refunded: Bank.Account.TransferRefunded = try event.decode()
                    moves["refund \(refunded.transferId)", default: 0] += 1
                    #expect(moves["debit \(refunded.transferId)"] == 1)
                default: break
                }
            }
        }
        #expect(moves.values.allSatisfy { $0 == 1 }, "applied twice: \(moves.filter { $0.value > 1 })")
    }

    @Test(
        "Delivering every event again appends nothing: the derived command ids absorb it", arguments: StoreKind.tested)
    func redeliveryChangesNothing(kind: StoreKind) async throws {
        let stores = try await kind.makeSharedStores()
        let first = try bank(stores)
        try await first.withProjectionsRunning {
            try await first.send(Bank.OpenAccount(accountId: "ada", owner: "Ada", initialDepositCents: 1_000))
            try await first.send(Bank.OpenAccount(accountId: "bob", owner: "Bob"))
            for amount in [100, 200, 5_000] as [Int64] {
                try await first.send(Bank.RequestTransfer(fromAccount: "ada", toAccount: "bob", amountCents: amount))
            }
            try await first.engine.waitUntilSettled(timeout: .seconds(20))
        }
        let head = try await stores.events.headPosition()
        // As after a crash before any checkpoint was committed: every reaction starts from the beginning.
        for reaction in ["DebitPayer", "MarkDebited", "CreditPayee", "CompleteOnCredit"] {
            try await stores.rows.reset(ReactionRunner.checkpointModel(of: reaction).name)
        }
        let second = try bank(stores)
        try await second.withProjectionsRunning {
            try await second.engine.waitUntilSettled(timeout: .seconds(20))
            #expect(try await stores.events.headPosition() == head)
            #expect(try await balance(second, "ada") == 700)
            #expect(try await balance(second, "bob") == 300)
            #expect(try second.engine.reactionRunner("DebitPayer").checkpoint >= head)
        }
        try await expectEachTransferMovedMoneyOnce(stores.events)
    }

    @Test(
        "A refused command stays refused when its event comes again, though its target would accept it now",
        arguments: StoreKind.tested)
    func refusalSurvivesRedelivery(kind: StoreKind) async throws {
        let stores = try await kind.makeSharedStores()
        let first = try bank(stores)
        let refused = Bank.RequestTransfer(fromAccount: "ada", toAccount: "bob", amountCents: 500)
        try await first.withProjectionsRunning {
            try await first.send(Bank.OpenAccount(accountId: "ada", owner: "Ada", initialDepositCents: 100))
            try await first.send(Bank.OpenAccount(accountId: "bob", owner: "Bob", initialDepositCents: 1_000))
            try await first.send(refused)
            try await first.engine.waitUntilSettled(timeout: .seconds(20))
            // Now ada could pay it.
            try await first.send(Bank.RequestTransfer(fromAccount: "bob", toAccount: "ada", amountCents: 1_000))
            try await first.engine.waitUntilSettled(timeout: .seconds(20))
        }
        // As after a crash before DebitPayer's checkpoint was committed.
        try await stores.rows.commit(
            [], to: ReactionRunner.checkpointModel(of: "DebitPayer").name,
            expected: try await stores.rows.checkpoint(of: ReactionRunner.checkpointModel(of: "DebitPayer").name),
            checkpoint: 0)
        let second = try bank(stores)
        try await second.withProjectionsRunning {
            try await second.engine.waitUntilSettled(timeout: .seconds(20))
            #expect(try await second.ask(Bank.GetTransfer(transferId: refused.transferId))?.step == .failed)
            #expect(try await balance(second, "ada") == 1_100)
        }
        try await expectEachTransferMovedMoneyOnce(stores.events)
    }

    @Test("A reaction whose handler keeps throwing stops alone; the workflow goes on", arguments: StoreKind.tested)
    func failingReactionStopsAlone(kind: StoreKind) async throws {
        let broken = BrokenReaction()
        let bank = try bank(try await kind.makeSharedStores(), reactions: [broken])
        try await bank.withProjectionsRunning {
            try await bank.send(Bank.OpenAccount(accountId: "ada", owner: "Ada", initialDepositCents: 1_000))
            try await bank.send(Bank.OpenAccount(accountId: "bob", owner: "Bob"))
            let transfer = Bank.RequestTransfer(fromAccount: "ada", toAccount: "bob", amountCents: 10)
            let receipt = try await bank.send(transfer)
            await #expect(throws: ReactionFailure.self) {
                try await bank.engine.waitUntil(
                    reaction: "Broken", hasProcessed: receipt.position, timeout: .seconds(20))
            }
            guard case .failed(let failure) = try bank.engine.status(ofReaction: "Broken") else {
                Issue.record("the broken reaction did not fail")
                return
            }
            #expect(failure.eventType == Bank.Transfer.TransferRequested.eventType)
            #expect(failure.position == receipt.position && failure.attempts == 3)
            #expect(failure.reason == "the other system is down")
            #expect(broken.attempts.withLock { $0 } == 3)
            #expect(try await waitForStep(bank, transfer.transferId, .completed))
            // A resume tries again (and fails again: the handler still throws).
            try bank.engine.reactionRunner("Broken").resume()
            await #expect(throws: ReactionFailure.self) {
                try await bank.engine.waitUntil(
                    reaction: "Broken", hasProcessed: receipt.position, timeout: .seconds(20))
            }
            #expect(broken.attempts.withLock { $0 } == 6)
        }
    }

    /// Waits until the workflow's reactions have moved the transfer to `step` (the engine never settles
    /// while a reaction has failed).
    func waitForStep(_ bank: Bank.Application, _ id: UUID, _ step: Bank.TransferStep) async throws -> Bool {
        for _ in 0..<800 {
            if try await bank.ask(Bank.GetTransfer(transferId: id))?.step == step { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    @Test(
        "A reaction that starts `now` skips the history before its first run, and nothing after it",
        arguments: StoreKind.tested)
    func startingNowSkipsHistory(kind: StoreKind) async throws {
        let stores = try await kind.makeSharedStores()
        let first = try bank(stores)
        try await first.send(Bank.OpenAccount(accountId: "ada", owner: "Ada"))
        try await first.send(Bank.OpenAccount(accountId: "bob", owner: "Bob"))
        let recorder = OpeningRecorder(start: .now)
        let fromBeginning = OpeningRecorder(start: .beginning, name: "AllOpenings")
        let second = try bank(stores, reactions: [recorder, fromBeginning])
        try await second.withProjectionsRunning {
            try await second.engine.waitUntilSettled(timeout: .seconds(20))
            try await second.send(Bank.OpenAccount(accountId: "cyd", owner: "Cyd"))
            try await second.engine.waitUntilSettled(timeout: .seconds(20))
        }
        #expect(recorder.opened.withLock { $0 } == ["cyd"])
        #expect(fromBeginning.opened.withLock { $0 } == ["ada", "bob", "cyd"])
        // Its first run is over: events appended while it is stopped are delivered when it runs again.
        try await second.send(Bank.OpenAccount(accountId: "dan", owner: "Dan"))
        let again = OpeningRecorder(start: .now)
        let third = try bank(stores, reactions: [again])
        try await third.withProjectionsRunning {
            try await third.engine.waitUntilSettled(timeout: .seconds(20))
        }
        #expect(again.opened.withLock { $0 } == ["dan"])
    }

    @Test("Two reactions of one name are refused: they would share a checkpoint and a lease")
    func duplicateReactionNames() async throws {
        #expect(throws: EngineError.duplicateReaction("Broken")) {
            _ = try bank((InMemoryEventStore(), InMemoryReadStore()), reactions: [BrokenReaction(), BrokenReaction()])
        }
    }

    @Test(
        "The spec and the rules here and in the benchmarks are the Bank example's (less `public` and the empty inits)")
    func copiesAreTheExamples() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let example = here.appending(path: "../../Examples/Bank/Sources/BankDomain").standardized
        let spec = try String(contentsOf: here.appending(path: "bank-workflow.cqrs.yaml"), encoding: .utf8)
        #expect(spec == (try String(contentsOf: example.appending(path: "bank.cqrs.yaml"), encoding: .utf8)))
        for file in ["AccountRules.swift", "TransferRules.swift", "TransferSteps.swift"] {
            let copy = try String(contentsOf: here.appending(path: file), encoding: .utf8)
            let original = try String(contentsOf: example.appending(path: file), encoding: .utf8)
            let internalCopy = original.replacingOccurrences(of: "    public init() {}\n\n", with: "")
                .replacingOccurrences(of: "public ", with: "")
            #expect(copy == internalCopy, "\(file) differs")
            // The benchmarks run the same rules (R3).
            let benchmarked = try String(
                contentsOf: here.appending(path: "../../Benchmarks/cqrs-benchmarks/RuntimeBank/\(file)").standardized,
                encoding: .utf8)
            #expect(benchmarked == copy, "Benchmarks/cqrs-benchmarks/RuntimeBank/\(file) differs")
        }
        let benchmarkedSpec = try String(
            contentsOf: here.appending(path: "../../Benchmarks/cqrs-benchmarks/RuntimeBank/bank.cqrs.yaml")
                .standardized,
            encoding: .utf8)
        #expect(benchmarkedSpec.hasSuffix(spec), "the benchmarks' bank.cqrs.yaml is not a copy of the spec")
    }

    @Test("The commands a reaction sends carry the first command's correlation and name the reaction and event")
    func correlationFollowsTheChain() async throws {
        let stores = try await StoreKind.inMemory.makeSharedStores()
        let bank = try bank(stores)
        try await bank.withProjectionsRunning {
            try await bank.send(Bank.OpenAccount(accountId: "ada", owner: "Ada", initialDepositCents: 1_000))
            try await bank.send(Bank.OpenAccount(accountId: "bob", owner: "Bob"))
            let options = CommandOptions()
            try await bank.send(
                Bank.RequestTransfer(fromAccount: "ada", toAccount: "bob", amountCents: 10), options: options)
            try await bank.engine.waitUntilSettled(timeout: .seconds(20))
        }
        let events = try await stores.events.readAll(after: 0, limit: 100).events
        let requested = try #require(events.first { $0.eventType == Bank.Transfer.TransferRequested.eventType })
        let chain = events.filter { $0.correlationID == requested.correlationID }
        #expect(requested.correlationID == requested.causationID)
        #expect(
            chain.map(\.eventType) == [
                Bank.Transfer.TransferRequested.eventType, Bank.Account.DebitedForTransfer.eventType,
                Bank.Transfer.TransferDebited.eventType, Bank.Account.CreditedForTransfer.eventType,
                Bank.Transfer.TransferCompleted.eventType,
            ])
        let debited = chain[1]
        #expect(debited.metadata[ReactionMetadata.reaction] == "DebitPayer")
        #expect(debited.metadata[ReactionMetadata.causingEvent] == requested.eventID.uuidString)
        #expect(
            debited.causationID
                == ReactionCommandID.make(reaction: "DebitPayer", event: requested.eventID, index: 0))
    }
}

/// A call-out whose other system is always down.
final class BrokenReaction: EventReaction, Sendable {
    struct Down: Error, CustomStringConvertible {
        var description: String { "the other system is down" }
    }

    let attempts = Mutex(0)
    var name: String { "Broken" }
    var eventTypes: Set<String> { [Bank.Transfer.TransferRequested.eventType] }
    var start: ReactionStart { .beginning }

    func react(to event: RecordedEvent) async throws -> [NoCommand] {
        attempts.withLock { $0 += 1 }
        throw Down()
    }
}

/// Records the accounts opened, as a call-out would.
final class OpeningRecorder: EventReaction, Sendable {
    let opened = Mutex<[String]>([])
    let start: ReactionStart
    let name: String

    init(start: ReactionStart, name: String = "NewOpenings") {
        self.start = start
        self.name = name
    }

    var eventTypes: Set<String> { [Bank.Account.AccountOpened.eventType] }

    func react(to event: RecordedEvent) async throws -> [NoCommand] {
        opened.withLock { $0.append(event.streamID.id) }
        return []
    }
}
