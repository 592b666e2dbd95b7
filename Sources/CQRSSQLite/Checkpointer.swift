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
///
/// Passive checkpoints alone never let the WAL start over under a steady stream of commits: SQLite
/// rewinds it only for a writer that starts while every frame is already copied back, which new commits
/// always prevent. The WAL then grows commit after commit, and a file that grows makes each commit's
/// `fdatasync` write the file's metadata too (new blocks, a new size): measured, that is most of what a
/// commit costs beyond a raw INSERT's. So once the WAL holds more than `restartFrames` frames, the
/// checkpoint is a `RESTART`: it waits for the commit in flight, copies the last frames, and makes the
/// next commit write from the WAL's start again, over blocks the file already has. Commits wait for that
/// one checkpoint (its copy and the database file's sync), once per `restartFrames` frames.
final class Checkpointer: @unchecked Sendable {
    private let path: String
    private let interval: Int
    private let restartFrames: Int32
    private let queue = DispatchQueue(label: "CQRSSQLite.checkpoint", qos: .utility)
    private let state = Mutex<(commits: Int, running: Bool)>((0, false))
    /// Used on `queue` only.
    private var connection: OpaquePointer?

    /// A checkpointer for the database at `path`, every `interval` commits; a `RESTART` checkpoint once
    /// the WAL holds more than `restartFrames` frames.
    init(path: String, interval: Int, restartFrames: Int32) {
        self.path = path
        self.interval = max(interval, 1)
        self.restartFrames = max(restartFrames, 1)
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
            // A connection finds the file in WAL mode only once it reads it: until then a checkpoint on it
            // does nothing and says so only by a frame count of -1.
            guard sqlite3_exec(handle, "SELECT count(*) FROM sqlite_master", nil, nil, nil) == SQLITE_OK else {
                sqlite3_close_v2(handle)
                return
            }
            connection = handle
        }
        // A failure (busy, say) leaves the frames for the next checkpoint.
        var frames: Int32 = 0
        sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, &frames, nil)
        if frames > restartFrames {
            sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_RESTART, nil, nil)
        }
    }

    deinit {
        sqlite3_close_v2(connection)
    }
}
