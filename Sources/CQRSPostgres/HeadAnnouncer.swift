import CQRS
import Logging
import PostgresNIO
import Synchronization

/// Tells the other processes of a schema about this process's appends: `NOTIFY` on the schema's channel,
/// sent after the append has committed, in a transaction of its own.
///
/// Not in the append's transaction: a transaction that notifies takes a database-wide lock at commit (so
/// that notifications queue in commit order) and holds it until its commit is flushed, which would
/// serialize every append again. The notifying transaction commits asynchronously (`synchronous_commit`
/// off for it alone): `NOTIFY` makes a transaction write a commit record, and waiting for its flush would
/// cost a second WAL flush per append; a notification lost in a crash only delays the other processes'
/// projections until the next append. Heads are coalesced: while one notification is on its way, and for
/// ``pause`` after it, later heads wait and only the newest is sent next, so a busy writer sends at most
/// one per round trip plus ``pause`` (each costs a query and its thread hops, which on a small machine
/// cost as much client CPU as the append itself), and another process learns of an append at most that
/// much later. This process's own subscribers hear of its appends at once, without it.
final class HeadAnnouncer: Sendable {
    /// The least time between two notifications.
    static let pause = Duration.milliseconds(2)

    private let newest = Mutex<Int64>(0)
    private let pending: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (pending, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Announces `head` soon (or a newer head).
    func announce(_ head: Int64) {
        newest.withLock { $0 = max($0, head) }
        continuation.yield()
    }

    /// Sends the announcements until cancelled; a failed `NOTIFY` is retried (with the newest head).
    func run(_ database: Database) async {
        var sent: Int64 = 0
        for await _ in pending {
            var attempt = 0
            while !Task.isCancelled {
                let head = newest.withLock { $0 }
                guard head > sent else { break }
                do {
                    _ = try await database.pooledRows(
                        """
                        SELECT set_config('synchronous_commit', 'off', true),
                            pg_notify(\(database.schema.channel), \(String(head)))
                        """)
                    sent = head
                    database.waker.transactionEnded()
                    try? await Task.sleep(for: Self.pause)
                } catch {
                    if Task.isCancelled { return }  // the store is stopping: its pool is closing.
                    attempt += 1
                    database.logger.warning(
                        "could not notify the other processes of an append; retrying",
                        metadata: ["error": "\(DatabaseFailure.describe(error))", "attempt": "\(attempt)"])
                    try? await Task.sleep(for: Database.backoff(attempt))
                }
            }
        }
    }

    /// Ends ``run(_:)``.
    func finish() { continuation.finish() }
}
