import Synchronization

/// Group commit, for every store that commits writes (appends, and on SQLite read-model commits too) in
/// transactions: writes that arrive while the transactions allowed in flight are all busy queue up and go
/// together in the next one. A caller that finds a free slot leads: it runs its own write with everything
/// queued (up to a maximum), hands every other caller its result, and passes the lead to the first one
/// queued meanwhile. One writer: one write per transaction, no waiting; many writers: few transactions (and
/// WAL flushes) for many writes.
///
/// A store with one writer (SQLite) allows one transaction in flight; one whose appends to different
/// streams commit in parallel (PostgreSQL) may allow several, so that one batch's round trip and commit
/// overlap the next one's.
package final class GroupCommit<Request: Sendable, Output: Sendable>: Sendable {
    /// Runs a batch in one transaction; one result per request, in order.
    package typealias Execute = @Sendable ([Request]) async -> [Result<Output, any Error>]

    private enum Turn: Sendable {
        case lead
        case done(Result<Output, any Error>)
    }

    private struct Waiter {
        var request: Request
        var continuation: CheckedContinuation<Turn, Never>
    }

    private struct State {
        var inFlight = 0
        let maximumInFlight: Int
        var queue: [Waiter] = []
        var head = 0

        mutating func take(_ count: Int) -> [Waiter] {
            let end = min(head + count, queue.count)
            let taken = Array(queue[head..<end])
            head = end
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            }
            return taken
        }

        var isEmpty: Bool { head == queue.count }

        /// Takes the lead when a transaction slot is free.
        mutating func lead() -> Bool {
            if inFlight >= maximumInFlight { return false }
            inFlight += 1
            return true
        }
    }

    private let state: Mutex<State>
    private let maximumBatch: Int

    /// A queue whose batches hold at most `maximumBatch` writes, with at most `maximumInFlight`
    /// transactions at a time.
    package init(maximumBatch: Int, maximumInFlight: Int = 1) {
        self.maximumBatch = max(maximumBatch, 1)
        self.state = Mutex(State(maximumInFlight: max(maximumInFlight, 1)))
    }

    /// Writes in the next transaction; returns (or throws) that request's own outcome. When the caller
    /// leads, `execute` runs its batch (in one transaction, a result per request in order; a failed request
    /// fails only itself): every caller of one queue passes the same function.
    package func submit(_ request: Request, execute: @escaping Execute) async throws -> Output {
        // A free slot (always so with one writer): lead at once, without suspending.
        let turn: Turn =
            state.withLock { $0.lead() }
            ? .lead
            : await withCheckedContinuation { continuation in
                let leads = state.withLock { state in
                    if state.lead() { return true }
                    state.queue.append(Waiter(request: request, continuation: continuation))
                    return false
                }
                if leads { continuation.resume(returning: .lead) }
            }
        switch turn {
        case .done(let result):
            return try result.get()
        case .lead:
            let others = state.withLock { $0.take(maximumBatch - 1) }
            // A closure, not a key path, which would be built anew at each call.
            let batch = [request] + others.map { $0.request }
            // Other callers' writes must not fail because the leader's task is cancelled (a client gone, a
            // runner stopping): their batch runs in a task of its own, which that cancellation does not reach.
            let results = others.isEmpty ? await execute(batch) : await Task { await execute(batch) }.value
            for (waiter, result) in zip(others, results.dropFirst()) {
                waiter.continuation.resume(returning: .done(result))
            }
            let next = state.withLock { state -> Waiter? in
                if state.isEmpty {
                    state.inFlight -= 1
                    return nil
                }
                return state.take(1).first
            }
            next?.continuation.resume(returning: .lead)
            return try results[0].get()
        }
    }
}
