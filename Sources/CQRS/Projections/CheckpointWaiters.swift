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
