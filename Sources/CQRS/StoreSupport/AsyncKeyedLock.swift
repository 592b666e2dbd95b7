import Synchronization

/// Mutual exclusion per key across tasks: what an inline transaction holds the store with in one process (the
/// in-memory store; the SQLite store's writer). The keys of one call are taken together or not at all, so
/// two callers never wait on each other. A caller whose keys are free takes them at once; waiters are woken
/// in arrival order as their keys come free. A waiting task waits until then, cancelled or not.
package final class AsyncKeyedLock: Sendable {
    private struct Waiter {
        var keys: [String]
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var held: Set<String> = []
        var waiters: [Waiter] = []

        /// Takes every key when none is held.
        mutating func take(_ keys: [String]) -> Bool {
            guard held.isDisjoint(with: keys) else { return false }
            held.formUnion(keys)
            return true
        }
    }

    private let state = Mutex(State())

    /// A lock holding nothing.
    package init() {}

    /// Runs `body` holding every key (waiting for the holders of any), then releases them.
    package func withLock<T>(_ keys: [String], _ body: () async throws -> T) async throws -> T {
        let taken = state.withLock { $0.take(keys) }
        if !taken {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state in
                    if state.take(keys) { return true }
                    state.waiters.append(Waiter(keys: keys, continuation: continuation))
                    return false
                }
                if now { continuation.resume() }
            }
        }
        defer { release(keys) }
        return try await body()
    }

    private func release(_ keys: [String]) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.held.subtract(keys)
            // In arrival order, each waiter whose keys are all free now.
            var woken: [CheckedContinuation<Void, Never>] = []
            var waiting: [Waiter] = []
            for waiter in state.waiters {
                if state.take(waiter.keys) { woken.append(waiter.continuation) } else { waiting.append(waiter) }
            }
            state.waiters = waiting
            return woken
        }
        for continuation in woken { continuation.resume() }
    }
}
