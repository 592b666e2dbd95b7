import Synchronization

/// Streams handed out to subscribers, each tagged with what it listens for and buffering the newest element
/// only, and a ``demand`` signal when the first arrives: the bookkeeping of ``HeadNotifier`` and
/// ``ReadModelChangeFeed``, written once.
package final class Subscribers<Tag: Sendable, Element: Sendable>: Sendable {
    private struct State {
        var streams: [UInt64: (tag: Tag, continuation: AsyncStream<Element>.Continuation)] = [:]
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
        let (id, first) = state.withLock { state in
            let id = state.next
            state.next += 1
            state.streams[id] = (tag, continuation)
            defer { state.isWanted = true }
            return (id, !state.isWanted)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.streams.removeValue(forKey: id) }
        }
        if first { demandContinuation.yield() }
        return stream
    }

    /// Yields `element` to the streams whose tag `includes` accepts.
    package func yield(_ element: Element, to includes: (Tag) -> Bool = { _ in true }) {
        let streams = state.withLock { state in state.streams.values.filter { includes($0.tag) } }
        for stream in streams { stream.continuation.yield(element) }
    }

    /// Ends every stream and the demand signal.
    package func finish() {
        let streams = state.withLock { state in
            defer { state.streams = [:] }
            return Array(state.streams.values)
        }
        for stream in streams { stream.continuation.finish() }
        demandContinuation.finish()
    }
}
