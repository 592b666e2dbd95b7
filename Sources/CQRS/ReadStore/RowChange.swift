/// One change to a read model's rows, as a projection batch commits them.
public enum RowChange: Sendable, Hashable {
    /// Insert the row, or replace the row with the same key.
    case upsert([ColumnValue])
    /// Delete the row with this key, if there is one.
    case delete(key: [ColumnValue])
}
