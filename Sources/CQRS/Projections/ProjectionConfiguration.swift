import CoreMetrics
import Tracing

/// Settings of a ``ProjectionRunner``.
public struct ProjectionConfiguration: Sendable {
    /// The most events read, applied and committed as one batch.
    public var batchSize: Int
    /// How long a runner may keep in memory only a checkpoint moved over events of other types. A read that
    /// finds none of the projection's types changes no row: the checkpoint moves in memory
    /// (read-your-writes waiters see it at once) and is stored at the next commit, or at a read once this
    /// long has passed, or before the model is promoted or goes live. A busy log thus does not cost a commit
    /// per append of another type; a restart reads those positions again, finding nothing to apply.
    public var checkpointInterval: Duration
    /// Where metrics go; `nil`: the factory bound when the runner is created (task-local or global).
    public var metricsFactory: (any MetricsFactory)?
    /// Where the spans of batches go; `nil`: the tracer bootstrapped (`InstrumentationSystem.bootstrap`)
    /// when the runner is created. With no tracer (`NoOpTracer`) batches are not traced. See <doc:Tracing>.
    public var tracer: (any Tracer)?

    /// Creates a configuration.
    public init(
        batchSize: Int = 500, checkpointInterval: Duration = .milliseconds(500),
        metricsFactory: (any MetricsFactory)? = nil, tracer: (any Tracer)? = nil
    ) {
        self.batchSize = batchSize
        self.checkpointInterval = max(checkpointInterval, .zero)
        self.metricsFactory = metricsFactory
        self.tracer = tracer
    }
}
