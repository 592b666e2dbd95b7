import CoreMetrics
import Foundation
import Logging
import Tracing

/// What the catch-up loop tells the runner that owns it (its lifecycle: status, waiters, rebuilds).
protocol ProjectionProgress: Sendable {
    /// Whether a rebuild was asked for: the loop stops after the batch in hand.
    var isResetPending: Bool { get }
    /// A batch is being applied.
    func catchingUp()
    /// A batch was committed to `target`: its checkpoint is `position` now.
    func committed(through position: Int64, isStaging: Bool)
    /// The log up to `position` holds none of the projection's events after the last commit: the runner has
    /// caught up to it, though the stored checkpoint has not moved.
    func skipped(through position: Int64, isStaging: Bool)
    /// The staging table caught up at `position` and queries read it now.
    func promoted(at position: Int64)
}

/// The catch-up loop of one projection, on its own: read the log after a position in batches (the next
/// page is read while the current one is applied, and the one before commits), apply each event to the
/// projection, and commit each batch's row changes with its new checkpoint, fenced by the checkpoint the
/// batch started from; at the end of the log, promote a staging target.
///
/// It holds no state between calls: ``ProjectionRunner`` owns the lease, the status, the rebuild requests
/// and the read-your-writes waiters, and learns of progress through ``ProjectionProgress``.
struct ProjectionCatchUp: Sendable {
    /// How a pass ended.
    enum Outcome: Sendable {
        /// Nothing more to read (or cancelled, or a rebuild is asked for).
        case done
        /// A handler or the store failed.
        case failed(ProjectionFailure)
        /// The lease was lost or another writer committed first: re-acquire and re-read the checkpoint.
        case interrupted
    }

    /// Where a pass starts, and where it ends up.
    struct Position: Sendable {
        /// The checkpoint of `target`, as stored.
        var checkpoint: Int64
        /// How far the log has been read: past `checkpoint` by positions holding none of the projection's
        /// events (``ProjectionConfiguration/checkpointInterval``).
        var read: Int64
        /// When `checkpoint` was stored (or read from the store).
        var storedAt = ContinuousClock.now
        /// The model name the pass builds: the model's, or its staging table's during a reshape.
        var target: String
        /// Whether `target` is a staging table, to promote once caught up.
        var isStaging: Bool

        init(checkpoint: Int64, target: String, isStaging: Bool) {
            self.checkpoint = checkpoint
            self.read = checkpoint
            self.target = target
            self.isStaging = isStaging
        }
    }

    let projection: any ReadModelProjection
    let eventStore: any EventStore
    let readStore: any ReadStore
    let batchSize: Int
    /// How long a checkpoint moved over events of other types may stay unstored.
    let checkpointInterval: Duration
    let logger: Logger
    let metrics: ProjectionMetrics
    /// The engine's inline projections, when this one is inline: at the end of the log it goes live.
    let inline: InlineProjections?
    /// Where the spans of batches go; `nil`: batches are not traced.
    let tracer: (any Tracer)?

    /// A batch whose commit runs while the next batch is applied.
    private struct Committing {
        let batch: ProjectionBatch
        /// The checkpoint the commit is fenced by.
        let expected: Int64
        /// The checkpoint it commits.
        let checkpoint: Int64
        let events: Int
        let last: RecordedEvent?
        let isStaging: Bool
        let task: Task<Void, any Error>
        /// The batch's span, ended once the commit settles.
        let span: (any Span)?
    }

