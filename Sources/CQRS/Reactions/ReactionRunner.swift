import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Tracing

/// Delivers one reaction's events: take the reaction's lease, read its checkpoint, deliver the events of
/// the log after it in order, then wait for appends. Each event is delivered at least once; the
/// checkpoint advances (in the read store, fenced like a projection's) only after its commands were
/// accepted or refused, so a crash redelivers and the derived command ids make the redelivery harmless.
///
/// An infrastructure error (a store error, a conflict that outlasts the processor's retries, a call-out
/// that times out) is retried with exponential backoff; after ``ReactionConfiguration/maxAttempts`` the
/// runner stops in ``ReactionStatus/failed(_:)``, naming the event and the error, while every other runner
/// goes on. ``resume()`` tries again.
///
/// A swift-service-lifecycle `Service`; the ``Engine`` runs one per reaction.
public final class ReactionRunner: Service, Sendable {
    struct State: CheckpointWaitingState {
        var status: ReactionStatus = .stopped
        var checkpoint: Int64 = 0
        /// The head of the log when the lease was taken: events up to it may be redeliveries.
        var redeliveryHorizon: Int64 = 0
        var isRunning = false
        /// A wake-up to store the checkpoint is pending.
        var isStoreScheduled = false
        var waiters = CheckpointWaiters()
        var wake: AsyncStream<Int64>.Continuation?

        var failure: (any Error)? {
            if case .failed(let failure) = status { return failure }
            return nil
        }
    }

    /// The reaction's name.
    public let name: String
    private let reaction: ReactionDelivery
    private let eventStore: any EventStore
    private let readStore: any ReadStore
    private let commands: CommandProcessor
    private let configuration: ReactionConfiguration
    private let logger: Logger
    private let metrics: ReactionMetrics
    /// Where the spans of deliveries go; `nil`: deliveries are not traced.
    private let tracer: (any Tracer)?
    private let state = Mutex(State())
    /// The reaction's part of its command ids.
    private let commandIDs: ReactionCommandID.Seed

    /// Creates a runner; nothing happens until ``run()``.
    public convenience init<R: EventReaction>(
        reaction: R,
        commands: CommandProcessor,
        readStore: any ReadStore,
        configuration: ReactionConfiguration = .init(),
        logger: Logger? = nil
    ) {
        self.init(
            delivery: ReactionDelivery(reaction), commands: commands, readStore: readStore,
            configuration: configuration, logger: logger)
    }

