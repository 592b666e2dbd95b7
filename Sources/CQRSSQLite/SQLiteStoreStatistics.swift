/// What a ``SQLiteStore``'s group commit did since it was opened: appends and the write transactions (each
/// one fsync with `synchronous = FULL`) that carried them.
///
/// ```swift
/// let statistics = store.statistics
/// print(Double(statistics.appends) / Double(statistics.appendTransactions), "appends per commit")
/// ```
public struct SQLiteStoreStatistics: Sendable, Hashable {
    /// Append requests committed (or failed) by the group commit.
    public var appends = 0
    /// The write transactions that carried them.
    public var appendTransactions = 0
    /// The most appends one transaction carried.
    public var largestGroup = 0

    /// Creates statistics.
    public init(appends: Int = 0, appendTransactions: Int = 0, largestGroup: Int = 0) {
        self.appends = appends
        self.appendTransactions = appendTransactions
        self.largestGroup = largestGroup
    }
}
