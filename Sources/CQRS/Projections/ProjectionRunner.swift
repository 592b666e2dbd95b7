import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps one projection's read model up to date: take the projection's lease, prepare the table, read the
/// checkpoint, catch up in batches, then wait for appends. Each batch's row changes and its new checkpoint
/// are committed together, fenced by the checkpoint the batch started from.
///
/// When the store holds the model in another shape, the runner fills a staging table from the log while
/// queries still read the old one, and promotes it once caught up (``ReadStore/prepare(_:)``).
///
/// A swift-service-lifecycle `Service`: run it in a `ServiceGroup`, or through ``Engine/run()``.
///
/// ```swift
/// let runner = ProjectionRunner(projection: Shop.UserOrders.Projection(UserOrdersHandler()),
///                               eventStore: eventStore, readStore: readStore)
/// let group = ServiceGroup(services: [runner], logger: logger)
/// try await group.run()
/// ```
public final class ProjectionRunner: Service, Sendable {
    struct RebuildRequest {
        /// Resumed with `true` when the running loop has rebuilt.
        var continuation: CheckedContinuation<Bool, any Error>
        /// Pages shared with projections rebuilding at the same time, if any.
        var pages: (any EventPageSource)?
        var hasReset = false
    }

    struct State: CheckpointWaitingState {
        var status: ProjectionStatus = .stopped
        /// The checkpoint of the table queries read (the model's).
        var checkpoint: Int64 = 0
        /// Where the next catch-up pass starts: the target table and its checkpoint.
        var position: ProjectionCatchUp.Position
        var isRunning = false
        var waiters = CheckpointWaiters()
        var rebuilds: [RebuildRequest] = []
        var wake: AsyncStream<Int64>.Continuation?

        var failure: (any Error)? {
            if case .failed(let failure) = status { return failure }
            return nil
        }
    }

    /// The projection.
    public let projection: any ReadModelProjection
    /// The projection's name.
    public let name: String
    private let eventStore: any EventStore
    private let readStore: any ReadStore
    private let logger: Logger
    private let state: Mutex<State>
    private let catchUp: ProjectionCatchUp
    /// The engine's inline projections, when this runner's projection is one: it goes live once caught up.
    private let inline: InlineProjections?
    /// Told of each commit to the model queries read (an engine's runner: for watched queries).
    private let changes: ReadModelChangeFeed?
    /// Whether the runner makes its projection live once caught up (an inline projection of an engine).
    var isInline: Bool { inline != nil }

    /// Creates a runner; nothing happens until ``run()`` or ``rebuild()``.
    ///
    /// A runner made here keeps an inline projection up to date like an async one; the ``Engine`` gives its
    /// runners the inline projections' store, so that they go live.
    public convenience init(
        projection: any ReadModelProjection,
        eventStore: any EventStore,
        readStore: any ReadStore,
        configuration: ProjectionConfiguration = .init(),
        logger: Logger? = nil
    ) {
        self.init(
            projection: projection, eventStore: eventStore, readStore: readStore, configuration: configuration,
            logger: logger, inline: nil, changes: nil)
    }

    /// A runner that makes its inline projection live once caught up (`inline` given).
    init(
        projection: any ReadModelProjection,
        eventStore: any EventStore,
        readStore: any ReadStore,
        configuration: ProjectionConfiguration,
        logger: Logger?,
        inline: InlineProjections?,
        changes: ReadModelChangeFeed?
    ) {
        self.inline = inline
        self.changes = changes
        self.projection = projection
        self.name = projection.name
        self.eventStore = eventStore
        self.readStore = readStore
        let logger = logger ?? Logger(label: "cqrs.projection.\(projection.name)")
        self.logger = logger
        self.state = Mutex(State(position: .init(checkpoint: 0, target: projection.name, isStaging: false)))
        self.catchUp = ProjectionCatchUp(
            projection: projection,
            eventStore: eventStore,
            readStore: readStore,
            batchSize: configuration.batchSize,
            checkpointInterval: configuration.checkpointInterval,
            logger: logger,
            metrics: ProjectionMetrics(
                projection: projection.name, factory: configuration.metricsFactory ?? MetricsSystem.factory),
            inline: inline,
            tracer: CQRSTracing.tracer(configuration.tracer)
        )
    }

    // MARK: Observing

    /// What the runner is doing.
    public var status: ProjectionStatus { state.withLock { $0.status } }

    /// Whether the projection is inline and live: where the next pass starts is the live checkpoint.
    private var isLive: Bool { state.withLock { $0.position.checkpoint == ProjectionConsistency.liveCheckpoint } }

    /// The position of the last event the committed read model includes, as far as this runner knows
    /// (``ProjectionConsistency/liveCheckpoint`` once an inline projection is live).
    public var checkpoint: Int64 { state.withLock { $0.checkpoint } }

