import Synchronization

/// Fans the log's head out to every ``EventStore/appendNotifications()`` stream of a store: from this
/// process's own appends at once, and (for a store shared by several processes) from the others. Only a
/// head newer than every one published before is passed on, so a late notification never hides a newer
/// one. Each stream buffers the newest head only.
package final class HeadNotifier: Sendable {
    private let subscribers = Subscribers<Bool, Int64>()
    /// The newest head published.
    private let newest = Mutex<Int64>(0)

    /// Yields once, when the first subscriber arrives: the listener connects only when someone waits.
    package var demand: AsyncStream<Void> { subscribers.demand }

    /// A notifier with no subscribers.
    package init() {}

    /// A new stream of heads (the newest one buffered).
    package func subscribe() -> AsyncStream<Int64> {
        subscribers.subscribe(true)
    }

    /// Passes `head` on to every subscriber if it is newer than every head published before.
    package func publish(_ head: Int64) {
        // Yielded under the lock: two publishers' heads reach each stream in order, so that its buffer of one
        // keeps the newer.
        newest.withLock { newest in
            guard head > newest else { return }
            newest = head
            subscribers.yieldToAll(head)
        }
    }

    /// Passes the newest head on to every subscriber again: for a store whose readers may find an appended
    /// head not yet readable (PostgreSQL, behind a transaction still in flight), so that they look again.
    package func wake() {
        subscribers.yieldToAll(newest.withLock { $0 })
    }

    /// Ends every stream.
    package func finish() {
        subscribers.finish()
    }
}
