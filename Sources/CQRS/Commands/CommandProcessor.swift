import CoreMetrics
import Foundation
import Logging
import Synchronization
import Tracing

/// Runs commands against aggregates: validate → idempotency → load → decide → append, retrying on
/// concurrent writes.
///
/// The generated `Application.send` calls ``handle(_:with:options:)`` once per command:
///
/// ```swift
/// let processor = CommandProcessor(eventStore: InMemoryEventStore())
/// let receipt = try await processor.handle(Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12),
///                                          with: Shop.Order.Definition(OrderRules()))
/// ```
public struct CommandProcessor: Sendable {
    /// Everything the processor holds, behind one reference: copies of the processor (into every async
    /// frame) cost one retain.
    @usableFromInline
    final class Core: Sendable {
        @usableFromInline let eventStore: any EventStore
        @usableFromInline let configuration: CommandConfiguration
        @usableFromInline let logger: Logger
        @usableFromInline let cache: StateCache
        @usableFromInline let metrics: CommandMetricsRegistry
        /// Where spans go; `nil` with no tracer configured (the no-op tracer): commands are not traced.
        @usableFromInline let tracer: (any Tracer)?
        /// The engine's inline projections, applied in the transaction of the appends whose events they read.
        let inline: InlineProjections?
        /// Where a state-stored aggregate's appends run, to write its row in their transaction: the inline
        /// projections, or none over the same stores; `nil` when the stores share no transactions.
        let transactions: InlineProjections?
        /// The state-stored aggregates' tables known to exist in the read store with their spec's shape.
        let preparedStates = Mutex<Set<String>>([])

        init(
            eventStore: any EventStore, configuration: CommandConfiguration, logger: Logger, inline: InlineProjections?,
            transactions: InlineProjections?
        ) {
            self.eventStore = eventStore
            self.inline = inline
            self.transactions = transactions
            self.configuration = configuration
            self.logger = logger
            self.cache = StateCache(capacity: configuration.stateCacheCapacity)
            self.metrics = CommandMetricsRegistry(factory: configuration.metricsFactory ?? MetricsSystem.factory)
            self.tracer = CQRSTracing.tracer(configuration.tracer)
        }
    }

    @usableFromInline let core: Core

    /// The store commands append to.
    public var eventStore: any EventStore { core.eventStore }
    /// The processor's settings.
    public var configuration: CommandConfiguration { core.configuration }
    @usableFromInline var logger: Logger { core.logger }
    @usableFromInline var cache: StateCache { core.cache }
    @usableFromInline var metrics: CommandMetricsRegistry { core.metrics }

    /// Creates a processor over an event store.
    public init(
        eventStore: any EventStore,
        configuration: CommandConfiguration = .init(),
        logger: Logger = Logger(label: "cqrs.commands")
    ) {
        core = Core(
            eventStore: eventStore, configuration: configuration, logger: logger, inline: nil, transactions: nil)
    }

    /// A processor whose appends also apply the engine's inline projections, and write state-stored
    /// aggregates' rows in `readStore` when it shares transactions with the event store.
    init(
        eventStore: any EventStore, readStore: any ReadStore, configuration: CommandConfiguration, logger: Logger,
        inline: InlineProjections?, changes: ReadModelChangeFeed
    ) {
        core = Core(
            eventStore: eventStore, configuration: configuration, logger: logger, inline: inline,
            transactions: inline
                ?? InlineProjections(transactionsOf: eventStore, readStore: readStore, changes: changes)
        )
    }

    /// Appends a decision: in an inline transaction when inline projections read its events.
    @usableFromInline
    func append(_ request: AppendRequest) async throws -> AppendResult {
        if let inline = core.inline { return try await inline.append(request) }
        return try await core.eventStore.append(request)
    }

    /// Appends a decision that leaves `state`: with the state's row in the same transaction for a
    /// state-stored aggregate.
    @inlinable
    func append<A: AggregateDefinition>(_ request: AppendRequest, leaving state: A.State, of aggregate: A.Type)
        async throws -> AppendResult
    {
        guard A.storage == .state else { return try await append(request) }
        return try await appendSavingState(request, state: state, of: A.self)
    }

