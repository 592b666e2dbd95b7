/// A read-your-writes wait that ran out of time before the projection processed the position.
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

    /// Creates the error.
    public init(projection: String, position: Int64, checkpoint: Int64, timeout: Duration) {
        self.projection = projection
        self.position = position
        self.checkpoint = checkpoint
        self.timeout = timeout
    }

    /// A sentence naming the projection and both positions.
    public var description: String {
        "projection \(projection) had processed position \(checkpoint), not \(position), after \(timeout)"
    }
}
