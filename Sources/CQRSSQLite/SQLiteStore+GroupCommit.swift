import CQRS
import GRDB

/// One write the store's group commit carries: an append, or a read model's commit (rows and checkpoint).
///
/// Both kinds share transactions: SQLite has one writer, and every write transaction costs a sync of the
/// WAL, so a projection's commit that comes while appends are in flight goes in their transaction rather
/// than waiting for a sync of its own.
enum SQLiteWrite: Sendable {
    case append(AppendRequest)
    case modelCommit(ModelCommit)
}

/// A read model's commit: its row changes and new checkpoint, fenced by the checkpoint it expects.
struct ModelCommit: Sendable {
    var changes: [RowChange]
    var model: String
    /// The model's table as this store knows it.
    var known: ReadModelTable
    var expected: Int64
    var checkpoint: Int64
}

/// What one write did.
enum SQLiteWritten: Sendable {
    /// The append's result.
    case appended(AppendResult)
    /// The model's table as stored when another process reshaped it, else `nil`.
    case committed(reshaped: ReadModelTable?)
}

extension SQLiteStore {
    /// Writes in the group commit's next transaction.
    func write(_ write: SQLiteWrite) async throws -> SQLiteWritten {
        try await groupCommit.submit(write) { writes in await self.commitBatch(writes) }
    }

    /// Commits a batch on the writer, then wakes the subscribers and counts it.
    private func commitBatch(_ writes: [SQLiteWrite]) async -> [Result<SQLiteWritten, any Error>] {
        var results: [Result<SQLiteWritten, any Error>]
        var head: Int64 = 0
        var start: Int64 = 0
        var inserted: [RecordedEvent] = []
        do {
            let outcome = try await commit(writes)
            results = outcome.results
            head = outcome.head
            start = outcome.start
            inserted = outcome.inserted
            recentEvents.record(inserted)
        } catch {
            results = Array(repeating: .failure(error), count: writes.count)
        }
        checkpointer.committed()
        let appends = writes.count { if case .append = $0 { true } else { false } }
        counters.withLock { counters in
            counters.appends += appends
            counters.modelCommits += writes.count - appends
            counters.transactions += 1
            if appends > 0 { counters.appendTransactions += 1 }
            counters.largestGroup = max(counters.largestGroup, writes.count)
        }
        if head > 0 {
            notifier.publish(head, after: start) { types in inserted.contains { types.contains($0.eventType) } }
        }
        return results
    }

    /// One transaction for all the writes, a savepoint each; the results in order, the head before, the new
    /// head when events were appended (else 0), and the events inserted.
    private func commit(_ writes: [SQLiteWrite]) async throws -> (
        results: [Result<SQLiteWritten, any Error>], start: Int64, head: Int64, inserted: [RecordedEvent]
    ) {
        try await writing { db in
            try db.raw("BEGIN IMMEDIATE").execute()
            do {
                let headStatement = try db.raw("SELECT coalesce(max(position), 0) FROM events")
                _ = try headStatement.step()
                let start = headStatement.int64(0)
                headStatement.reset()
                var head = start
                var results: [Result<SQLiteWritten, any Error>] = []
                var inserted: [RecordedEvent] = []
                results.reserveCapacity(writes.count)
                let savepoints = writes.count > 1
                for write in writes {
                    let before = head
                    if savepoints { try db.raw("SAVEPOINT write").execute() }
                    do {
                        var events: [RecordedEvent] = []
                        let written: SQLiteWritten
                        switch write {
                        case .append(let request):
                            written = .appended(try self.append(request, head: &head, in: db, inserted: &events))
                        case .modelCommit(let commit):
                            written = .committed(reshaped: try self.apply(commit, in: db))
                        }
                        if savepoints { try db.raw("RELEASE write").execute() }
                        results.append(.success(written))
                        inserted += events
                    } catch {
                        guard savepoints else { throw error }
                        try db.raw("ROLLBACK TO write").execute()
                        try db.raw("RELEASE write").execute()
                        head = before
                        results.append(.failure(error))
                    }
                }
                try db.raw("COMMIT").execute()
                return (results, start, head > start ? head : 0, inserted)
            } catch {
                if db.isInsideTransaction { try? db.raw("ROLLBACK").execute() }
                throw error
            }
        }
    }
}
