import BankDomain
import CQRS
import CQRSPostgres
import CQRSSQLite
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `bank work` process (the projections and the workflow's reactions) is killed with SIGKILL in the
/// middle of a burst of transfers that this process sends; a second worker takes over. Every transfer ends
/// completed or failed, no money is created or lost, and no command was applied twice (checked against a
/// replay of the log). On SQLite, and on PostgreSQL at `CQRS_POSTGRES_URL` (required under CI).
@Suite("A worker killed in a burst of transfers", .serialized, .timeLimit(.minutes(4)))
struct WorkerCrashTests {
    @Test("SQLite")
    func sqlite() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bank-crash-\(UUID()).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try SQLiteStore(path: path)
        try await burstWithACrash(events: store, rows: store, workerArguments: ["--database", path])
    }

    @Test("PostgreSQL")
    func postgres() async throws {
        guard let url = ProcessInfo.processInfo.environment["CQRS_POSTGRES_URL"] else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("CQRS_POSTGRES_URL is not set: run under scripts/with-postgres")
            }
            return
        }
        let schema = "bank_crash_\(UInt32.random(in: 0...UInt32.max))"
        let store = try PostgresStore(configuration: PostgresStoreConfiguration(url: url, schema: schema))
        try store.start()
        defer { Task { await store.shutdown() } }
        try await burstWithACrash(events: store, rows: store, workerArguments: ["--postgres", url, "--schema", schema])
    }

    func burstWithACrash(events: any EventStore, rows: any ReadStore, workerArguments: [String]) async throws {
        // This process sends commands only; the workers run the projections and reactions.
        let bank = try Bank.Application(eventStore: events, readStore: rows)
        let accounts = (1...6).map { "acct-\($0)" }
        for account in accounts {
            try await bank.send(Bank.OpenAccount(accountId: account, owner: account, initialDepositCents: 10_000))
        }
        let first = try Worker(arguments: workerArguments)
        try await first.waitUntilReady()
        let sent = Counter()
        let sentWhenKilled = Counter()
        let transfers = try await withThrowingTaskGroup(of: [UUID].self) { group in
            for writer in 0..<4 {
                group.addTask {
                    var ids: [UUID] = []
                    for index in 0..<50 {
                        let from = accounts[(writer + index) % 6]
                        let to = accounts[(writer * 5 + index * 7 + 1) % 6]
                        guard from != to else { continue }
                        let transfer = Bank.RequestTransfer(
                            fromAccount: from, toAccount: to, amountCents: Int64(100 + (index * 337) % 4_000))
                        try await bank.send(transfer)
                        ids.append(transfer.transferId)
                        sent.increment()
                        try await Task.sleep(for: .milliseconds(25))
                    }
                    return ids
                }
            }
            group.addTask {
                // Mid-burst: once a third is sent and the worker has completed some transfers.
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline {
                    let completed = try await bank.ask(Bank.TransfersInStep(step: .completed)).rows.count
                    if sent.value >= 40, completed >= 3 { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
                if ContinuousClock.now >= deadline { Issue.record("the first worker did not work:\n\(first.output)") }
                sentWhenKilled.set(sent.value)
                first.kill()
                return []
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(first.wasKilled)
        #expect(sentWhenKilled.value < 200, "the worker was killed after the burst")
        let worker = try Worker(arguments: workerArguments)
        defer { worker.kill() }
        // Wait for the second worker to end every transfer.
        let deadline = ContinuousClock.now + .seconds(120)
        var pending = transfers
        while !pending.isEmpty, ContinuousClock.now < deadline {
            var still: [UUID] = []
            for id in pending {
                let step = try await bank.ask(Bank.GetTransfer(transferId: id))?.step
                if step != .completed && step != .failed { still.append(id) }
            }
            pending = still
            if !pending.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(pending.isEmpty, "\(pending.count) transfers never ended; worker output:\n\(worker.output)")
        try await expectReplayAgrees(events: events, bank: bank, accounts: accounts, transfers: transfers)
    }

    /// Replays the log: each transfer debits, credits and refunds at most once, a refund only after a
    /// debit, a completed transfer was debited and credited, a failed one was not credited; the balances
    /// the log adds up to are the read model's, and they sum to what was deposited.
    func expectReplayAgrees(events: any EventStore, bank: Bank.Application, accounts: [String], transfers: [UUID])
        async throws
    {
        var moves: [String: Int] = [:]
        var balances: [String: Int64] = [:]
        var position: Int64 = 0
        while true {
            let page = try await events.readAll(after: position, limit: 1_000)
            guard page.lastPosition > position else { break }
            position = page.lastPosition
            for event in page.events where event.streamID.category == "Account" {
                let account = event.streamID.id
                switch event.eventType {
                case Bank.Account.AccountOpened.eventType:
                    let opened: Bank.Account.AccountOpened = try event.decode()
                    balances[account] = opened.initialDepositCents
                case Bank.Account.DebitedForTransfer.eventType:
                    let debited: Bank.Account.DebitedForTransfer = try event.decode()
                    moves["debit \(debited.transferId)", default: 0] += 1
                    balances[account, default: 0] -= debited.amountCents
                case Bank.Account.CreditedForTransfer.eventType:
                    let credited: Bank.Account.CreditedForTransfer = try event.decode()
                    moves["credit \(credited.transferId)", default: 0] += 1
                    balances[account, default: 0] += credited.amountCents
                case Bank.Account.TransferRefunded.eventType:
                    let refunded: Bank.Account.TransferRefunded = try event.decode()
                    moves["refund \(refunded.transferId)", default: 0] += 1
                    #expect(moves["debit \(refunded.transferId)"] == 1, "a refund without a debit")
                    balances[account, default: 0] += refunded.amountCents
                default: break
                }
            }
        }
        #expect(moves.values.allSatisfy { $0 == 1 }, "applied twice: \(moves.filter { $0.value > 1 })")
        for id in transfers {
            let step = try await bank.ask(Bank.GetTransfer(transferId: id))?.step
            if step == .completed {
                #expect(moves["debit \(id)"] == 1 && moves["credit \(id)"] == 1 && moves["refund \(id)"] == nil)
            } else {
                #expect(
                    moves["credit \(id)"] == nil && (moves["debit \(id)"] ?? 0) == (moves["refund \(id)"] ?? 0),
                    "transfer \(id) ended \(String(describing: step)) after \(moves.filter { $0.key.hasSuffix(id.uuidString) })"
                )
            }
        }
        #expect(balances.values.reduce(0, +) == Int64(accounts.count) * 10_000)
        for account in accounts {
            #expect(try await bank.ask(Bank.GetBalance(accountId: account))?.balanceCents == balances[account])
        }
    }
}

/// A count the test's tasks share.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    func set(_ value: Int) { count.withLock { $0 = value } }
    var value: Int { count.withLock { $0 } }
}

/// A `bank work` child process, killed with SIGKILL. `Process` is not `Sendable`; the tests only start,
/// read and kill it.
final class Worker: @unchecked Sendable {
    private let process: Process
    private let log: URL

    /// The executable was not built beside the tests.
    struct NotBuilt: Error, CustomStringConvertible {
        var description: String { "the bank executable was not found next to the test binary" }
    }

    init(arguments: [String]) throws {
        process = Process()
        process.executableURL = try Self.executable()
        process.arguments = ["work"] + arguments
        log = FileManager.default.temporaryDirectory.appendingPathComponent("bank-worker-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Returns once the worker says it runs (its first line), or after 30 s.
    func waitUntilReady() async throws {
        for _ in 0..<300 where !output.contains("bank worker:") {
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Whether it died of SIGKILL.
    var wasKilled: Bool { !process.isRunning && process.terminationReason == .uncaughtSignal }

    /// What it printed.
    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Kills it with SIGKILL and waits for it to end.
    func kill() {
        guard process.isRunning else { return }
        #if canImport(Glibc)
            _ = Glibc.kill(process.processIdentifier, SIGKILL)
        #elseif canImport(Darwin)
            _ = Darwin.kill(process.processIdentifier, SIGKILL)
        #endif
        process.waitUntilExit()
    }

    private static func executable() throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("bank")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw NotBuilt()
    }
}
