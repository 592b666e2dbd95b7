import CoreMetrics
import Tracing

/// Settings of a ``ProjectionRunner``.
public struct ProjectionConfiguration: Sendable {
    /// The most events read, applied and committed as one batch.
    public var batchSize: Int
    /// Where metrics go; `nil`: the factory bound when the runner is created (task-local or global).
    public var metricsFactory: (any MetricsFactory)?
    /// Where the spans of batches go; `nil`: the tracer bootstrapped (`InstrumentationSystem.bootstrap`)
    /// when the runner is created. With no tracer (`NoOpTracer`) batches are not traced. See <doc:Tracing>.
    public var tracer: (any Tracer)?

    /// Creates a configuration.
    public init(batchSize: Int = 500, metricsFactory: (any MetricsFactory)? = nil, tracer: (any Tracer)? = nil) {
        self.batchSize = batchSize
        self.metricsFactory = metricsFactory
        self.tracer = tracer
    }
}
