import CQRS
import CQRSSQLite
import CQRSTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A process killed with SIGKILL in the middle of a projection: after a restart, the read model is exactly
/// what a full replay builds (no event skipped, none applied twice).
@Suite("SQLite crash recovery", .timeLimit(.minutes(3)))
struct SQLiteCrashTests {
    @Test func aRunnerKilledMidProjectionResumesToExactlyAFullReplay() async throws {
        let path = SQLiteTestDatabase.newPath()
        let observer = try SQLiteStore(path: path)
        let child = try CrashHelper.start(["run", path, "3000"])
        defer { child.killAndWait() }

        // Wait until the child has committed part of the read model, then kill it.
        var checkpoint: Int64 = 0
        while checkpoint < 150 {
            try await Task.sleep(for: .milliseconds(10))
            guard child.isRunning else {
                Issue.record("the helper exited early: \(child.output)")
                return
            }
            checkpoint = try await observer.checkpoint(of: "Totals")
        }
        child.killAndWait()
        let atKill = try await observer.checkpoint(of: "Totals")
        let head = try await observer.headPosition()
        print("killed at checkpoint \(atKill) of \(head) appended events")
        #expect(atKill < head)

        // A restart (another process) resumes from the checkpoint; a replay from scratch into a new file.
        try CrashHelper.runToEnd(["resume", path])
        let replayPath = SQLiteTestDatabase.newPath()
        try CrashHelper.runToEnd(["replay", path, replayPath])

        let resumed = try SQLiteStore(path: path)
        let replayed = try SQLiteStore(path: replayPath)
        let finalHead = try await resumed.headPosition()
        #expect(try await resumed.checkpoint(of: "Totals") == finalHead)
        #expect(try await replayed.checkpoint(of: "Totals") == finalHead)
        let resumedRows = try await resumed.rows(in: "Totals", matching: [], orderBy: [], page: nil).rows
        let replayedRows = try await replayed.rows(in: "Totals", matching: [], orderBy: [], page: nil).rows
        #expect(resumedRows.count == 13)
        #expect(resumedRows == replayedRows)
        // Every appended event counted once.
        let counted = resumedRows.reduce(Int64(0)) { total, row in
            if case .int(let events) = row[1] { return total + events }
            return total
        }
        #expect(counted == finalHead)
    }
}

/// The `cqrs-sqlite-crash-helper` executable, built next to the test binary.
final class CrashHelper: @unchecked Sendable {
    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    private let process = Process()
    private let log: URL

    private init(_ arguments: [String]) throws {
        process.executableURL = try Self.executable()
        process.arguments = arguments
        log = FileManager.default.temporaryDirectory.appendingPathComponent("cqrs-sqlite-helper-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Starts the helper in the background.
    static func start(_ arguments: [String]) throws -> CrashHelper {
        try CrashHelper(arguments)
    }

    /// Runs the helper and waits for it; throws when it fails.
    static func runToEnd(_ arguments: [String]) throws {
        let helper = try CrashHelper(arguments)
        helper.process.waitUntilExit()
        guard helper.process.terminationStatus == 0 else {
            throw Failed(description: "cqrs-sqlite-crash-helper \(arguments) failed: \(helper.output)")
        }
    }

    var isRunning: Bool { process.isRunning }

    /// What the helper printed.
    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// SIGKILL, then wait for the process to end.
    func killAndWait() {
        guard process.isRunning else { return }
        #if canImport(Glibc)
            _ = Glibc.kill(process.processIdentifier, SIGKILL)
        #elseif canImport(Darwin)
            _ = Darwin.kill(process.processIdentifier, SIGKILL)
        #endif
        process.waitUntilExit()
    }

    deinit {
        killAndWait()
        try? FileManager.default.removeItem(at: log)
    }

    private static func executable() throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("cqrs-sqlite-crash-helper")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw Failed(description: "cqrs-sqlite-crash-helper was not found next to the test binary")
    }
}
