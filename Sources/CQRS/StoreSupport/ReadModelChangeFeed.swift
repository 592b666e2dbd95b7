/// Who waits for which read model's rows to change, and the signal that they did: each subscriber holds the
/// newest signal only (a watcher reads the answer again, so one signal stands for any number).
///
/// The ``Engine`` keeps one for the commits of its process; a store that hears of other processes' commits
/// (PostgreSQL's `LISTEN`) keeps one too, and starts listening on its first subscriber (``demand``).
package final class ReadModelChangeFeed: Sendable {
    private let subscribers = Subscribers<String, Void>()

    /// An empty feed.
    package init() {}

    /// Yields once, when the first subscriber arrives.
    package var demand: AsyncStream<Void> { subscribers.demand }

    /// A signal for every change of `model`'s rows from now on, the newest one kept; it ends when the
    /// subscriber stops iterating.
    package func subscribe(to model: String) -> AsyncStream<Void> {
        subscribers.subscribe(model)
    }

    /// Signals the subscribers of `model`.
    package func publish(_ model: String) {
        subscribers.yield((), to: model)
    }

    /// Signals every subscriber: changes may have been missed (a listener reconnected).
    package func publishAll() {
        subscribers.yieldToAll(())
    }

    /// Ends every subscriber's signals (the store that heard of the changes stopped).
    package func finish() {
        subscribers.finish()
    }
}
