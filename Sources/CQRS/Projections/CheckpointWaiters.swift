/// The read-your-writes waiters of one projection: each waits for the committed checkpoint to reach a
/// position. Held inside the runner's lock; resuming happens outside it, on what the methods return.
struct CheckpointWaiters {
    /// One waiting caller.
    struct Waiter {
        /// The position it waits for.
        var position: Int64
        /// Resumed once the checkpoint reaches `position`, or with the failure or cancellation.
        var continuation: CheckedContinuation<Void, any Error>
    }

    private var waiters: [UInt64: Waiter] = [:]
    private var next: UInt64 = 0

    /// A new waiter's id (registered with ``add(_:id:)``).
    mutating func makeID() -> UInt64 {
        defer { next += 1 }
        return next
    }

    /// Registers a waiter.
    mutating func add(_ waiter: Waiter, id: UInt64) {
        waiters[id] = waiter
    }

    /// Removes a waiter (cancelled), returning it if it was still waiting.
    mutating func remove(_ id: UInt64) -> Waiter? {
        waiters.removeValue(forKey: id)
    }

    /// Removes and returns the waiters that `checkpoint` satisfies.
    mutating func takeReached(by checkpoint: Int64) -> [Waiter] {
        let reached = waiters.filter { $0.value.position <= checkpoint }
        for id in reached.keys { waiters.removeValue(forKey: id) }
        return Array(reached.values)
    }

    /// Removes and returns every waiter.
    mutating func takeAll() -> [Waiter] {
        defer { waiters = [:] }
        return Array(waiters.values)
    }
}

/// A runner's state that callers wait on: its committed checkpoint, its failure, and its waiters.
protocol CheckpointWaitingState {
    /// The committed checkpoint.
    var checkpoint: Int64 { get }
    /// Why the runner stopped, if it failed.
    var failure: (any Error)? { get }
    /// The callers waiting for the checkpoint.
    var waiters: CheckpointWaiters { get set }
    /// Wakes the running loop, if it runs.
    var wake: AsyncStream<Int64>.Continuation? { get }
}

/// A runner callers wait on until its checkpoint reaches a position: a projection's or a reaction's.
protocol CheckpointWaitable: AnyObject, Sendable {
    associatedtype WaitState: CheckpointWaitingState
    /// Runs `body` on the runner's state, under its lock.
    func withWaitState<T: Sendable>(_ body: (inout WaitState) -> T) -> T
}

extension CheckpointWaitable {
    /// Returns once the checkpoint reaches `position` (woken by the commit, not by polling); throws the
    /// runner's failure, `CancellationError`, or `timeoutError()` once `timeout` passes.
    func waitForCheckpoint(
        _ position: Int64, timeout: Duration, timeoutError: @escaping @Sendable () -> any Error
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.waitForCheckpoint(position) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw timeoutError()
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func waitForCheckpoint(_ position: Int64) async throws {
        let id = withWaitState { $0.waiters.makeID() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (outcome, wake) = withWaitState {
                    state -> (Result<Void, any Error>?, AsyncStream<Int64>.Continuation?) in
                    if state.checkpoint >= position { return (.success(()), nil) }
                    if let failure = state.failure { return (.failure(failure), nil) }
                    if Task.isCancelled { return (.failure(CancellationError()), nil) }
                    state.waiters.add(.init(position: position, continuation: continuation), id: id)
                    return (nil, state.wake)
                }
                if let outcome { continuation.resume(with: outcome) }
                // Appends of other event types do not wake the runner (it subscribes for its own): it reads up to
                // the head now, passing the position if nothing of its types came before it.
                wake?.yield(0)
            }
        } onCancel: {
            withWaitState { $0.waiters.remove(id) }?.continuation.resume(throwing: CancellationError())
        }
    }
}