    /// Returns when the committed checkpoint reaches `position` (woken by the commit, not by polling); at
    /// once for a live inline projection, whichever process made it live.
    ///
    /// - Throws: ``ReadYourWritesTimeout`` when `timeout` passes first; the ``ProjectionFailure`` at once
    ///   when the projection has failed or fails meanwhile.
    public func waitUntilProcessed(_ position: Int64, timeout: Duration) async throws {
        switch state.withLock({ ($0.checkpoint, $0.status) }) {
        case (let checkpoint, _) where checkpoint >= position: return
        case (_, .failed(let failure)): throw failure
        default: break
        }
        // Another process's runner may hold the lease and have made the projection live.
        if let inline, try await inline.isLive(projection) { return }
        try await waitForCheckpoint(position, timeout: timeout) {
            ReadYourWritesTimeout(
                projection: self.name,
                position: position,
                checkpoint: self.checkpoint,
                timeout: timeout,
                projectionsRunning: self.state.withLock { $0.isRunning }
            )
        }
    }

    /// Returns once the inline projection is live, made so by this runner or (looked up in the store every
    /// 200 ms) by another process's.
    ///
    /// - Throws: its ``ProjectionFailure`` when it fails first; `CancellationError`.
    func waitUntilLive() async throws {
        while true {
            do {
                return try await waitUntilProcessed(ProjectionConsistency.liveCheckpoint, timeout: .milliseconds(200))
            } catch is ReadYourWritesTimeout {
                try Task.checkCancellation()
            }
        }
    }

    // MARK: Rebuilding

    /// Drops the read model and replays the whole log into it; returns when it has caught up. Resumes a
    /// failed projection.
    ///
    /// While ``run()`` is active, the running loop does the work; otherwise it happens here. Every event
    /// committed before the call is in the rebuilt model (``EventStore/waitUntilReadable(through:)``).
    public func rebuild() async throws {
        try await eventStore.waitUntilReadable(through: try await eventStore.headPosition())
        try await rebuild(sharing: nil)
    }

    /// ``rebuild()`` reading the log from `pages` (shared with other projections rebuilding at the same
    /// time), once every event committed before the call is readable.
    func rebuild(sharing pages: (any EventPageSource)?) async throws {
        let runningLoop: Bool = try await withCheckedThrowingContinuation { continuation in
            let (queued, wake) = state.withLock { state -> (Bool, AsyncStream<Int64>.Continuation?) in
                guard state.isRunning else { return (false, nil) }
                state.rebuilds.append(RebuildRequest(continuation: continuation, pages: pages))
                return (true, state.wake)
            }
            if queued {
                wake?.yield(0)
            } else {
                continuation.resume(returning: false)
            }
        }
        if runningLoop { return }
        try await rebuildWithoutLoop(sharing: pages)
    }

    private func rebuildWithoutLoop(sharing pages: (any EventPageSource)?) async throws {
        let claimed = state.withLock { state in
            if state.isRunning { return false }
            state.isRunning = true
            return true
        }
        guard claimed else {
            // run() started meanwhile: let its loop do it.
            try await rebuild(sharing: pages)
            return
        }
        defer { state.withLock { $0.isRunning = false } }
        let leases = readStore.leaseProvider()
        while true {
            setStatus(.waitingForLease)
            let lease: any ProjectionLease
            do {
                lease = try await leases.acquire(name)
            } catch {
                setStatus(.stopped)
                throw error
            }
            setStatus(.starting)
            var outcome = ProjectionCatchUp.Outcome.done
            if let failure = await prepare() {
                outcome = .failed(failure)
            } else if case .failure(let failure) = await reset() {
                outcome = .failed(failure)
            } else {
                outcome = await catchUp(holding: lease, pages: pages, isRebuilding: true)
            }
            await lease.release()
            switch outcome {
            case .done:
                setStatus(.stopped)
                return
            case .failed(let failure): throw failure
            case .interrupted: continue
            }
        }
    }

    // MARK: Running

