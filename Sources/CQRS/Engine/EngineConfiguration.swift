import Tracing

/// Settings of an ``Engine``: its command processor's, its projection runners' and its reaction runners'.
///
/// ```swift
/// let engine = try Engine(eventStore: store, readStore: readStore, projections: projections,
///                     configuration: .init(commands: .init(maxConflictRetries: 5),
///                                          projections: .init(batchSize: 1000)))
/// ```
public struct EngineConfiguration: Sendable {
    /// The command processor's settings.
    public var commands: CommandConfiguration
    /// Every projection runner's settings.
    public var projections: ProjectionConfiguration
    /// Every reaction runner's settings.
    public var reactions: ReactionConfiguration
    /// Where the spans of commands, projection batches and reaction deliveries go, unless their own
    /// configuration names a tracer; `nil`: the tracer bootstrapped (`InstrumentationSystem.bootstrap`)
    /// when the engine is created. With no tracer (`NoOpTracer`) nothing is traced. See <doc:Tracing>.
    public var tracer: (any Tracer)?

    /// Creates a configuration.
    public init(
        commands: CommandConfiguration = .init(),
        projections: ProjectionConfiguration = .init(),
        reactions: ReactionConfiguration = .init(),
        tracer: (any Tracer)? = nil
    ) {
        self.commands = commands
        self.projections = projections
        self.reactions = reactions
        self.tracer = tracer
    }

    /// The configuration with ``tracer`` given to each part that names none.
    var resolved: EngineConfiguration {
        guard let tracer else { return self }
        var resolved = self
        if resolved.commands.tracer == nil { resolved.commands.tracer = tracer }
        if resolved.projections.tracer == nil { resolved.projections.tracer = tracer }
        if resolved.reactions.tracer == nil { resolved.reactions.tracer = tracer }
        return resolved
    }
}
