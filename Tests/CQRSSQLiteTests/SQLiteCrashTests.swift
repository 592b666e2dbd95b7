import CQRS
import CQRSSQLite
import CQRSTestSupport
import Foundation
import Testing

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
enum CrashHelper {
    /// Starts the helper in the background.
    static func start(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess("cqrs-sqlite-crash-helper", arguments)
    }

    /// Runs the helper and waits for it; throws when it fails.
    static func runToEnd(_ arguments: [String]) throws {
        try ChildProcess.runToEnd("cqrs-sqlite-crash-helper", arguments)
    }
}
