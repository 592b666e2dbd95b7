import Foundation

/// Settings of a ``SQLiteStore``.
///
/// ```swift
/// var configuration = SQLiteConfiguration()
/// configuration.synchronous = .normal  // faster commits; the last ones may be lost on power loss
/// let store = try SQLiteStore(path: "shop.sqlite", configuration: configuration)
/// ```
public struct SQLiteConfiguration: Sendable {
    /// How hard a commit waits for the disk (SQLite's `PRAGMA synchronous`, in WAL mode).
    public enum Synchronous: String, Sendable, Hashable {
        /// Every commit is on disk when it returns (an fsync of the WAL per commit): durable across power
        /// loss. The default.
        case full
        /// The WAL is synced only at checkpoints: a commit survives a crash of the process but not always a
        /// power loss or an OS crash. Much faster for single commits.
        case normal
    }

    /// `PRAGMA synchronous`; default ``Synchronous/full``.
    public var synchronous: Synchronous
    /// How long a connection waits for a lock held by another process before failing with `SQLITE_BUSY`.
    public var busyTimeout: Duration
    /// The most appends committed together in one transaction (group commit); 1 disables grouping.
    public var maxGroupCommit: Int
    /// The most concurrent reading connections (WAL readers never block the writer, nor it them).
    public var maximumReaderCount: Int
    /// How often a store with subscribers to ``CQRS/EventStore/appendNotifications()`` looks for appends other
    /// processes committed to the file (one indexed read of the head); `nil`: never (only this process
    /// writes the file).
    public var otherProcessesPollInterval: Duration?
    /// The most rows per read model kept in memory while this store holds the projection's lease, so that a
    /// projection batch's lookups need no read each; 0: none.
    public var leasedRowCacheSize: Int
    /// How many WAL frames (pages) the background checkpointer lets the WAL hold before it makes the next
    /// commit start the WAL over (``Checkpointer``); tests lower it.
    var walRestartFrames: Int32 = 4_096

    /// Creates a configuration.
    public init(
        synchronous: Synchronous = .full,
        busyTimeout: Duration = .seconds(5),
        maxGroupCommit: Int = 256,
        maximumReaderCount: Int = 8,
        leasedRowCacheSize: Int = 100_000,
        otherProcessesPollInterval: Duration? = .milliseconds(100)
    ) {
        self.otherProcessesPollInterval = otherProcessesPollInterval
        self.synchronous = synchronous
        self.busyTimeout = busyTimeout
        self.maxGroupCommit = maxGroupCommit
        self.maximumReaderCount = maximumReaderCount
        self.leasedRowCacheSize = leasedRowCacheSize
    }
}
