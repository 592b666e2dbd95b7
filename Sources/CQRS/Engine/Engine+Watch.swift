extension Engine {
    /// Watches a query of `projection`'s read model: each iteration yields `ask`'s answer now, then again
    /// after each commit of the model that changes it. Generated applications wrap it as `watch(_:)` for each query.
    ///
    /// ```swift
    /// let orders = engine.watch(projection: "UserOrders") {
    ///     try await engine.reader(Shop.UserOrders.self).count(matching: [Shop.UserOrders.Column.userId.equals("ada")])
    /// }
    /// for try await update in orders { print(update.answer, "as of", update.position) }
    /// ```
    ///
    /// Commits of this process's runners and inline appends wake it at once; other processes' commits wake
    /// it when the read store tells of them (``ReadStore/changeNotifications(of:)``). Each answer comes with
    /// the model's checkpoint it reflects (the head of the log for a live inline projection), read before
    /// and after the answer.
    public func watch<Answer: Sendable & Equatable>(
        projection: String, _ ask: @escaping @Sendable () async throws -> Answer
    ) -> LiveQuery<Answer> {
        LiveQuery { [self] in
            let (answers, output) = AsyncThrowingStream.makeStream(
                of: LiveAnswer<Answer>.self, bufferingPolicy: .bufferingNewest(1))
            guard runnersByName[projection] != nil else {
                output.finish(throwing: EngineError.unknownProjection(projection))
                return (answers, Task {})
            }
            // Subscribed before the first read: no commit between the two goes unnoticed.
            let local = changes.subscribe(to: projection)
            let remote = readStore.changeNotifications(of: projection)
            let task = Task {
                let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        // When every source of signals has ended, so does the watch.
                        await withTaskGroup(of: Void.self) { sources in
                            for signals in [local, remote].compactMap({ $0 }) {
                                sources.addTask {
                                    for await _ in signals { wake.yield() }
                                }
                            }
                        }
                        wake.finish()
                    }
                    do {
                        var last: (answer: Answer, position: Int64)?
                        var pending = wakes.makeAsyncIterator()
                        repeat {
                            // An unchanged position means unchanged rows: a signal echoed, or of no change.
                            guard
                                let (answer, position) = try await self.read(
                                    ask, of: projection, unlessAt: last?.position)
                            else { continue }
                            if answer != last?.answer {
                                output.yield(LiveAnswer(answer: answer, position: position))
                            }
                            last = (answer, position)
                        } while await pending.next() != nil
                        output.finish()
                    } catch {
                        output.finish(throwing: error)
                    }
                    group.cancelAll()
                }
            }
            output.onTermination = { _ in task.cancel() }
            return (answers, task)
        }
    }

    /// The answer and the position it reflects, or `nil` when the position is still `unchanged`: the position
    /// read before and after the answer agree, so that no commit fell in between (read again, a few times,
    /// while one did; then the position read before, which the answer reflects at least).
    private func read<Answer: Sendable>(
        _ ask: @Sendable () async throws -> Answer, of projection: String, unlessAt unchanged: Int64?
    ) async throws -> (Answer, Int64)? {
        var position = try await self.position(of: projection)
        if position == unchanged { return nil }
        var answer = try await ask()
        for _ in 0..<3 {
            let after = try await self.position(of: projection)
            if after == position { break }
            position = after
            answer = try await ask()
        }
        return (answer, position)
    }

    /// The position an answer read now reflects at least: the model's checkpoint; for a live inline
    /// projection, the log's head once everything up to it is readable (an inline append's rows commit with
    /// its events, and on PostgreSQL a lower position may still be in flight when a higher one committed).
    private func position(of projection: String) async throws -> Int64 {
        let checkpoint = try await readStore.checkpoint(of: projection)
        guard checkpoint == ProjectionConsistency.liveCheckpoint else { return checkpoint }
        let head = try await eventStore.headPosition()
        try await eventStore.waitUntilReadable(through: head)
        return head
    }
}