    /// Reads, applies and commits batches from `start` until the log has nothing more (or a rebuild is
    /// asked for), then promotes a staging target, and makes an inline projection live.
    ///
    /// Three batches are in hand at once: the next page is read while the current one is applied, and the
    /// one before commits meanwhile. The current batch reads the committing batch's changes as stored
    /// (``ProjectionBatch``), and commits only after it: commits stay in order, each fenced by the one
    /// before.
    ///
    /// `pages` is where the log is read: the event store (the default), or pages shared with projections
    /// rebuilding at the same time.
    ///
    /// `storesSkipped`: whether a checkpoint moved over events of other types is stored at the end of the log
    /// (a rebuild, which no running loop follows); otherwise it is stored with the next commit or once
    /// ``ProjectionConfiguration/checkpointInterval`` has passed.
    ///
    /// `head`: the head an append woke the runner with (0: none). Up to it, the store may serve the events
    /// from memory; past it, the pass ends, since the next append wakes the runner again.
    func run(
        from start: Position, holding lease: any ProjectionLease, progress: some ProjectionProgress,
        pages: (any EventPageSource)? = nil, storesSkipped: Bool = false, through head: Int64 = 0
    ) async -> Outcome {
        let name = projection.name
        // A live inline projection: every append applies it.
        if start.checkpoint == ProjectionConsistency.liveCheckpoint { return .done }
        // Read up to `position`; stored (or being stored by the commit in flight) up to `stored`.
        var position = start.read
        var stored = start.checkpoint
        var storedAt = start.storedAt
        var target = start.target
        var isStaging = start.isStaging
        // The next page starts where the current one ends, which is where the next batch reads.
        var prefetched: (after: Int64, page: Task<SourcedPage, any Error>)?
        defer { prefetched?.page.cancel() }
        var committing: Committing?
        var lagRecordedAt = ContinuousClock.now - .seconds(1)
        // The store's own pages may come from memory, up to the head the runner was woken with.
        let readsStore = pages == nil
        let pages = pages ?? StorePages(store: eventStore)
        let readStore = self.readStore
        let batchSize = self.batchSize
        let eventTypes = projection.eventTypes
        func storeFailure(_ error: any Error, at failed: Int64) -> Outcome {
            .failed(ProjectionFailure(projection: name, position: failed + 1, eventType: nil, error: error))
        }
        /// Waits for the commit in flight, if any, and reports it; the outcome that ends the pass if it failed.
        func settle() async -> Outcome? {
            guard let commit = committing else { return nil }
            committing = nil
            do {
                try await commit.task.value
                commit.span?.end()
            } catch let conflict as CheckpointConflict {
                commit.span.map { CQRSTracing.end($0, failing: conflict) }
                logger.warning("another writer committed first", metadata: ["conflict": "\(conflict)"])
                return .interrupted
            } catch {
                commit.span.map { CQRSTracing.end($0, failing: error) }
                return storeFailure(error, at: commit.expected)
            }
            progress.committed(through: commit.checkpoint, isStaging: commit.isStaging)
            metrics.processed.increment(by: commit.events)
            // Behind a full batch the log goes on: the lag is counted at most once a second then.
            let now = ContinuousClock.now
            if commit.events < batchSize || now - lagRecordedAt >= .seconds(1) {
                lagRecordedAt = now
                await recordLag(checkpoint: commit.checkpoint, last: commit.last)
            }
            return nil
        }
        /// Stores the checkpoint moved in memory only: before promoting or going live, which start from it.
        func storeSkipped() async -> Outcome? {
            guard position > stored else { return nil }
            do {
                try await readStore.commit([], to: target, expected: stored, checkpoint: position)
            } catch let conflict as CheckpointConflict {
                logger.warning("another writer committed first", metadata: ["conflict": "\(conflict)"])
                return .interrupted
            } catch {
                return storeFailure(error, at: stored)
            }
            stored = position
            storedAt = .now
            progress.committed(through: position, isStaging: isStaging)
            return nil
        }
        while !Task.isCancelled, !progress.isResetPending {
            let sourced: SourcedPage
            let recent =
                readsStore
                ? eventStore.recentPage(after: position, through: head, limit: batchSize, eventTypes: eventTypes) : nil
            do {
                if head > 0, position >= head {
                    sourced = SourcedPage(page: EventPage(events: [], lastPosition: position))
                } else if let recent {
                    sourced = SourcedPage(page: recent)
                } else if let next = prefetched, next.after == position {
                    prefetched = nil
                    sourced = try await next.page.value
                } else {
                    prefetched?.page.cancel()
                    prefetched = nil
                    sourced = try await pages.page(after: position, limit: batchSize, eventTypes: eventTypes)
                }
            } catch {
                return await settle() ?? storeFailure(error, at: position)
            }
            let page = sourced.page
            guard page.lastPosition > position else {
                if let outcome = await settle() { return outcome }
                if isStaging || inline != nil || storesSkipped, let outcome = await storeSkipped() { return outcome }
                if isStaging {
                    do {
                        try await readStore.promote(projection.schema)
                    } catch {
                        return storeFailure(error, at: position)
                    }
                    logger.info("promoted the rebuilt read model", metadata: ["position": "\(position)"])
                    target = name
                    isStaging = false
                    progress.promoted(at: position)
                }
                if let inline {
                    return await goLive(from: position, inline: inline, holding: lease, progress: progress)
                }
                break
            }
            if page.events.isEmpty, ContinuousClock.now - storedAt < checkpointInterval {
                // Nothing to apply: the rows committed so far are the rows up to here.
                if let outcome = await settle() { return outcome }
                position = page.lastPosition
                progress.skipped(through: position, isStaging: isStaging)
                continue
            }
            progress.catchingUp()
            let after = page.lastPosition
            if head == 0 || after < head {
                prefetched = (
                    after,
                    Task { try await pages.page(after: after, limit: batchSize, eventTypes: eventTypes) }
                )
            }
            let eventStore = self.eventStore
            let batch = ProjectionBatch(
                store: readStore, schema: projection.schema, target: target, over: committing?.batch,
                readStream: { try await eventStore.readStream($0) })
            // A span per batch, from its first event's application to its commit.
            let span = tracer.map {
                CQRSTracing.startBatch(
                    $0, projection: name, events: page.events, after: position, through: page.lastPosition)
            }
            let failed: ProjectionFailure?
            if let span {
                failed = await ServiceContext.withValue(span.context) {
                    await apply(page.events, to: batch, sharing: sourced.payloads)
                }
            } else {
                failed = await apply(page.events, to: batch, sharing: sourced.payloads)
            }
            if let failure = failed {
                span.map { CQRSTracing.end($0, failing: failure) }
                return await settle() ?? .failed(failure)
            }
            if let outcome = await settle() {
                span?.end()
                return outcome
            }
            guard await lease.isHeld() else {
                span?.end()
                return .interrupted
            }
            let changes = batch.changes
            let (expected, checkpoint, committedTarget) = (stored, page.lastPosition, target)
            committing = Committing(
                batch: batch, expected: expected, checkpoint: checkpoint, events: page.events.count,
                last: page.events.last, isStaging: isStaging,
                task: Task {
                    try await readStore.commit(changes, to: committedTarget, expected: expected, checkpoint: checkpoint)
                },
                span: span)
            position = page.lastPosition
            stored = page.lastPosition
            storedAt = .now
        }
        return await settle() ?? .done
    }

