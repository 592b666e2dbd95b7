/// Settings of an ``Engine``: its command processor's and its projection runners'.
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

    /// Creates a configuration.
    public init(commands: CommandConfiguration = .init(), projections: ProjectionConfiguration = .init()) {
        self.commands = commands
        self.projections = projections
    }
}