    /// Handles one command.
    ///
    /// 1. ``AggregateCommand/validate()`` finds violations: throws ``CommandValidationError``.
    /// 2. Loads the state: the cached state as it is (a creating command: the initial state), or on a cache
    ///    miss the snapshot and the events after it. With ``CommandConfiguration/decidesOnCachedState`` off,
    ///    or after a conflict or a refusal of a state not read from the store, the events after the cached
    ///    version are always read.
    /// 3. The command creates its stream and the stream exists: ``CommandError/streamAlreadyExists(_:)``;
    ///    it does not create it and it does not exist: ``CommandError/streamNotFound(_:)``.
    /// 4. ``CommandOptions/expectedVersion`` is set and the stream is at another version:
    ///    ``CommandError/concurrencyConflict(_:attempts:)`` (never retried past it).
    /// 5. ``AggregateCommand/decide(with:state:context:)`` (its errors pass through unchanged); no events: a
    ///    receipt with `eventCount == 0`. Steps 3–5 refuse only a state read from the store; for a cached
    ///    one, back to 2, reading the store.
    /// 6. Appends with the version the state was loaded at and the command id; on a conflict, back to 2, at most
    ///    ``CommandConfiguration/maxConflictRetries`` times, then ``CommandError/concurrencyConflict(_:attempts:)``.
    /// 7. Writes a snapshot when the new version crosses a multiple of `snapshotEvery`.
    ///
    /// A command id handled before gets its first receipt back, with `isDuplicate == true`, and nothing is
    /// appended again: the store's append checks the id before anything else, and a refusal in 3 to 5 (or an
    /// empty decision) first looks the id up, since the first handling's own events may be what refuses it.
    ///
    /// ```swift
    /// let receipt = try await processor.handle(command, with: Shop.Order.Definition(OrderRules()))
    /// ```
    @inlinable
    @discardableResult
    public func handle<C: AggregateCommand>(
        _ command: C,
        with aggregate: C.Aggregate,
        options: CommandOptions = .init()
    ) async throws -> CommandReceipt {
        do {
            return try await process(command, with: aggregate, options: options).receipt
        } catch let failure as DecideFailure {
            throw failure.error
        }
    }

    /// Handles one command like ``handle(_:with:options:)``, but returns a refusal by its target (a
    /// ``CommandValidationError``, ``CommandError/streamNotFound(_:)``,
    /// ``CommandError/streamAlreadyExists(_:)``, or an error of the aggregate's `decide`) as
    /// ``CommandOutcome/refused(_:)`` instead of throwing it: what a reaction (or an HTTP layer) needs to
    /// tell a refusal, which retrying cannot help, from an infrastructure error, which it may.
    ///
    /// ```swift
    /// if case .refused(let refusal) = try await processor.submit(command, with: definition) { … }
    /// ```
    ///
    /// - Throws: what is not a refusal: a concurrency conflict, a store error, cancellation.
    @inlinable
    public func submit<C: AggregateCommand>(
        _ command: C,
        with aggregate: C.Aggregate,
        options: CommandOptions = .init()
    ) async throws -> CommandOutcome {
        do {
            return .accepted(try await process(command, with: aggregate, options: options).receipt)
        } catch let failure as DecideFailure {
            return .refused(CommandRefusal(command: C.commandName, error: failure.error))
        } catch let error as CommandValidationError {
            return .refused(CommandRefusal(command: C.commandName, error: error))
        } catch let error as CommandError {
            if case .concurrencyConflict = error { throw error }
            return .refused(CommandRefusal(command: C.commandName, error: error))
        }
    }

