import CoreMetrics

/// Settings of a ``CommandProcessor``.
///
/// ```swift
/// let processor = CommandProcessor(eventStore: store, configuration: .init(maxConflictRetries: 5))
/// ```
public struct CommandConfiguration: Sendable {
    /// How many times a command is decided again after a concurrent writer changed its stream, before
    /// ``CommandError/concurrencyConflict(_:attempts:)``.
    public var maxConflictRetries: Int
    /// How many recently used aggregate states are kept in memory (0: none). A cached state is always
    /// brought up to date with the events stored after it.
    public var stateCacheCapacity: Int
    /// Whether snapshots are written every ``AggregateDefinition/snapshotEvery`` events (and read).
    public var usesSnapshots: Bool
    /// Where metrics go; `nil`: the factory bound when the processor is created (task-local or global).
    public var metricsFactory: (any MetricsFactory)?

    /// Creates a configuration.
    public init(
        maxConflictRetries: Int = 3,
        stateCacheCapacity: Int = 4096,
        usesSnapshots: Bool = true,
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.maxConflictRetries = maxConflictRetries
        self.stateCacheCapacity = stateCacheCapacity
        self.usesSnapshots = usesSnapshots
        self.metricsFactory = metricsFactory
    }
}
