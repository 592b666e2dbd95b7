import CoreMetrics
import Foundation
import Tracing

/// Settings of a ``CommandProcessor``.
///
/// ```swift
/// let processor = CommandProcessor(eventStore: store, configuration: .init(maxConflictRetries: 5))
/// ```
public struct CommandConfiguration: Sendable {
    /// How many times a command is decided again after a concurrent writer changed its stream, before
    /// ``CommandError/concurrencyConflict(_:attempts:)``. A conflict of an append decided on a cached state
    /// (see ``decidesOnCachedState``) does not count: that state was stale, and the command is decided again
    /// on the stored one.
    public var maxConflictRetries: Int
    /// How many aggregate states are kept in memory, the most recently used: two generations of half the
    /// capacity each, so at most this many and at least the most recent half of it (below 2: none).
    public var stateCacheCapacity: Int
    /// Whether a command is decided on its stream's cached state (and a creating command on the initial
    /// state) without asking the store for newer events first. The append's expected version catches a
    /// state another process has moved on since: the command is then decided again on the stored state.
    /// A refusal is only given once the stored state is refused too. `false`: every command reads the
    /// events after the cached version first (one more read per command, and no conflict to retry when
    /// another process wrote).
    public var decidesOnCachedState: Bool
    /// Whether snapshots are written every ``AggregateDefinition/snapshotEvery`` events (and read).
    public var usesSnapshots: Bool
    /// Where metrics go; `nil`: the factory bound when the processor is created (task-local or global).
    public var metricsFactory: (any MetricsFactory)?
    /// The clock commands are decided by (``DecisionContext/now``): the system's, or a fixed one in tests.
    public var now: @Sendable () -> Date
    /// Where the spans of commands go; `nil`: the tracer bootstrapped (`InstrumentationSystem.bootstrap`)
    /// when the processor is created. With no tracer (swift-distributed-tracing's `NoOpTracer`) commands
    /// are not traced, at no cost. See <doc:Tracing>.
    public var tracer: (any Tracer)?

    /// Creates a configuration.
    public init(
        maxConflictRetries: Int = 3,
        stateCacheCapacity: Int = 4096,
        decidesOnCachedState: Bool = true,
        usesSnapshots: Bool = true,
        metricsFactory: (any MetricsFactory)? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        tracer: (any Tracer)? = nil
    ) {
        self.maxConflictRetries = maxConflictRetries
        self.stateCacheCapacity = stateCacheCapacity
        self.decidesOnCachedState = decidesOnCachedState
        self.usesSnapshots = usesSnapshots
        self.metricsFactory = metricsFactory
        self.now = now
        self.tracer = tracer
    }
}