    /// ``handle(_:with:options:)`` with an error of `decide` wrapped in ``DecideFailure``, and the state the
    /// command left when this handling decided it (`nil` for a resend of a handled command id).
    ///
    /// With a tracer configured, the command is handled in its span (`trace`), whose context goes into the
    /// events' metadata; without one, `core.tracer` is `nil` and that one check is all tracing costs.
    @inlinable
    func process<C: AggregateCommand>(
        _ command: C,
        with aggregate: C.Aggregate,
        options: CommandOptions,
        trace: CommandTrace? = nil
    ) async throws -> HandledCommand<C.Aggregate.State> {
        if trace == nil, let tracer = core.tracer {
            return try await CommandTrace.handle(
                tracer, command: C.commandName, aggregate: C.Aggregate.category, stream: command.streamID,
                options: options
            ) { trace, options in
                try await process(command, with: aggregate, options: options, trace: trace)
            }
        }
        let started = ContinuousClock.now
        let name = C.commandName
        let metrics = self.metrics.metrics(aggregate: C.Aggregate.category, command: name)
        defer { metrics.duration.recordNanoseconds((ContinuousClock.now - started).nanoseconds) }
        do {
            try CommandRules.checkConstraints(of: command)
            let handled = try await run(
                aggregate,
                stream: command.streamID,
                creates: C.createsStream,
                command: name,
                options: options,
                metrics: metrics,
                trace: trace
            ) { state, context in
                try command.decide(with: aggregate, changing: &state, context: context)
            }
            metrics.handled.increment()
            let receipt = handled.receipt
            if !receipt.isDuplicate, receipt.eventCount > 0 { metrics.appended.increment(by: receipt.eventCount) }
            return handled
        } catch let failure as DecideFailure {
            metrics.rejected.increment()
            throw failure
        } catch let error as CommandValidationError {
            metrics.rejected.increment()
            throw error
        } catch let error as CommandError {
            if case .concurrencyConflict = error {
                metrics.conflicted.increment()
                logger.warning("command conflicted", metadata: ["command": "\(name)", "error": "\(error)"])
            } else {
                metrics.rejected.increment()
            }
            throw error
        } catch {
            metrics.failed.increment()
            logger.error("command failed", metadata: ["command": "\(name)", "error": "\(error)"])
            throw error
        }
    }

