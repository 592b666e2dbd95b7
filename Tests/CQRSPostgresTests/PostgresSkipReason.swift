import CQRSTestSupport
import Testing

extension PostgresTestDatabase {
    /// Why the PostgreSQL tests were left out, as `swift test` shows it next to each skipped suite.
    static var skipComment: Comment { Comment(rawValue: skipReason) }
}
