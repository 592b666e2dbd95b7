import Synchronization

/// Fans the log's head out to every ``EventStore/appendNotifications()`` stream of a store: from this
/// process's own appends at once, and (for a store shared by several processes) from the others. Only a
/// head newer than every one published before is passed on, so a late notification never hides a newer
/// one. Each stream buffers the newest head only.
///
/// A runner subscribes for its event types only (``subscribe(_:eventTypes:)``): a head whose appends the
/// store knows to hold none of them does not wake it.
package final class HeadNotifier: Sendable {
    /// What a stream listens for: the appends of some event types, or (`nil`) every append.
    private struct Interest: Hashable, Sendable {
        var eventTypes: Set<String>?
    }

    private let subscribers = Subscribers<Interest, Int64>()
    /// The newest head published.
    private let newest = Mutex<Int64>(0)

    /// Yields once, when the first subscriber arrives: the listener connects only when someone waits.
    package var demand: AsyncStream<Void> { subscribers.demand }

    /// A notifier with no subscribers.
    package init() {}

    /// A new stream of heads (the newest one buffered).
    package func subscribe() -> AsyncStream<Int64> {
        subscribers.subscribe(Interest(eventTypes: nil))
    }

    /// Yields the heads to a stream of the caller's own (buffering the newest), until it finishes: every
    /// head, or (given `eventTypes`) the heads of appends that hold one of them or that the publisher
    /// could not tell about.
    package func subscribe(_ continuation: AsyncStream<Int64>.Continuation, eventTypes: Set<String>? = nil) {
        subscribers.add(continuation, for: Interest(eventTypes: eventTypes))
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

    /// Passes on `head`, the head after appends that followed `start`, if it is newer than every head
    /// published before: to the subscribers of every event type, and to those of a type the appends hold
    /// (`holdsAny`: whether they hold one of the types given). When `start` is not the newest head published
    /// (appends this publisher does not know of came between), to every subscriber.
    package func publish(_ head: Int64, after start: Int64, holdsAny: (Set<String>) -> Bool) {
        newest.withLock { newest in
            guard head > newest else { return }
            let knowsEveryAppend = start == newest
            newest = head
            guard knowsEveryAppend else {
                subscribers.yieldToAll(head)
                return
            }
            subscribers.yield(head) { interest in interest.eventTypes.map(holdsAny) ?? true }
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
