import CQRS
import Logging
import PostgresNIO
import Synchronization

/// Tells the other processes of a schema about this process's appends and read-model commits: `NOTIFY` on
/// the schema's channel (the new head; `m:` and the name of a model whose rows changed), sent after the
/// commit, in a transaction of its own.
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
/// much later; models changed meanwhile go in the same statement, each once. This process's own subscribers
/// hear of its appends and commits at once, without it (the engine's own change feed).
final class ChangeAnnouncer: Sendable {
    /// The least time between two notifications.
    static let pause = Duration.milliseconds(2)

    private let newest = Mutex<Int64>(0)
    /// The models whose rows changed since the last notification.
    private let changedModels = Mutex<Set<String>>([])
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

    /// Announces that `model`'s rows changed, soon (watched queries of other processes read again).
    func announce(changeOf model: String) {
        changedModels.withLock { _ = $0.insert(model) }
        continuation.yield()
    }

    /// Sends the announcements until cancelled; a failed `NOTIFY` is retried (with the newest head and
    /// every model not yet announced).
    func run(_ database: Database) async {
        var sent: Int64 = 0
        var models: Set<String> = []
        for await _ in pending {
            var attempt = 0
            while !Task.isCancelled {
                let head = newest.withLock { $0 }
                models.formUnion(
                    changedModels.withLock { changed in
                        defer { changed = [] }
                        return changed
                    })
                let payloads =
                    (head > sent ? [String(head)] : []) + models.sorted().map { ReadModelTable.changePrefix + $0 }
                guard !payloads.isEmpty else { break }
                do {
                    _ = try await database.pooledRows(
                        """
                        SELECT set_config('synchronous_commit', 'off', true), pg_notify(\(database.schema.channel), payload)
                        FROM unnest(\(payloads)::text[]) AS payload
                        """)
                    sent = max(sent, head)
                    models = []
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