    @inlinable
    func run<A: AggregateDefinition, E: EmittedEvent>(
        _ aggregate: A,
        stream: StreamID,
        creates: Bool,
        command: String,
        options: CommandOptions,
        metrics: CommandMetrics,
        trace: CommandTrace?,
        decide: (inout A.State, DecisionContext) throws -> [E]
    ) async throws -> HandledCommand<A.State> where E.AggregateEvent == A.Event {
        // Idempotency costs nothing on the way to a success: the append checks the command id first, in the
        // same atomic step, and answers a resend with the first receipt. A resend refused before it gets
        // there (its own events changed the state it is decided on) looks the command id up before refusing.
        //
        // A state not read from the store in this pass (a cached state, or a creating command's initial
        // state) is optimistic: the append's expected version catches a stale one, and a refusal is only
        // given once `decide` has refused the stored state too.
        var attempts = 0
        var readsStore = !configuration.decidesOnCachedState
        while true {
            let (state, version, isStored) = try await load(
                aggregate, stream: stream, creates: creates, readsStore: readsStore)
            if let refusal = CommandRules.streamRefusal(creates: creates, stream: stream, version: version) {
                if creates, let receipt = try await earlierReceipt(for: options.commandID) {
                    return HandledCommand(receipt: receipt, state: nil)
                }
                throw refusal
            }
            if let expected = options.expectedVersion, expected != version {
                if !isStored {
                    readsStore = true
                    continue
                }
                if let receipt = try await earlierReceipt(for: options.commandID) {
                    return HandledCommand(receipt: receipt, state: nil)
                }
                throw CommandError.concurrencyConflict(
                    WrongExpectedVersion(
                        stream: stream, expected: expected == 0 ? .noStream : .exact(expected),
                        actual: version == 0 ? nil : version),
                    attempts: 1
                )
            }
            let emitted: [E]
            var newState = state
            do {
                let context = DecisionContext(
                    stream: stream, version: version, commandID: options.commandID, now: configuration.now())
                if let trace {
                    emitted = try trace.decide(version: version, stateIsStored: isStored) {
                        try decide(&newState, context)
                    }
                } else {
                    emitted = try decide(&newState, context)
                }
            } catch {
                if !isStored {
                    readsStore = true
                    continue
                }
                if version > 0, let receipt = try await earlierReceipt(for: options.commandID) {
                    return HandledCommand(receipt: receipt, state: nil)
                }
                throw DecideFailure(error: error)
            }
            guard !emitted.isEmpty else {
                if !isStored {
                    readsStore = true
                    continue
                }
                if version > 0, let receipt = try await earlierReceipt(for: options.commandID) {
                    return HandledCommand(receipt: receipt, state: nil)
                }
                let receipt = CommandReceipt(
                    commandID: options.commandID,
                    streamID: stream,
                    version: version,
                    position: 0,
                    eventCount: 0,
                    isDuplicate: false
                )
                return HandledCommand(receipt: receipt, state: state)
            }
            var events: [NewEvent] = []
            events.reserveCapacity(emitted.count)
            for emittedEvent in emitted { events.append(try A.encode(emittedEvent.event)) }
            let request = AppendRequest(
                stream: stream,
                expectedVersion: version == 0 ? .noStream : .exact(version),
                events: events,
                commandID: options.commandID,
                // A chain of commands (a reaction's, say) shares the first command's id unless given one.
                correlationID: options.correlationID ?? options.commandID,
                metadata: options.metadata
            )
            let result: AppendResult
            // Only an append decided on the stored state counts against `maxConflictRetries`: a conflict of a
            // cached (or initial) state says that state was stale, not that a writer raced this command.
            if isStored { attempts += 1 }
            do {
                if let trace {
                    let decided = newState
                    result = try await trace.append(request) { try await append($0, leaving: decided, of: A.self) }
                } else {
                    result = try await append(request, leaving: newState, of: A.self)
                }
            } catch let conflict as WrongExpectedVersion {
                // The version the client saw is what the append expected: a conflict of a stored state means
                // the stream moved on, and retrying would decide past it.
                let retries = options.expectedVersion == nil ? configuration.maxConflictRetries : 0
                guard !isStored || attempts <= retries else {
                    throw CommandError.concurrencyConflict(conflict, attempts: attempts)
                }
                metrics.retries.increment()
                logger.debug(
                    "retrying after a conflict",
                    metadata: ["stream": "\(stream)", "attempt": "\(attempts)", "stateWasCached": "\(!isStored)"])
                readsStore = true
                continue
            }
            let receipt = CommandReceipt(result, commandID: options.commandID, isDuplicate: result.isDuplicate)
            // A duplicate's events are the first handling's: `newState` is not what they left.
            guard !result.isDuplicate else { return HandledCommand(receipt: receipt, state: nil) }
            cache.store(
                .init(definition: ObjectIdentifier(A.self), version: result.version, state: newState), for: stream)
            await snapshotIfDue(aggregate, stream: stream, from: version, to: result.version, state: newState)
            return HandledCommand(receipt: receipt, state: newState)
        }
    }

    /// The receipt of an earlier handling of the command id, marked as a duplicate; `nil` if it was never handled.
    @inlinable
    func earlierReceipt(for commandID: UUID) async throws -> CommandReceipt? {
        guard let recorded = try await eventStore.appendResult(forCommand: commandID) else { return nil }
        return CommandReceipt(recorded, commandID: commandID, isDuplicate: true)
    }

    /// The stream's state and version (0: no stream), and whether they were read from the store.
    ///
    /// `readsStore == false`: a cached state as it is, and for a creating command the initial state at
    /// version 0, without asking the store (the caller treats them as optimistic). Otherwise, and on a
    /// cache miss, the cached state or the snapshot brought up to date with the events stored after it.
    @inlinable
    func load<A: AggregateDefinition>(
        _ aggregate: A,
        stream: StreamID,
        creates: Bool,
        readsStore: Bool
    ) async throws -> (state: A.State, version: Int64, isStored: Bool) {
        var state = A.initialState()
        var version: Int64 = 0
        if creates, !readsStore { return (state, version, false) }
        if A.storage == .state {
            if !creates, !readsStore, let cached = cachedState(of: stream, in: A.self) {
                return (cached.state, cached.version, false)
            }
            guard let stored = try await storedState(in: stream, of: A.self) else { return (state, 0, true) }
            cache.store(
                .init(definition: ObjectIdentifier(A.self), version: stored.version, state: stored.state), for: stream)
            return (stored.state, stored.version, true)
        }
        // A creating command names a new stream: no cache or snapshot to look for (if the stream does exist,
        // reading its events finds out).
        if !creates, let cached = cachedState(of: stream, in: A.self) {
            if !readsStore { return (cached.state, cached.version, false) }
            state = cached.state
            version = cached.version
        } else if !creates, let snapshot = try await usableSnapshot(of: aggregate, stream: stream) {
            state = snapshot.state
            version = snapshot.version
        }
        let events = try await eventStore.readStream(stream, from: version + 1, until: nil)
        guard !events.isEmpty else { return (state, version, true) }
        for event in events {
            aggregate.evolve(&state, with: try A.decode(event))
            version = event.streamVersion
        }
        cache.store(.init(definition: ObjectIdentifier(A.self), version: version, state: state), for: stream)
        return (state, version, true)
    }

