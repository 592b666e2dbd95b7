/// A commit whose expected checkpoint was not the stored one: another writer committed to the model
/// meanwhile (or reset it). Nothing of the commit was applied.
///
/// ```swift
/// catch let conflict as CheckpointConflict {
///     print(conflict.model, conflict.expected, conflict.actual)
/// }
/// ```
public struct CheckpointConflict: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model committed to.
    public var model: String
    /// The checkpoint the commit expected.
    public var expected: Int64
    /// The stored checkpoint.
    public var actual: Int64

    /// Creates the error.
    public init(model: String, expected: Int64, actual: Int64) {
        self.model = model
        self.expected = expected
        self.actual = actual
    }

    /// A sentence naming the model and both checkpoints.
    public var description: String {
        "read model \(model) is at checkpoint \(actual), not \(expected): another writer committed first"
    }
}
