import Dispatch
import GRDBSQLite
import Synchronization

/// Copies the WAL back into the database file off the commit path.
///
/// SQLite's own automatic checkpoint runs inside the commit that crosses its threshold, so that one
/// caller pays for syncing the WAL and the database file (and on a busy disk that is milliseconds).
/// Instead, every `interval` commits the store asks for a `PASSIVE` checkpoint on a connection of this
/// object's own, on a background queue: it copies what no reader still needs, waits for nobody, and runs
/// while the writer goes on. The writer keeps SQLite's automatic checkpoint only as a far-off safety net.
final class Checkpointer: @unchecked Sendable {
    private let path: String
    private let interval: Int
    private let queue = DispatchQueue(label: "CQRSSQLite.checkpoint", qos: .utility)
    private let state = Mutex<(commits: Int, running: Bool)>((0, false))
    /// Used on `queue` only.
    private var connection: OpaquePointer?

    init(path: String, interval: Int) {
        self.path = path
        self.interval = max(interval, 1)
    }

    /// Counts a commit; starts a checkpoint every `interval` commits unless one is running.
    func committed() {
        let start = state.withLock { state in
            state.commits += 1
            guard state.commits >= interval, !state.running else { return false }
            state.commits = 0
            state.running = true
            return true
        }
        guard start else { return }
        queue.async { [self] in
            checkpoint()
            state.withLock { $0.running = false }
        }
    }

    private func checkpoint() {
        if connection == nil {
            var handle: OpaquePointer?
            guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
                sqlite3_close_v2(handle)
                return
            }
            sqlite3_busy_timeout(handle, 1_000)
            connection = handle
        }
        // A failure (busy, say) leaves the frames for the next checkpoint.
        sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
    }

    deinit {
        sqlite3_close_v2(connection)
    }
}
