import CQRS
import Synchronization

/// The appends waiting for the writer, and whether a caller is writing.
///
/// No thread waits for a batch to fill: the first caller to find no writer becomes the writer (the
/// leader) and commits at once, on its own task; callers arriving meanwhile queue up. When its commit
/// returns, the leader resumes the callers it committed for and hands the writer role to the first
/// caller still queued, which commits everything queued by then in one transaction. A single caller thus
/// never waits, and under load every commit (one fsync) carries all the appends that arrived during the
/// previous one.
final class GroupCommitQueue: Sendable {
    /// What a queued caller is woken with.
    enum Wake: Sendable {
        /// Its append was committed in someone else's batch (or failed).
        case done(Result<AppendResult, any Error>)
        /// It is the writer now: commit its own append and what is queued.
        case lead
    }

    struct Waiter {
        var request: AppendRequest
        var continuation: CheckedContinuation<Wake, Never>
    }

    private struct State {
        var leading = false
        var waiters: [Waiter] = []
    }

    private let state = Mutex(State())

    /// Becomes the writer if there is none; `false` when another caller writes.
    func tryLead() -> Bool {
        state.withLock { state in
            if state.leading { return false }
            state.leading = true
            return true
        }
    }

    /// Waits until the caller's append is done or the caller is the writer.
    func wait(with request: AppendRequest) async -> Wake {
        await withCheckedContinuation { continuation in
            let leads = state.withLock { state in
                if !state.leading {
                    state.leading = true
                    return true
                }
                state.waiters.append(Waiter(request: request, continuation: continuation))
                return false
            }
            if leads { continuation.resume(returning: .lead) }
        }
    }

    /// Takes up to `limit` queued callers for the writer's batch.
    func take(upTo limit: Int) -> [Waiter] {
        state.withLock { state in
            let count = min(max(limit, 0), state.waiters.count)
            let taken = Array(state.waiters.prefix(count))
            state.waiters.removeFirst(count)
            return taken
        }
    }

    /// Ends the writer's turn: the first queued caller becomes the writer, or nobody is.
    func handOff() {
        let next = state.withLock { state -> Waiter? in
            guard !state.waiters.isEmpty else {
                state.leading = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
    }
}
