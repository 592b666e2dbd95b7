/// The storage type of a read model column; durable stores map each to a SQL type.
public enum ColumnType: String, Sendable, Hashable, Codable {
    /// `Bool`.
    case bool
    /// Integers, as 64 bits.
    case int
    /// `Double` and `Float`.
    case double
    /// `Decimal`, exact.
    case decimal
    /// `String`, `URL`, and enums by case name.
    case string
    /// `Date`.
    case date
    /// `UUID`.
    case uuid
    /// `Data`.
    case data
    /// Arrays, dictionaries and structs, as JSON text in the payload format.
    case json
}
