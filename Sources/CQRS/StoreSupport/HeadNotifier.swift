import Synchronization

/// Fans the log's head out to every ``EventStore/appendNotifications()`` stream of a store: from this
/// process's own appends at once, and (for a store shared by several processes) from the others. Only a
/// head newer than every one published before is passed on, so a late notification never hides a newer
/// one. Each stream buffers the newest head only.
package final class HeadNotifier: Sendable {
    private struct State {
        var subscribers: [UInt64: AsyncStream<Int64>.Continuation] = [:]
        var nextSubscriber: UInt64 = 0
        var newest: Int64 = 0
        var isWanted = false
    }

    private let state = Mutex(State())
    /// Yields once, when the first subscriber arrives: the listener connects only when someone waits.
    package let demand: AsyncStream<Void>
    private let demandContinuation: AsyncStream<Void>.Continuation

    /// A notifier with no subscribers.
    package init() {
        (demand, demandContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// A new stream of heads (the newest one buffered).
    package func subscribe() -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int64.self, bufferingPolicy: .bufferingNewest(1))
        let (id, first) = state.withLock { state in
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            defer { state.isWanted = true }
            return (id, !state.isWanted)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        if first { demandContinuation.yield() }
        return stream
    }

    /// Passes `head` on to every subscriber if it is newer than every head published before.
    package func publish(_ head: Int64) {
        let subscribers = state.withLock { state -> [AsyncStream<Int64>.Continuation] in
            guard head > state.newest else { return [] }
            state.newest = head
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(head) }
    }

    /// Passes the newest head on to every subscriber again: for a store whose readers may find an appended
    /// head not yet readable (PostgreSQL, behind a transaction still in flight), so that they look again.
    package func wake() {
        let (subscribers, head) = state.withLock { state in (Array(state.subscribers.values), state.newest) }
        for subscriber in subscribers { subscriber.yield(head) }
    }

    /// Ends every stream.
    package func finish() {
        let subscribers = state.withLock { state in
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
        demandContinuation.finish()
    }
}
