/// A query's answer and the log position it reflects: every event up to ``position`` is in the answer.
public struct LiveAnswer<Answer: Sendable>: Sendable {
    /// The answer.
    public var answer: Answer
    /// The read model's checkpoint when the answer was read: the answer reflects every event up to it. An
    /// answer at or past a ``CommandReceipt/position`` has that command's write in it; a write that does not
    /// change the answer yields no new one, so to wait for a receipt use the query's `after:` instead.
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
/// Each iteration is a watch of its own, started by `makeAsyncIterator()`. The answer is read again after
/// every batch the projection commits (in this process, and in others when the read store tells of them:
/// PostgreSQL does), and yielded when it differs from the last one yielded. A consumer slower than the
/// commits gets the newest answer, never a backlog. Cancelling the consuming task, or leaving the loop,
/// ends the watch; an error reading the answer ends it with that error.
public struct LiveQuery<Answer: Sendable & Equatable>: AsyncSequence, Sendable {
    /// An answer and its position.
    public typealias Element = LiveAnswer<Answer>

    /// Starts a watch: its answers, and the task that reads them.
    private let start: @Sendable () -> (AsyncThrowingStream<LiveAnswer<Answer>, any Error>, Task<Void, Never>)

    init(start: @escaping @Sendable () -> (AsyncThrowingStream<LiveAnswer<Answer>, any Error>, Task<Void, Never>)) {
        self.start = start
    }

    /// Yields the answers of one watch; the watch stops when the iterator goes away.
    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate var base: AsyncThrowingStream<LiveAnswer<Answer>, any Error>.AsyncIterator
        fileprivate let watch: Watch
        /// The last answer returned: one the buffer kept after the consumer's (A, B, A while it was busy)
        /// is not returned twice.
        private var last: Answer?

        fileprivate init(base: AsyncThrowingStream<LiveAnswer<Answer>, any Error>.AsyncIterator, watch: Watch) {
            self.base = base
            self.watch = watch
        }

        /// The next answer that differs from the last one returned; `nil` once the watch ended.
        public mutating func next() async throws -> LiveAnswer<Answer>? {
            while let next = try await base.next() {
                if next.answer != last {
                    last = next.answer
                    return next
                }
            }
            return nil
        }
    }

    /// Starts a watch and returns an iterator over its answers.
    public func makeAsyncIterator() -> AsyncIterator {
        let (answers, task) = start()
        return AsyncIterator(base: answers.makeAsyncIterator(), watch: Watch(task: task))
    }
}

/// Stops a watch's reading task when the last copy of its iterator goes away (a loop left early).
private final class Watch: Sendable {
    let task: Task<Void, Never>

    init(task: Task<Void, Never>) {
        self.task = task
    }

    deinit { task.cancel() }
}
