import CoreMetrics
import Tracing

/// How reaction runners read the log and retry.
///
/// ```swift
/// let configuration = EngineConfiguration(
///     reactions: ReactionConfiguration(maxAttempts: 8, initialBackoff: .milliseconds(50)))
/// ```
public struct ReactionConfiguration: Sendable {
    /// How many events one read of the log takes; the runner stores its checkpoint after at most this many
    /// deliveries.
    public var batchSize: Int
    /// How long a runner may keep its checkpoint in memory only: it stores it once `batchSize` events were
    /// delivered since the last time, or once this long has passed, and when it stops. A runner that keeps
    /// up with the log thus writes a few checkpoints a second rather than one per event (or one per append,
    /// for the appends of other types); a crash delivers again what was delivered since, and the derived
    /// command ids make that harmless.
    public var checkpointInterval: Duration
    /// How many times an event is delivered when delivery keeps failing with an infrastructure error
    /// (a store error, a timeout, a call-out's 5xx) before the reaction stops in a failed state.
    public var maxAttempts: Int
    /// The wait before the first retry; it doubles with each retry.
    public var initialBackoff: Duration
    /// The longest wait between two retries.
    public var maxBackoff: Duration
    /// Where metrics go; `nil`: the process's `MetricsSystem`.
    public var metricsFactory: (any MetricsFactory)?
    /// Where the spans of deliveries go; `nil`: the tracer bootstrapped (`InstrumentationSystem.bootstrap`)
    /// when the runner is created. With no tracer (`NoOpTracer`) deliveries are not traced. See <doc:Tracing>.
    public var tracer: (any Tracer)?

    /// Creates a configuration.
    public init(
        batchSize: Int = 200,
        checkpointInterval: Duration = .milliseconds(500),
        maxAttempts: Int = 6,
        initialBackoff: Duration = .milliseconds(100),
        maxBackoff: Duration = .seconds(10),
        metricsFactory: (any MetricsFactory)? = nil,
        tracer: (any Tracer)? = nil
    ) {
        self.batchSize = max(batchSize, 1)
        self.checkpointInterval = max(checkpointInterval, .zero)
        self.maxAttempts = max(maxAttempts, 1)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.metricsFactory = metricsFactory
        self.tracer = tracer
    }

    /// The wait before retry number `retry` (from 1): `initialBackoff` doubled each time, at most
    /// `maxBackoff`.
    func backoff(beforeRetry retry: Int) -> Duration {
        var wait = initialBackoff
        for _ in 1..<max(retry, 1) where wait < maxBackoff { wait *= 2 }
        return min(wait, maxBackoff)
    }
}
