import CoreMetrics

/// Settings of a ``ProjectionRunner``.
public struct ProjectionConfiguration: Sendable {
    /// The most events read, applied and committed as one batch.
    public var batchSize: Int
    /// Where metrics go; `nil`: the factory bound when the runner is created (task-local or global).
    public var metricsFactory: (any MetricsFactory)?

    /// Creates a configuration.
    public init(batchSize: Int = 500, metricsFactory: (any MetricsFactory)? = nil) {
        self.batchSize = batchSize
        self.metricsFactory = metricsFactory
    }
}