    /// Makes the inline projection live once it has caught up to `position`: the events appended since are
    /// applied in the same transaction that sets the live checkpoint (``InlineProjections/goLive``).
    private func goLive(
        from position: Int64, inline: InlineProjections, holding lease: any ProjectionLease,
        progress: some ProjectionProgress
    ) async -> Outcome {
        guard await lease.isHeld() else { return .interrupted }
        do {
            try await InlineProjections.goLive(
                projection, from: position, batchSize: batchSize, store: inline.store, readStore: inline.readStore)
        } catch let conflict as CheckpointConflict {
            logger.warning("another writer committed first", metadata: ["conflict": "\(conflict)"])
            return .interrupted
        } catch let failure as ProjectionFailure {
            return .failed(failure)
        } catch {
            return .failed(
                ProjectionFailure(projection: projection.name, position: position + 1, eventType: nil, error: error))
        }
        logger.info("inline from now on: every append applies the projection", metadata: ["position": "\(position)"])
        progress.committed(through: ProjectionConsistency.liveCheckpoint, isStaging: false)
        metrics.lagEvents.record(0)
        metrics.lagSeconds.record(0)
        return .done
    }

    /// Applies a page's events to the batch (with the payloads the page shares, if any); the failure, if one
    /// does.
    private func apply(_ events: [RecordedEvent], to batch: ProjectionBatch, sharing payloads: DecodedPayloads?)
        async -> ProjectionFailure?
    {
        await DecodedPayloads.$current.withValue(payloads) {
            for event in events {
                do {
                    try await projection.apply(event, to: batch)
                } catch {
                    return ProjectionFailure(
                        projection: projection.name, position: event.position, eventType: event.eventType,
                        error: error)
                }
            }
            return nil
        }
    }

    /// The most events the lag gauge counts (a store may count them one by one).
    static let lagLimit = 100_000

    private func recordLag(checkpoint: Int64, last: RecordedEvent?) async {
        guard let behind = try? await eventStore.countEvents(after: checkpoint, atMost: Self.lagLimit) else { return }
        metrics.lagEvents.record(behind)
        if behind > 0, let last {
            metrics.lagSeconds.record(max(Date().timeIntervalSince(last.recordedAt), 0))
        } else {
            metrics.lagSeconds.record(0)
        }
    }
}

/// The metrics of one projection's runner.
struct ProjectionMetrics: Sendable {
    /// `cqrs_projection_lag_events`: how many events the committed read model is behind the log's head.
    let lagEvents: Gauge
    /// `cqrs_projection_lag_seconds`: how old the last applied event was when a batch committed behind the head.
    let lagSeconds: Gauge
    /// `cqrs_projection_events_processed_total`.
    let processed: Counter

    init(projection: String, factory: any MetricsFactory) {
        let dimensions = [("projection", projection)]
        lagEvents = Gauge(label: "cqrs_projection_lag_events", dimensions: dimensions, factory: factory)
        lagSeconds = Gauge(label: "cqrs_projection_lag_seconds", dimensions: dimensions, factory: factory)
        processed = Counter(label: "cqrs_projection_events_processed_total", dimensions: dimensions, factory: factory)
    }
}
