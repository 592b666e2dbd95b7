import CoreMetrics

/// A reaction runner's metrics, labelled with the reaction's name.
struct ReactionMetrics: Sendable {
    /// Events delivered (each once, however many attempts it took).
    let delivered: Counter
    /// Commands sent and accepted (compensations included).
    let accepted: Counter
    /// Commands refused by their target, and call-outs refused.
    let refused: Counter
    /// Deliveries retried after an infrastructure error.
    let retries: Counter
    /// Times the reaction stopped in a failed state.
    let failures: Counter
    /// How many events of the log follow the checkpoint (at most a batch is counted).
    let lagEvents: Gauge
    /// Seconds between the last delivered event's recording and its delivery.
    let lagSeconds: Gauge

    init(reaction: String, factory: any MetricsFactory) {
        let dimensions = [("reaction", reaction)]
        delivered = Counter(label: "cqrs_reaction_events_delivered_total", dimensions: dimensions, factory: factory)
        accepted = Counter(label: "cqrs_reaction_commands_accepted_total", dimensions: dimensions, factory: factory)
        refused = Counter(label: "cqrs_reaction_refusals_total", dimensions: dimensions, factory: factory)
        retries = Counter(label: "cqrs_reaction_retries_total", dimensions: dimensions, factory: factory)
        failures = Counter(label: "cqrs_reaction_failures_total", dimensions: dimensions, factory: factory)
        lagEvents = Gauge(label: "cqrs_reaction_lag_events", dimensions: dimensions, factory: factory)
        lagSeconds = Gauge(label: "cqrs_reaction_lag_seconds", dimensions: dimensions, factory: factory)
    }
}
