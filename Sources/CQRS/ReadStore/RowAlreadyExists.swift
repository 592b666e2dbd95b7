/// An insert of a row whose key is already taken (`insert` in the spec; use `upsert` to replace).
public struct RowAlreadyExists: Error, Sendable, Hashable, CustomStringConvertible {
    /// The read model.
    public var model: String
    /// The key.
    public var key: [ColumnValue]

    /// Creates the error.
    public init(model: String, key: [ColumnValue]) {
        self.model = model
        self.key = key
    }

    /// A sentence naming the model and the key.
    public var description: String { "read model \(model) already has a row with key \(key)" }
}