    init(
        delivery: ReactionDelivery,
        commands: CommandProcessor,
        readStore: any ReadStore,
        configuration: ReactionConfiguration,
        logger: Logger?
    ) {
        self.reaction = delivery
        self.name = delivery.name
        self.commandIDs = ReactionCommandID.Seed(reaction: delivery.name)
        self.eventStore = commands.eventStore
        self.readStore = readStore
        self.commands = commands
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "cqrs.reaction.\(delivery.name)")
        self.metrics = ReactionMetrics(
            reaction: delivery.name, factory: configuration.metricsFactory ?? MetricsSystem.factory)
        self.tracer = CQRSTracing.tracer(configuration.tracer)
    }

    /// The read-store model that holds the reaction's checkpoint and a row per command its targets
    /// refused (so that a redelivered event finds it refused again, whatever the target's state is by
    /// then), and its lease's name.
    public static func checkpointModel(of reaction: String) -> ReadModelSchema {
        ReadModelSchema(
            name: "reaction_\(reaction)",
            columns: [.init(name: "commandID", type: .uuid), .init(name: "refusal", type: .string)],
            key: ["commandID"])
    }

    private var model: ReadModelSchema { Self.checkpointModel(of: name) }

    // MARK: Observing

    /// What the runner is doing.
    public var status: ReactionStatus { state.withLock { $0.status } }

    /// The position of the last event delivered, as far as this runner knows.
    public var checkpoint: Int64 { state.withLock { $0.checkpoint } }

    /// Returns when the reaction has delivered every event up to `position`.
    ///
    /// - Throws: ``ReactionTimeout`` when `timeout` passes first; the ``ReactionFailure`` at once when the
    ///   reaction has failed or fails meanwhile.
    public func waitUntilProcessed(_ position: Int64, timeout: Duration) async throws {
        switch state.withLock({ ($0.checkpoint, $0.status) }) {
        case (let checkpoint, _) where checkpoint >= position: return
        case (_, .failed(let failure)): throw failure
        default: break
        }
        try await waitForCheckpoint(position, timeout: timeout) {
            ReactionTimeout(
                reaction: self.name, position: position, checkpoint: self.checkpoint, timeout: timeout,
                isRunning: self.state.withLock { $0.isRunning })
        }
    }

    // MARK: Running

    /// Runs until the task is cancelled (or a graceful shutdown). A failure stops delivery (status
    /// ``ReactionStatus/failed(_:)``) but not this method, so that the other services of a group go on.
    public func run() async throws {
        let (wakeups, wake) = AsyncStream.makeStream(of: Int64.self, bufferingPolicy: .bufferingNewest(1))
        let claimed = state.withLock { state in
            if state.isRunning { return false }
            state.isRunning = true
            state.wake = wake
            return true
        }
        guard claimed else { throw ReactionRunnerError.alreadyRunning(name) }
        // Subscribe before the first read, so that no append between the two goes unnoticed.
        let forwarding = eventStore.wakeOnAppends(wake, eventTypes: reaction.eventTypes)
        defer {
            state.withLock { state in
                state.isRunning = false
                state.wake = nil
                if case .failed = state.status {} else { state.status = .stopped }
            }
            wake.finish()
        }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                if let forwarding { group.addTask(operation: forwarding) }
                await self.loop(wakeups)
                group.cancelAll()
            }
        }
    }

    /// Tries a failed reaction again from its checkpoint (the event it failed on first); does nothing
    /// otherwise.
    public func resume() {
        let wake = state.withLock { state -> AsyncStream<Int64>.Continuation? in
            guard case .failed = state.status else { return nil }
            state.status = .starting
            return state.wake
        }
        wake?.yield(0)
    }

    private func loop(_ wakeups: AsyncStream<Int64>) async {
        let leases = readStore.leaseProvider()
        var iterator = wakeups.makeAsyncIterator()
        while !Task.isCancelled {
            setStatus(.waitingForLease)
            let lease: any ProjectionLease
            do {
                lease = try await leases.acquire(model.name)
            } catch {
                break  // cancelled
            }
            let interrupted = await run(holding: lease, wakeups: &iterator)
            await lease.release()
            guard interrupted else { break }
            logger.notice("lost the reaction's lease or was fenced by another runner; re-acquiring")
        }
    }

    /// Delivers while holding the lease; returns `true` when interrupted (lease lost, or another runner
    /// committed), `false` when stopped.
    private func run(holding lease: any ProjectionLease, wakeups: inout AsyncStream<Int64>.Iterator) async -> Bool {
        setStatus(.starting)
        var position: Cursor
        let refusals: RefusalLedger
        do {
            position = Cursor(stored: try await start())
            // Every row but the start row is a recorded refusal.
            let rows = try await readStore.count(in: model.name, matching: [])
            let startRows = try await readStore.count(
                in: model.name, matching: [.init(column: "commandID", .equals(.uuid(Self.startRow)))])
            refusals = RefusalLedger(model: model.name, readStore: readStore, holdsRefusals: rows > startRows)
        } catch {
            if Task.isCancelled || error is CancellationError { return false }
            fail(ReactionFailure(reaction: name, position: 1, eventType: nil, eventID: nil, attempts: 1, error: error))
            return await waitForResume(&wakeups)
        }
        publish(checkpoint: position.read)
        // The head an append woke the runner with (0: woken for another reason).
        var woken: Int64 = 0
        while !Task.isCancelled {
            if case .failed = status {
                guard await wakeups.next() != nil else { break }
                // Appends went unread meanwhile: the next pass reads the log to its head.
                woken = 0
                continue
            }
            if eventStore.holdsNone(of: reaction.eventTypes, after: position.read, through: woken),
                ContinuousClock.now - position.storedAt < configuration.checkpointInterval
            {
                // Appends of other types only: nothing to read.
                position.read = woken
                publish(checkpoint: woken)
            } else {
                switch await catchUp(from: &position, through: woken, holding: lease, refusals: refusals) {
                case .interrupted: return true
                case .failed, .done: break
                }
                if case .failed = status { continue }
                if !Task.isCancelled { setStatus(.live) }
            }
            if !position.isStored { scheduleCheckpointStore() }
            guard let head = await wakeups.next() else { break }
            woken = head
        }
        // Stopping: store what was delivered, so that the next holder does not deliver it again (best effort:
        // a failure is logged, the runner stops all the same), in a task of its own, which the cancellation
        // that stops the runner does not reach.
        if !position.isStored {
            let delivered = position
            await Task {
                var position = delivered
                _ = await self.store(&position, holding: lease, failing: false)
            }.value
        }
        return false
    }

    /// Waits for a ``resume()`` after a failure to start; `true` to start again.
    private func waitForResume(_ wakeups: inout AsyncStream<Int64>.Iterator) async -> Bool {
        while await wakeups.next() != nil {
            if case .failed = status { continue }
            return true
        }
        return false
    }

    /// Prepares the checkpoint's model and reads it; on the first run of a reaction that starts `now`, sets
    /// it to the head of the log.
    private func start() async throws -> Int64 {
        _ = try await readStore.prepare(model)
        // A previous holder of the lease may have delivered events up to the head: those may come again.
        let head = try await eventStore.headPosition()
        try await eventStore.waitUntilReadable(through: head)
        state.withLock { $0.redeliveryHorizon = max($0.redeliveryHorizon, head) }
        let stored = try await readStore.checkpoint(of: model.name)
        // The first run is the one that finds no checkpoint and no start row (a checkpoint of 0 may be a run
        // before the first event): a reaction that starts `now` begins at the head then, and resumes from its
        // checkpoint after; one that has a checkpoint (it started `beginning`, say) keeps its backlog.
        guard reaction.start == .now, stored == 0,
            try await readStore.row(in: model.name, key: [.uuid(Self.startRow)]) == nil
        else { return stored }
        let start = head
        try await readStore.commit(
            [.upsert([.uuid(Self.startRow), .string("first run at position \(start)")])], to: model.name,
            expected: stored, checkpoint: start)
        logger.info("first run: starting from the head of the log", metadata: ["position": "\(start)"])
        return start
    }

    /// The key of the row that says a reaction starting `now` has run (no command id is all zeros).
    static let startRow = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    private enum PassOutcome {
        case done, failed, interrupted
    }

    /// Where a runner stands in the log: how far it has delivered, and the checkpoint stored, which may lag
    /// behind (``ReactionConfiguration/checkpointInterval``).
    private struct Cursor {
        var stored: Int64
        var read: Int64
        /// Events delivered since the checkpoint was stored.
        var unstoredDeliveries = 0
        var storedAt = ContinuousClock.now

        init(stored: Int64) {
            self.stored = stored
            self.read = stored
        }

        var isStored: Bool { read == stored }
    }

    /// Delivers the log after `position` in batches. The checkpoint moves in memory after each (waiters see
    /// it at once), and is stored after `batchSize` deliveries or `checkpointInterval`.
    ///
    /// `head`: the head an append woke the runner with (0: none). Up to it, the store may serve the events
    /// from memory; past it, there is nothing to read until the next append wakes the runner again.
    private func catchUp(
        from position: inout Cursor, through head: Int64, holding lease: any ProjectionLease,
        refusals: RefusalLedger
    ) async -> PassOutcome {
        let context = _ReactionDeliveryContext(
            reactionName: name, processor: commands, logger: logger, metrics: metrics, refusals: refusals,
            commandIDs: commandIDs,
            mayHaveBeenDelivered: { [weak self] position in
                (self?.state.withLock { $0.redeliveryHorizon } ?? .max) >= position
            })
        while !Task.isCancelled {
            let page: EventPage
            if head > 0, position.read >= head {
                page = EventPage(events: [], lastPosition: position.read)
            } else if let recent = eventStore.recentPage(
                after: position.read, through: head, limit: configuration.batchSize, eventTypes: reaction.eventTypes)
            {
                page = recent
            } else {
                do {
                    page = try await eventStore.readAll(
                        after: position.read, limit: configuration.batchSize, eventTypes: reaction.eventTypes)
                } catch {
                    return storeFailure(error, at: position.read)
                }
            }
            guard page.lastPosition > position.read else {
                if ContinuousClock.now - position.storedAt >= configuration.checkpointInterval {
                    return await store(&position, holding: lease) ?? .done
                }
                return .done
            }
            if !page.events.isEmpty { setStatus(.catchingUp, onlyFrom: [.starting, .live]) }
            var delivered = position.read
            for event in page.events {
                guard await deliverWithRetries(event, in: context) else {
                    // Keep what was delivered: a resume starts at the failed event.
                    position.read = delivered
                    return await store(&position, holding: lease) ?? .failed
                }
                delivered = event.position
                position.unstoredDeliveries += 1
                metrics.delivered.increment()
                if Task.isCancelled { break }
            }
            if !Task.isCancelled { delivered = page.lastPosition }
            position.read = delivered
            publish(checkpoint: delivered)
            if position.unstoredDeliveries >= configuration.batchSize
                || ContinuousClock.now - position.storedAt >= configuration.checkpointInterval
            {
                if let outcome = await store(&position, holding: lease) { return outcome }
            }
            guard !page.events.isEmpty else { continue }
            metrics.lagSeconds.record(
                page.events.last.map { max(Date().timeIntervalSince($0.recordedAt), 0) } ?? 0)
            if page.events.count < configuration.batchSize {
                metrics.lagEvents.record(0)
            } else if let behind = try? await eventStore.countEvents(
                after: position.read, atMost: configuration.batchSize)
            {
                metrics.lagEvents.record(behind)
            }
        }
        return .done
    }

    /// Stores the checkpoint the runner has delivered through, if it moved; an outcome that ends the pass, if
    /// any. `failing`: whether a store error fails the reaction (else it is logged: the runner is stopping).
    private func store(_ position: inout Cursor, holding lease: any ProjectionLease, failing: Bool = true) async
        -> PassOutcome?
    {
        guard !position.isStored else { return nil }
        guard await lease.isHeld() else { return .interrupted }
        do {
            try await readStore.commit([], to: model.name, expected: position.stored, checkpoint: position.read)
        } catch let conflict as CheckpointConflict {
            logger.warning("another runner committed first", metadata: ["conflict": "\(conflict)"])
            return .interrupted
        } catch {
            guard failing else {
                logger.warning(
                    "could not store the checkpoint while stopping: the next run delivers those events again",
                    metadata: ["position": "\(position.read)", "error": "\(error)"])
                return nil
            }
            return storeFailure(error, at: position.stored)
        }
        position.stored = position.read
        position.unstoredDeliveries = 0
        position.storedAt = ContinuousClock.now
        publish(checkpoint: position.read)
        return nil
    }

    /// Wakes the runner once `checkpointInterval` has passed, to store a checkpoint it keeps in memory only;
    /// at most one such wake-up is pending.
    private func scheduleCheckpointStore() {
        let wake = state.withLock { state -> AsyncStream<Int64>.Continuation? in
            guard !state.isStoreScheduled else { return nil }
            state.isStoreScheduled = true
            return state.wake
        }
        guard let wake else { return }
        let interval = configuration.checkpointInterval
        Task { [weak self] in
            try? await Task.sleep(for: interval)
            self?.state.withLock { $0.isStoreScheduled = false }
            wake.yield(0)
        }
    }

    /// A store error after `position`: the reaction fails, unless the error comes of a cancellation (the
    /// runner is stopping).
    private func storeFailure(_ error: any Error, at position: Int64) -> PassOutcome {
        if Task.isCancelled || error is CancellationError { return .done }
        fail(.init(reaction: name, position: position + 1, eventType: nil, eventID: nil, attempts: 1, error: error))
        return .failed
    }

    /// Delivers one event, retrying infrastructure errors with backoff; `false` when it gave up (the runner
    /// has failed) or was cancelled.
    private func deliverWithRetries(_ event: RecordedEvent, in context: _ReactionDeliveryContext) async -> Bool {
        var attempt = 1
        while true {
            do {
                if let tracer {
                    try await deliver(event, attempt: attempt, in: context, tracer: tracer)
                } else {
                    try await reaction.deliver(event, context)
                }
                return true
            } catch {
                // Tried once: its commands may have been sent, and another try (or a resume) must find what
                // was refused then.
                state.withLock { $0.redeliveryHorizon = max($0.redeliveryHorizon, event.position) }
                if Task.isCancelled || error is CancellationError { return false }
                guard attempt < configuration.maxAttempts else {
                    fail(
                        ReactionFailure(
                            reaction: name, position: event.position, eventType: event.eventType,
                            eventID: event.eventID, attempts: attempt, error: error))
                    return false
                }
                let wait = configuration.backoff(beforeRetry: attempt)
                logger.warning(
                    "delivery failed; retrying",
                    metadata: [
                        "event": "\(event.eventType)", "position": "\(event.position)", "attempt": "\(attempt)",
                        "retryIn": "\(wait)", "error": "\(error)",
                    ])
                metrics.retries.increment()
                attempt += 1
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    return false
                }
            }
        }
    }

    /// Delivers one event in a span `reaction NAME`, a child of the context the event's metadata carries
    /// (the span of the command that appended it): the commands the reaction sends are children of it.
    private func deliver(
        _ event: RecordedEvent, attempt: Int, in context: _ReactionDeliveryContext, tracer: any Tracer
    ) async throws {
        let (parent, traceKeys) = CQRSTracing.extract(event.metadata, tracer: tracer)
        let span = tracer.startSpan("reaction \(name)", context: parent, ofKind: .consumer)
        defer { span.end() }
        var attributes = SpanAttributes()
        attributes.set(TraceAttribute.reaction, value: .string(name))
        attributes.set(TraceAttribute.eventType, value: .string(event.eventType))
        attributes.set(TraceAttribute.eventID, value: .string(event.eventID.uuidText))
        attributes.set(TraceAttribute.position, value: .int64(event.position))
        attributes.set(TraceAttribute.attempt, value: .int64(Int64(attempt)))
        span.attributes.merge(attributes)
        do {
            try await ServiceContext.withValue(span.context) {
                try await reaction.deliver(event, context.droppingTraceKeys(traceKeys))
            }
        } catch {
            CQRSTracing.fail(span, with: error)
            throw error
        }
    }

    // MARK: State changes

    private func setStatus(_ status: ReactionStatus, onlyFrom allowed: [ReactionStatus]? = nil) {
        state.withLock { state in
            if let allowed, !allowed.contains(state.status) { return }
            state.status = status
        }
    }

    private func publish(checkpoint: Int64) {
        let reached = state.withLock { state in
            state.checkpoint = checkpoint
            return state.waiters.takeReached(by: checkpoint)
        }
        for waiter in reached { waiter.continuation.resume() }
    }

    private func fail(_ failure: ReactionFailure) {
        logger.error("reaction failed", metadata: ["failure": "\(failure)"])
        metrics.failures.increment()
        let waiters = state.withLock { state in
            state.status = .failed(failure)
            return state.waiters.takeAll()
        }
        for waiter in waiters { waiter.continuation.resume(throwing: failure) }
    }
}

/// A misuse of a ``ReactionRunner``.
public enum ReactionRunnerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// ``ReactionRunner/run()`` was called while the runner was already running.
    case alreadyRunning(String)

    /// A sentence naming the reaction.
    public var description: String {
        switch self {
        case .alreadyRunning(let name): "the runner of reaction \(name) is already running"
        }
    }
}

/// A reaction had not delivered a position in time.
public struct ReactionTimeout: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reaction.
    public var reaction: String
    /// The position waited for.
    public var position: Int64
    /// The position it had delivered.
    public var checkpoint: Int64
    /// How long the wait was.
    public var timeout: Duration
    /// Whether its runner was running.
    public var isRunning: Bool

    /// A sentence naming the reaction and the positions.
    public var description: String {
        let waited = "reaction \(reaction) had delivered position \(checkpoint), not \(position), after \(timeout)"
        return isRunning ? waited : waited + ": reactions are not running: use `withProjectionsRunning` or `run()`"
    }
}

extension ReactionRunner: CheckpointWaitable {
    func withWaitState<T: Sendable>(_ body: (inout State) -> T) -> T {
        state.withLock { body(&$0) }
    }
}