    /// Runs until the task is cancelled (or a graceful shutdown): catch up, then live. A failure stops
    /// processing (status ``ProjectionStatus/failed(_:)``) but not this method, so that the other services of
    /// a group go on; ``rebuild()`` resumes.
    public func run() async throws {
        let (wakeups, wake) = AsyncStream.makeStream(of: Int64.self, bufferingPolicy: .bufferingNewest(1))
        let claimed = state.withLock { state in
            if state.isRunning { return false }
            state.isRunning = true
            state.wake = wake
            return true
        }
        guard claimed else { throw ProjectionRunnerError.alreadyRunning(name) }
        // Subscribe before the first read, so that no append between the two goes unnoticed. A live inline
        // projection has nothing to read (appends apply it themselves), so its appends go through a task that
        // drops them; an async one's wake the loop directly.
        let forwarding: (@Sendable () async -> Void)?
        if isInline {
            let appends = eventStore.appendNotifications()
            forwarding = {
                for await head in appends where !self.isLive { wake.yield(head) }
            }
        } else {
            forwarding = eventStore.wakeOnAppends(wake, eventTypes: projection.eventTypes)
        }
        defer {
            let rebuilds = state.withLock { state in
                state.isRunning = false
                state.wake = nil
                if case .failed = state.status {} else { state.status = .stopped }
                defer { state.rebuilds = [] }
                return state.rebuilds
            }
            for request in rebuilds { request.continuation.resume(throwing: CancellationError()) }
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

    private func loop(_ wakeups: AsyncStream<Int64>) async {
        let leases = readStore.leaseProvider()
        var iterator = wakeups.makeAsyncIterator()
        while !Task.isCancelled {
            setStatus(.waitingForLease)
            let lease: any ProjectionLease
            do {
                lease = try await leases.acquire(name)
            } catch {
                break  // cancelled
            }
            let interrupted = await run(holding: lease, wakeups: &iterator)
            await lease.release()
            guard interrupted else { break }
            logger.notice("lost the projection's lease or was fenced by another writer; re-acquiring")
        }
    }

    /// Processes while holding the lease; returns `true` when interrupted (lease lost, or another writer
    /// committed), `false` when stopped.
    private func run(holding lease: any ProjectionLease, wakeups: inout AsyncStream<Int64>.Iterator) async -> Bool {
        setStatus(.starting)
        var failed = await prepare() != nil
        // Pages shared by a rebuild of several projections together serve that rebuild's pass only.
        var pages: (any EventPageSource)?
        // The head an append woke the runner with (0: woken for another reason).
        var woken: Int64 = 0
        while !Task.isCancelled {
            if !failed, pages == nil, !hasPendingReset(), skipsAppends(through: woken) {
                guard let head = await wakeups.next() else { break }
                woken = head
                continue
            }
            if hasPendingReset() {
                switch await reset() {
                case .success(let shared): (failed, pages) = (false, shared)
                case .failure: failed = true
                }
            }
            if !failed {
                let isRebuilding = state.withLock { $0.rebuilds.contains { $0.hasReset } }
                let outcome = await catchUp(
                    holding: lease, pages: pages, isRebuilding: isRebuilding, through: isRebuilding ? 0 : woken)
                pages = nil
                switch outcome {
                case .failed(let failure):
                    failed = true
                    finishRebuilds(with: failure)
                case .interrupted:
                    return true
                case .done:
                    if !Task.isCancelled, !hasPendingReset() {
                        finishRebuilds(with: nil)
                        setStatus(.live)
                    }
                }
            }
            if hasPendingReset() { continue }
            guard let head = await wakeups.next() else { break }
            woken = head
        }
        return false
    }

    /// Moves the checkpoint in memory to `head` when the store knows that the appends since hold none of the
    /// projection's events (and the stored checkpoint is recent enough); whether it did.
    private func skipsAppends(through head: Int64) -> Bool {
        let position = state.withLock { $0.position }
        guard position.checkpoint != ProjectionConsistency.liveCheckpoint,
            ContinuousClock.now - position.storedAt < catchUp.checkpointInterval,
            eventStore.holdsNone(of: projection.eventTypes, after: position.read, through: head)
        else { return false }
        skipped(through: head, isStaging: position.isStaging)
        return true
    }

    /// Prepares the table and reads the checkpoints (the target's, and the one queries see); the failure,
    /// if any.
    private func prepare() async -> ProjectionFailure? {
        do {
            let preparation = try await readStore.prepare(projection.schema)
            var position = try await readStore.checkpoint(of: preparation.target)
            if position == ProjectionConsistency.liveCheckpoint, !isInline {
                // Inline until now (or in another process): appends here do not apply it, so the runner
                // must follow the log again, from the start.
                logger.notice("the read model was inline and is async here: rebuilding it from the log")
                try await readStore.reset(preparation.target)
                position = 0
            }
            var active = preparation.isStaging ? try await readStore.checkpoint(of: name) : position
            // A live table of another shape is not this projection's: it is live once the new one is.
            if preparation.isStaging, active == ProjectionConsistency.liveCheckpoint { active = 0 }
            state.withLock { state in
                state.position = .init(
                    checkpoint: position, target: preparation.target, isStaging: preparation.isStaging)
            }
            if preparation.isStaging {
                logger.info(
                    "the stored read model has another shape: building it anew beside the old one",
                    metadata: ["target": "\(preparation.target)", "position": "\(position)"]
                )
            }
            publish(checkpoint: active)
            return nil
        } catch {
            return fail(ProjectionFailure(projection: name, position: checkpoint + 1, eventType: nil, error: error))
        }
    }

    private func hasPendingReset() -> Bool {
        state.withLock { $0.rebuilds.contains { !$0.hasReset } }
    }

    /// Empties the model and sets the checkpoint to 0 for the queued rebuilds; the pages one of them shares
    /// with other projections (`nil`: the pass reads the event store), or the failure.
    private func reset() async -> Result<(any EventPageSource)?, ProjectionFailure> {
        let pages = state.withLock { state -> (any EventPageSource)? in
            var pages: (any EventPageSource)?
            for index in state.rebuilds.indices where !state.rebuilds[index].hasReset {
                state.rebuilds[index].hasReset = true
                pages = pages ?? state.rebuilds[index].pages
            }
            return pages
        }
        do {
            let preparation = try await readStore.prepare(projection.schema)
            try await readStore.reset(preparation.target)
            logger.info("rebuilding from the start of the log")
            state.withLock { state in
                state.position = .init(checkpoint: 0, target: preparation.target, isStaging: preparation.isStaging)
                if !preparation.isStaging { state.checkpoint = 0 }
                if case .failed = state.status { state.status = .starting }
            }
            return .success(pages)
        } catch {
            let failure = fail(ProjectionFailure(projection: name, position: 1, eventType: nil, error: error))
            finishRebuilds(with: failure)
            return .failure(failure)
        }
    }

    private func finishRebuilds(with failure: ProjectionFailure?) {
        let finished = state.withLock { state in
            let finished = state.rebuilds.filter(\.hasReset)
            state.rebuilds.removeAll { $0.hasReset }
            return finished
        }
        for request in finished {
            if let failure {
                request.continuation.resume(throwing: failure)
            } else {
                request.continuation.resume(returning: true)
            }
        }
    }

    /// One catch-up pass from where the runner stands, reading the log from `pages` (default: the event
    /// store); a failure is recorded (status, waiters). A rebuild stores its checkpoint at the end of the log.
    private func catchUp(
        holding lease: any ProjectionLease, pages: (any EventPageSource)?, isRebuilding: Bool, through head: Int64 = 0
    ) async -> ProjectionCatchUp.Outcome {
        let start = state.withLock { $0.position }
        let outcome = await catchUp.run(
            from: start, holding: lease, progress: self, pages: pages, storesSkipped: isRebuilding, through: head)
        if case .failed(let failure) = outcome { fail(failure) }
        return outcome
    }

    // MARK: State changes

    private func setStatus(_ status: ProjectionStatus, onlyFrom allowed: [ProjectionStatus]? = nil) {
        state.withLock { state in
            if let allowed, !allowed.contains(state.status) { return }
            state.status = status
        }
    }

    private func publish(checkpoint: Int64, rowsChanged: Bool = true) {
        let reached = state.withLock { state in
            state.checkpoint = checkpoint
            return state.waiters.takeReached(by: checkpoint)
        }
        for waiter in reached { waiter.continuation.resume() }
        if rowsChanged { changes?.publish(name) }
    }

    @discardableResult
    private func fail(_ failure: ProjectionFailure) -> ProjectionFailure {
        logger.error("projection failed", metadata: ["failure": "\(failure)"])
        let waiters = state.withLock { state in
            state.status = .failed(failure)
            return state.waiters.takeAll()
        }
        for waiter in waiters { waiter.continuation.resume(throwing: failure) }
        return failure
    }
}

extension ProjectionRunner: ProjectionProgress {
    var isResetPending: Bool { hasPendingReset() }

    func catchingUp() {
        setStatus(.catchingUp, onlyFrom: [.starting, .live, .stopped])
    }

    func committed(through position: Int64, isStaging: Bool) {
        state.withLock { state in
            state.position.checkpoint = position
            state.position.read = max(state.position.read, position)
            state.position.storedAt = .now
        }
        if !isStaging { publish(checkpoint: position) }
    }

    func skipped(through position: Int64, isStaging: Bool) {
        state.withLock { $0.position.read = position }
        // The rows did not change: waiters go on, watched queries need not look again.
        if !isStaging { publish(checkpoint: position, rowsChanged: false) }
    }

    func promoted(at position: Int64) {
        state.withLock { state in
            state.position = .init(checkpoint: position, target: name, isStaging: false)
        }
        publish(checkpoint: position)
    }
}

/// A misuse of a ``ProjectionRunner``.
public enum ProjectionRunnerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// ``ProjectionRunner/run()`` was called while the runner was already running.
    case alreadyRunning(String)

    /// A sentence naming the projection.
    public var description: String {
        switch self {
        case .alreadyRunning(let name): "the runner of projection \(name) is already running"
        }
    }
}

extension ProjectionRunner: CheckpointWaitable {
    func withWaitState<T: Sendable>(_ body: (inout State) -> T) -> T {
        state.withLock { body(&$0) }
    }
}