    /// The state cached for `stream` by this aggregate's definition type (two definitions of one category
    /// never share a state), and its version.
    @inlinable
    func cachedState<A: AggregateDefinition>(of stream: StreamID, in aggregate: A.Type) -> (
        state: A.State, version: Int64
    )? {
        guard let entry = cache.entry(for: stream), entry.definition == ObjectIdentifier(A.self),
            let state = entry.state as? A.State
        else { return nil }
        return (state, entry.version)
    }

    /// The stream's snapshot, decoded, when the processor uses snapshots, the aggregate takes them, and the
    /// latest one has the aggregate's state version and decodes (one that does not is logged and ignored).
    @inlinable
    func usableSnapshot<A: AggregateDefinition>(
        of aggregate: A,
        stream: StreamID
    ) async throws -> (state: A.State, version: Int64)? {
        guard core.configuration.usesSnapshots, A.snapshotEvery != nil,
            let snapshot = try await eventStore.loadSnapshot(for: stream), snapshot.stateVersion == A.stateVersion
        else { return nil }
        do {
            return (try EventPayload.decode(A.State.self, from: snapshot.state), snapshot.version)
        } catch {
            logger.warning(
                "ignoring a snapshot that does not decode",
                metadata: ["stream": "\(stream)", "error": "\(EventPayload.describe(error))"]
            )
            return nil
        }
    }

    @inlinable
    func snapshotIfDue<A: AggregateDefinition>(
        _ aggregate: A,
        stream: StreamID,
        from oldVersion: Int64,
        to newVersion: Int64,
        state: A.State
    ) async {
        guard configuration.usesSnapshots, let every = A.snapshotEvery, every > 0,
            oldVersion / Int64(every) < newVersion / Int64(every)
        else { return }
        do {
            let snapshot = Snapshot(
                stream: stream,
                version: newVersion,
                stateVersion: A.stateVersion,
                state: try EventPayload.encode(state)
            )
            try await eventStore.saveSnapshot(snapshot)
        } catch {
            logger.warning("could not save a snapshot", metadata: ["stream": "\(stream)", "error": "\(error)"])
        }
    }
}

/// A handled command's receipt and the state it left, when the handling decided it: `nil` for a resend of a
/// handled command id, whose events the first handling folded.
@usableFromInline
struct HandledCommand<State: Sendable>: Sendable {
    @usableFromInline var receipt: CommandReceipt
    @usableFromInline var state: State?

    @usableFromInline
    init(receipt: CommandReceipt, state: State?) {
        self.receipt = receipt
        self.state = state
    }
}

/// An error thrown by the user's `decide`, marked so that it counts as a rejection.
@usableFromInline
struct DecideFailure: Error {
    @usableFromInline var error: any Error

    @usableFromInline
    init(error: any Error) {
        self.error = error
    }
}

extension CommandReceipt {
    @inlinable
    init(_ result: AppendResult, commandID: UUID, isDuplicate: Bool) {
        self.init(
            commandID: commandID,
            streamID: result.stream,
            version: result.version,
            position: result.position,
            eventCount: result.eventCount,
            isDuplicate: isDuplicate
        )
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    @inlinable
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ attoseconds / 1_000_000_000
    }
}
