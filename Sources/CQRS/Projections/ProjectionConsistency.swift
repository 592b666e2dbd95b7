/// When a projection's rows change: after the append, by the projection's runner (``async``), or in the
/// append's own transaction (``inline``).
///
/// ```swift
/// struct Projection: CQRS.ReadModelProjection {
///     var consistency: CQRS.ProjectionConsistency { .inline }
///     …
/// }
/// ```
public enum ProjectionConsistency: String, Sendable, Hashable, CaseIterable {
    /// The runner follows the log and commits batches after the appends (the default): a query right after
    /// a command waits for it (read-your-writes) or may see the rows before the command.
    case `async`
    /// The rows change in the transaction of the append that produced the events, so a query right after
    /// `send` sees them. Needs the read model in the same database as the events (the same SQLite file, the
    /// same PostgreSQL database, or both in memory); a handler that throws fails the command.
    ///
    /// A new (or rebuilt) inline projection first catches up from the log like an async one; from the moment
    /// it reaches the head, every append applies it.
    case inline

    /// The checkpoint a read store holds for an inline projection that is current: it includes every
    /// committed event, because each append changes its rows itself.
    public static let liveCheckpoint: Int64 = .max
}
