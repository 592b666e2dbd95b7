import Synchronization

/// Values a projection remembers per stream (`remember:` in the spec): a field of one event of the stream,
/// for the stream's other events that do not carry it. A per-customer summary whose `OrderPaid` carries only
/// the order's stream finds the customer its `OrderPlaced` named.
///
/// The log is the truth: a value is the field of the stream's first event of that type, and a value not in
/// hand is looked up there (through the batch: the event store, or an inline transaction's connection), so
/// rebuilds and restarts need nothing stored. Values from committed events are kept (for the `capacity`
/// streams remembered last); values from an inline transaction's events stay with its batch, which may not
/// commit.
///
/// ```swift
/// let customerId: String = try await remembered.value("customerId", for: event.streamID, in: batch) { events in
///     try events.first { $0.eventType == Shop.OrderPlaced.eventType }.map { try $0.decode() as Shop.OrderPlaced }?.customerId
/// }
/// ```
public final class RememberedValues: Sendable {
    private struct State {
        var values: [StreamID: [String: any Sendable]] = [:]
        /// Streams in the order they were first remembered, oldest from `head` on.
        var order: [StreamID] = []
        var head = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// Keeps the values of at most `capacity` streams (the oldest go first).
    public init(capacity: Int = 100_000) {
        self.capacity = max(capacity, 1)
    }

    /// Remembers `value` as `name` for `stream`, read from an event `batch` applies, unless the stream has one
    /// already: the value is the first event's.
    public func remember(_ value: some Sendable, as name: String, for stream: StreamID, in batch: ProjectionBatch) {
        if !batch.appliesCommittedEvents {
            batch.rememberUntilCommit(value, as: name, for: stream)
            return
        }
        state.withLock { state in
            if state.values[stream] == nil {
                state.order.append(stream)
                if state.order.count - state.head > capacity {
                    state.values[state.order[state.head]] = nil
                    state.head += 1
                    if state.head > capacity {
                        state.order.removeFirst(state.head)
                        state.head = 0
                    }
                }
            }
            if state.values[stream]?[name] == nil { state.values[stream, default: [:]][name] = value }
        }
    }

    /// The value remembered as `name` for `stream`: from the batch, the values kept, or else the stream's
    /// events in the log (`find` picks it out of them; it is remembered then).
    ///
    /// - Throws: ``RememberedValueMissing`` when the stream has no event that carries it.
    public func value<Value: Sendable>(
        _ name: String, for stream: StreamID, in batch: ProjectionBatch,
        find: @Sendable ([RecordedEvent]) throws -> Value?
    ) async throws -> Value {
        if let pending = batch.rememberedUntilCommit(name, for: stream) as? Value { return pending }
        if let kept = state.withLock({ $0.values[stream]?[name] }) as? Value { return kept }
        guard let readStream = batch.readStream else {
            throw RememberedValueMissing(model: batch.model, name: name, stream: stream, hasLog: false)
        }
        guard let found = try find(try await readStream(stream)) else {
            throw RememberedValueMissing(model: batch.model, name: name, stream: stream, hasLog: true)
        }
        remember(found, as: name, for: stream, in: batch)
        return found
    }
}

/// A value a projection remembers (``RememberedValues``) is asked for a stream that has no event carrying
/// it: an event of the stream came before the one the value is read from, or the stream lost it.
public struct RememberedValueMissing: Error, Sendable, Hashable, CustomStringConvertible {
    /// The read model.
    public var model: String
    /// The remembered value's name.
    public var name: String
    /// The stream.
    public var stream: StreamID
    /// Whether the log was searched (`false`: the batch had no event store to search).
    public var hasLog: Bool

    /// A sentence naming the value and the stream.
    public var description: String {
        hasLog
            ? "read model \(model) remembers '\(name)' per stream, but stream \(stream) has no event that carries it"
            : "read model \(model) remembers '\(name)' per stream; stream \(stream)'s is not in hand, and this batch has no event store to read it from"
    }
}
