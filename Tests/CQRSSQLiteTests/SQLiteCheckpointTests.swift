import CQRS
import CQRSTestSupport
import Foundation
import Testing

@testable import CQRSSQLite

/// The background checkpointer: it copies the WAL back into the database file while commits go on, and
/// makes the WAL start over before it grows past its limit (a WAL that grows costs every commit's sync a
/// metadata write).
@Suite("SQLite checkpoints", .timeLimit(.minutes(2)))
struct SQLiteCheckpointTests {
    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Appends `count` one-event commands, one commit each; waits until the background checkpoint can
    /// have run.
    static func appendOneByOne(_ count: Int, to store: SQLiteStore) async throws {
        for index in 0..<count {
            _ = try await store.append(
                AppendRequest(
                    stream: StreamID(category: "T", id: "\(index)"), expectedVersion: .noStream,
                    events: [testEvent("T.Happened", index)]))
        }
        try await Task.sleep(for: .milliseconds(300))
    }

    @Test func committedPagesReachTheDatabaseFileWithoutWaitingForTheWALLimit() async throws {
        let store = try SQLiteTestDatabase.makeStore()
        let before = Self.size(store.path)
        try await Self.appendOneByOne(300, to: store)
        // Before the checkpointer read the file first, its checkpoints did nothing (SQLite said so only
        // with a frame count of -1), and the file stayed as the migrations left it until 64 MB of WAL.
        #expect(Self.size(store.path) > before)
    }

    @Test func theWALStartsOverOnceItHoldsMoreThanItsLimit() async throws {
        var configuration = SQLiteConfiguration()
        configuration.walRestartFrames = 64
        let store = try SQLiteTestDatabase.makeStore(configuration: configuration)
        try await Self.appendOneByOne(600, to: store)
        // 600 commits of about three pages each would make a WAL of some 7 MB; started over whenever it
        // holds more than 64 frames (checked every 64 commits), it stays near 64 + 3 × 64 frames.
        let wal = Self.size(store.path + "-wal")
        #expect(wal > 0)
        #expect(wal < 2_000_000, "WAL of \(wal) bytes")
    }
}
