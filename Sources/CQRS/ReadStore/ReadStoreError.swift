/// A read store request that does not fit the store's models.
public enum ReadStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No model of this name was prepared.
    case unknownModel(String)
    /// The model has no column of this name.
    case unknownColumn(model: String, column: String)
    /// A row does not fit the model's schema.
    case invalidRow(model: String, reason: String)
    /// Cursor text that this store did not produce (or for another ordering).
    case invalidCursor(String)
    /// A filter that does not fit its column (a value of another type, a prefix on a column that is not text,
    /// a range on a column without an order).
    case invalidFilter(model: String, reason: String)
    /// A page of no rows asked for: a page size must be at least 1.
    case invalidPageSize(Int)

    /// A sentence naming the problem.
    public var description: String {
        switch self {
        case .unknownModel(let model): "unknown read model \(model)"
        case .unknownColumn(let model, let column): "read model \(model) has no column \(column)"
        case .invalidRow(let model, let reason): "invalid row for read model \(model): \(reason)"
        case .invalidCursor(let text): "invalid cursor \(text)"
        case .invalidFilter(let model, let reason): "invalid filter for read model \(model): \(reason)"
        case .invalidPageSize(let size): "invalid page size \(size): a page holds at least 1 row"
        }
    }
}
