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

    /// Creates a configuration.
    public init(
        commands: CommandConfiguration = .init(),
        projections: ProjectionConfiguration = .init(),
        reactions: ReactionConfiguration = .init()
    ) {
        self.commands = commands
        self.projections = projections
        self.reactions = reactions
    }
}
