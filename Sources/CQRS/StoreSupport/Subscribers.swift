import Synchronization

/// Streams handed out to subscribers, each tagged with what it listens for and buffering the newest element
/// only, and a ``demand`` signal when the first arrives: the bookkeeping of ``HeadNotifier`` and
/// ``ReadModelChangeFeed``, written once.
package final class Subscribers<Tag: Hashable & Sendable, Element: Sendable>: Sendable {
    private struct State {
        var streams: [Tag: [UInt64: AsyncStream<Element>.Continuation]] = [:]
        var next: UInt64 = 0
        var isWanted = false
    }

    private let state = Mutex(State())
    /// Yields once, when the first subscriber arrives: a listener connects only when someone waits.
    package let demand: AsyncStream<Void>
    private let demandContinuation: AsyncStream<Void>.Continuation

    /// No subscribers yet.
    package init() {
        (demand, demandContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// A new stream for `tag` (the newest element buffered); it leaves the set when its consumer stops.
    package func subscribe(_ tag: Tag) -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self, bufferingPolicy: .bufferingNewest(1))
        add(continuation, for: tag)
        return stream
    }

    /// Adds a stream of the caller's own for `tag` (it should buffer the newest element only); it leaves the
    /// set when it finishes or its consumer stops. This replaces the continuation's `onTermination`.
    package func add(_ continuation: AsyncStream<Element>.Continuation, for tag: Tag) {
        let (id, first) = state.withLock { state in
            let id = state.next
            state.next += 1
            state.streams[tag, default: [:]][id] = continuation
            defer { state.isWanted = true }
            return (id, !state.isWanted)
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { state in
                state.streams[tag]?.removeValue(forKey: id)
                if state.streams[tag]?.isEmpty == true { state.streams.removeValue(forKey: tag) }
            }
        }
        if first { demandContinuation.yield() }
    }

    /// Yields `element` to the streams of `tag`.
    package func yield(_ element: Element, to tag: Tag) {
        guard let streams = state.withLock({ $0.streams[tag] }) else { return }
        for continuation in streams.values { continuation.yield(element) }
    }

    /// Yields `element` to the streams whose tag `isWanted` (under the lock, as ``yieldToAll(_:)``).
    package func yield(_ element: Element, toTagsWhere isWanted: (Tag) -> Bool) {
        state.withLock { state in
            for (tag, streams) in state.streams where isWanted(tag) {
                for continuation in streams.values { continuation.yield(element) }
            }
        }
    }

    /// Yields `element` to every stream.
    package func yieldToAll(_ element: Element) {
        // Under the lock, so that two elements reach every stream in the order they were given (a buffer of
        // one keeps the later); a closure rather than a key path, which is built anew at each call.
        state.withLock { state in
            for streams in state.streams.values {
                for continuation in streams.values { continuation.yield(element) }
            }
        }
    }

    /// Ends every stream and the demand signal.
    package func finish() {
        let streams = state.withLock { state in
            defer { state.streams = [:] }
            return state.streams.values.flatMap { $0.values }
        }
        for continuation in streams { continuation.finish() }
        demandContinuation.finish()
    }
}
