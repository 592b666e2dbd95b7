/// A read-your-writes wait that ran out of time before the projection processed the position.
///
/// When nothing was running the projection (neither ``Engine/run()``, `withProjectionsRunning`, nor a
/// rebuild), ``projectionsRunning`` is `false` and the description says so: the wait could only have
/// succeeded had the projections been started.
///
/// ```swift
/// catch let timeout as ReadYourWritesTimeout {
///     print("\(timeout.projection) reached \(timeout.checkpoint) of \(timeout.position)")
/// }
/// ```
public struct ReadYourWritesTimeout: Error, Sendable, Hashable, CustomStringConvertible {
    /// The projection waited for.
    public var projection: String
    /// The position waited for.
    public var position: Int64
    /// The projection's checkpoint when the time ran out.
    public var checkpoint: Int64
    /// How long the wait lasted.
    public var timeout: Duration
    /// Whether the projection's runner was running when the time ran out.
    public var projectionsRunning: Bool

    /// Creates the error.
    public init(
        projection: String, position: Int64, checkpoint: Int64, timeout: Duration, projectionsRunning: Bool = true
    ) {
        self.projection = projection
        self.position = position
        self.checkpoint = checkpoint
        self.timeout = timeout
        self.projectionsRunning = projectionsRunning
    }

    /// A sentence naming the projection and both positions, and why when the projections were not running.
    public var description: String {
        let waited = "projection \(projection) had processed position \(checkpoint), not \(position), after \(timeout)"
        guard projectionsRunning else {
            return waited + ": projections are not running: use `withProjectionsRunning` or `run()`"
        }
        return waited
    }
}
