import CQRS
import CQRSSQLite
import Foundation

/// Fresh SQLite databases for the tests: one file each, in a folder of this test process that is removed
/// when the process exits.
package enum SQLiteTestDatabase {
    /// The folder, created (and its removal at exit registered) on first use.
    package static let directory: URL = {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cqrs-sqlite-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("cqrs-sqlite-tests-\(ProcessInfo.processInfo.processIdentifier)")
            try? FileManager.default.removeItem(at: directory)
        }
        return directory
    }()

    /// A path for a new database (nothing there yet).
    package static func newPath() -> String {
        directory.appendingPathComponent("\(UUID().uuidString).sqlite").path
    }

    /// A store on a new database file.
    package static func makeStore(
        configuration: SQLiteConfiguration = .init(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> SQLiteStore {
        try SQLiteStore(path: newPath(), configuration: configuration, now: now)
    }
}
