import Foundation

extension CommandProcessor {
    /// An aggregate's current state and version, read from the write side: the cached state (or the
    /// latest snapshot) brought up to date with the events stored after it, in one stream read. `nil` when
    /// the stream does not exist.
    ///
    /// The generated `Application.state(of:in:)` calls it; a projection may lag behind a command, this
    /// never does:
    ///
    /// ```swift
    /// let order = try await processor.state(of: orderID, in: Shop.Order.Definition(OrderRules()))
    /// ```
    @inlinable
    public func state<A: AggregateDefinition>(of id: A.ID, in aggregate: A) async throws -> VersionedState<A.State>? {
        let stream = A.streamID(id)
        let (state, version, _) = try await load(aggregate, stream: stream, creates: false, readsStore: true)
        guard version > 0 else { return nil }
        return VersionedState(stream: stream, version: version, state: state)
    }

    /// An aggregate's state as it was: folded from its events up to `limit`, a stream version or a moment.
    /// `nil` when the stream had no event by then.
    ///
    /// - ``StreamReadLimit/version(_:)``: the state after that version's event; a version past the
    ///   stream's last gives the current state (``VersionedState/version`` says which). Starts from the
    ///   cached state or the snapshot when either is at or before the version.
    /// - ``StreamReadLimit/recordedAt(_:)``: the state after the events recorded at or before that moment,
    ///   folded from the stream's first event (neither a cached state nor a snapshot says when it was).
    ///
    /// ```swift
    /// let asFirstPlaced = try await processor.state(of: orderID, in: definition, asOf: .version(1))
    /// let atNoon = try await processor.state(of: orderID, in: definition, asOf: .recordedAt(noon))
    /// ```
    ///
    /// - Throws: ``StateStorageError/noHistory(aggregate:)`` for a state-stored aggregate, which keeps only
    ///   its current state.
    @inlinable
    public func state<A: AggregateDefinition>(
        of id: A.ID,
        in aggregate: A,
        asOf limit: StreamReadLimit
    ) async throws -> VersionedState<A.State>? {
        try await state(in: A.streamID(id), of: aggregate, asOf: limit)
    }

    /// Handles one command like ``handle(_:with:options:)`` and returns, with its receipt, the state it left
    /// the aggregate in, at no extra store read: the command's events were folded into it on the way to the
    /// append (and a command that decided on no events returns the state it decided on). Only a resend of a
    /// handled command id reads the state: as of the version the first handling left for an event-sourced
    /// aggregate; the current state for a state-stored one, which keeps no other.
    ///
    /// ```swift
    /// let result = try await processor.handleReturningState(command, with: definition)
    /// print(result.receipt.version, result.state)
    /// ```
    @inlinable
    public func handleReturningState<C: AggregateCommand>(
        _ command: C,
        with aggregate: C.Aggregate,
        options: CommandOptions = .init()
    ) async throws -> CommandResult<C.Aggregate.State> {
        let handled: HandledCommand<C.Aggregate.State>
        do {
            handled = try await process(command, with: aggregate, options: options)
        } catch let failure as DecideFailure {
            throw failure.error
        }
        if let state = handled.state { return CommandResult(receipt: handled.receipt, state: state) }
        let receipt = handled.receipt
        if C.Aggregate.storage == .state {
            let current = try await load(aggregate, stream: receipt.streamID, creates: false, readsStore: true)
            return CommandResult(receipt: receipt, state: current.state)
        }
        guard let first = try await state(in: receipt.streamID, of: aggregate, asOf: .version(receipt.version)) else {
            throw CommandError.streamNotFound(receipt.streamID)
        }
        return CommandResult(receipt: receipt, state: first.state)
    }

    /// The state of `stream` folded up to `limit`; `nil` when it had no event by then.
    @inlinable
    func state<A: AggregateDefinition>(
        in stream: StreamID,
        of aggregate: A,
        asOf limit: StreamReadLimit
    ) async throws -> VersionedState<A.State>? {
        guard A.storage == .events else { throw StateStorageError.noHistory(aggregate: A.category) }
        var state = A.initialState()
        var version: Int64 = 0
        if case .version(let last) = limit {
            guard last > 0 else { return nil }
            if let cached = cachedState(of: stream, in: A.self), cached.version <= last {
                state = cached.state
                version = cached.version
            } else if let snapshot = try await usableSnapshot(of: aggregate, stream: stream), snapshot.version <= last {
                state = snapshot.state
                version = snapshot.version
            }
            if version == last { return VersionedState(stream: stream, version: version, state: state) }
        }
        for event in try await eventStore.readStream(stream, from: version + 1, until: limit) {
            // A store that filters by time may skip an event recorded later than one after it (a clock set
            // back): the state stops before the gap rather than fold a state that never was.
            guard event.streamVersion == version + 1 else { break }
            aggregate.evolve(&state, with: try A.decode(event))
            version = event.streamVersion
        }
        guard version > 0 else { return nil }
        return VersionedState(stream: stream, version: version, state: state)
    }
}
