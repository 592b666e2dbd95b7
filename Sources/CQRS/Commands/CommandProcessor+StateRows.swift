import Foundation

/// The state-stored aggregates' rows (``StateStoredAggregate``): read from the read store, written in the
/// transaction of the append of the events that go with them.
extension CommandProcessor {
    /// The row of `stream` in the aggregate's table, decoded; `nil` when there is none.
    ///
    /// - Throws: ``StateStorageError`` when the stores share no transactions, the table has another shape,
    ///   or the row does not decode.
    @usableFromInline
    func storedState<A: AggregateDefinition>(in stream: StreamID, of aggregate: A.Type) async throws
        -> (state: A.State, version: Int64)?
    {
        guard let row = try await readRow(of: stream, in: try stateStored(A.self)) else {
            // No row: the stream must have no events either, or its row was never written (an aggregate that
            // was event-sourced before, or an append made outside the processor).
            if try await !eventStore.readStream(stream, from: 1, until: .version(1)).isEmpty {
                throw StateStorageError.rowBehindStream(stream: stream)
            }
            return nil
        }
        guard let state = row.state as? A.State else {
            preconditionFailure("\(A.self)'s state is not its StateStoredAggregate's")
        }
        return (state, row.version)
    }

    /// Appends the decision with the state's row, in one transaction.
    @usableFromInline
    func appendSavingState<A: AggregateDefinition>(_ request: AppendRequest, state: A.State, of aggregate: A.Type)
        async throws -> AppendResult
    {
        try await append(request, saving: state, in: try stateStored(A.self))
    }

    /// The aggregate as the ``StateStoredAggregate`` its `storage` says it is.
    private func stateStored<A: AggregateDefinition>(_ aggregate: A.Type) throws -> any StateStoredAggregate.Type {
        guard let stored = A.self as? any StateStoredAggregate.Type else {
            throw StateStorageError.notStateStored(aggregate: A.category)
        }
        return stored
    }

    private func readRow<S: StateStoredAggregate>(of stream: StreamID, in aggregate: S.Type) async throws
        -> (state: any Sendable, version: Int64)?
    {
        let transactions = try await preparedTable(of: S.self)
        guard let row = try await transactions.readStore.row(in: S.stateModelName, key: [.string(stream.id)]) else {
            return nil
        }
        guard row.count == S.stateColumns.count + 2, case .int(let version) = row[1] else {
            throw StateStorageError.malformedRow(
                stream: stream, reason: "expected an id, a version and \(S.stateColumns.count) columns")
        }
        do {
            return (try S.state(fromColumns: row[2...]), version)
        } catch {
            throw StateStorageError.malformedRow(stream: stream, reason: "\(error)")
        }
    }

    private func append<S: StateStoredAggregate>(
        _ request: AppendRequest, saving state: any Sendable, in aggregate: S.Type
    )
        async throws -> AppendResult
    {
        guard let state = state as? S.State else {
            preconditionFailure("\(S.self)'s state is not its StateStoredAggregate's")
        }
        let transactions = try await preparedTable(of: S.self)
        let stream = request.stream
        return try await transactions.append(
            request,
            savingState: StateRowWrite(model: S.stateModelName) { version in
                try S.row(of: stream, version: version, state: state)
            })
    }

    /// The stores that write the aggregate's rows, once its table exists with the spec's shape.
    ///
    /// - Throws: ``StateStorageError/noSharedTransaction(aggregate:)``; ``StateStorageError/shapeChanged(aggregate:stored:expected:)``
    ///   when the table holds another shape (nothing is created or dropped then).
    private func preparedTable<S: StateStoredAggregate>(of aggregate: S.Type) async throws -> InlineProjections {
        guard let transactions = core.transactions else {
            throw StateStorageError.noSharedTransaction(aggregate: S.category)
        }
        let model = S.stateModelName
        if core.preparedStates.withLock({ $0.contains(model) }) { return transactions }
        let schema = S.stateSchema
        if let stored = try await transactions.store.committedModel(model, in: transactions.readStore),
            stored.shapeHash != schema.shapeHash
        {
            throw StateStorageError.shapeChanged(
                aggregate: S.category, stored: stored.shapeHash, expected: schema.shapeHash)
        }
        let preparation = try await transactions.readStore.prepare(schema)
        guard !preparation.isStaging else {
            throw StateStorageError.shapeChanged(aggregate: S.category, stored: "?", expected: schema.shapeHash)
        }
        core.preparedStates.withLock { _ = $0.insert(model) }
        return transactions
    }
}
