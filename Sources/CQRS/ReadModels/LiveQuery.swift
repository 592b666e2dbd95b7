/// A query's answer and the log position it reflects: every event up to ``position`` is in the answer.
public struct LiveAnswer<Answer: Sendable>: Sendable {
    /// The answer.
    public var answer: Answer
    /// The read model's checkpoint when the answer was read: the answer reflects at least every event up
    /// to it (compare a ``CommandReceipt/position`` to know that your write is in).
    public var position: Int64

    /// An answer at a position.
    public init(answer: Answer, position: Int64) {
        self.answer = answer
        self.position = position
    }
}

extension LiveAnswer: Equatable where Answer: Equatable {}

/// A watched query: its current answer, then a new one each time a commit of its read model changes it. A
/// generated application's `watch(_:)` returns one.
///
/// ```swift
/// for try await update in app.watch(Shop.GetOrder(orderId: id)) {
///     render(update.answer)  // as of update.position
/// }
/// ```
///
/// The answer is read again after every batch the projection commits (in this process, and in others when
/// the read store tells of them: PostgreSQL does), and yielded when it differs from the last one yielded. A
/// consumer slower than the commits gets the newest answer, never a backlog. Cancelling the consuming task
/// (or leaving the loop) ends the watch; an error reading the answer ends it with that error.
public struct LiveQuery<Answer: Sendable & Equatable>: AsyncSequence, Sendable {
    /// An answer and its position.
    public typealias Element = LiveAnswer<Answer>

    private let stream: AsyncThrowingStream<LiveAnswer<Answer>, any Error>

    init(stream: AsyncThrowingStream<LiveAnswer<Answer>, any Error>) {
        self.stream = stream
    }

    /// Yields the answers.
    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate var base: AsyncThrowingStream<LiveAnswer<Answer>, any Error>.AsyncIterator

        /// The next answer that differs from the last one; `nil` once the watch ended.
        public mutating func next() async throws -> LiveAnswer<Answer>? {
            try await base.next()
        }
    }

    /// An iterator over the answers.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator())
    }
}
