/// What a ``SQLiteStore``'s group commit did since it was opened: appends, read models' commits, and the
/// write transactions (each one fsync with `synchronous = FULL`) that carried them.
///
/// ```swift
/// let statistics = store.statistics
/// print(Double(statistics.appends) / Double(statistics.appendTransactions), "appends per commit")
/// ```
public struct SQLiteStoreStatistics: Sendable, Hashable {
    /// Append requests committed (or failed) by the group commit.
    public var appends = 0
    /// The write transactions that carried appends.
    public var appendTransactions = 0
    /// Read models' commits (rows and checkpoint) committed (or failed) by the group commit.
    public var modelCommits = 0
    /// Every write transaction of the group commit: with appends, model commits or both.
    public var transactions = 0
    /// The most writes (appends and model commits) one transaction carried.
    public var largestGroup = 0

    /// Creates statistics.
    public init(
        appends: Int = 0, appendTransactions: Int = 0, modelCommits: Int = 0, transactions: Int = 0,
        largestGroup: Int = 0
    ) {
        self.appends = appends
        self.appendTransactions = appendTransactions
        self.modelCommits = modelCommits
        self.transactions = transactions
        self.largestGroup = largestGroup
    }
}
