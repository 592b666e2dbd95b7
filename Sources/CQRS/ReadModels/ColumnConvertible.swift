/// A Swift type that a read model column can hold.
///
/// The runtime conforms the builtins; generated enums convert through their raw value and generated
/// structs through JSON:
///
/// ```swift
/// extension Shop.OrderStatus: CQRS.ColumnConvertible {
///     static var columnType: CQRS.ColumnType { .string }
///     init(columnValue: CQRS.ColumnValue) throws {
///         guard case .string(let name) = columnValue, let value = Self(rawValue: name) else {
///             throw CQRS.ColumnConversionError(expected: .string, found: columnValue)
///         }
///         self = value
///     }
///     var columnValue: CQRS.ColumnValue { .string(rawValue) }
/// }
/// ```
///
/// The protocol does not refine `Sendable`: arrays and dictionaries conform whenever their elements are
/// `Codable`, and a conditional conformance cannot require `Sendable` of them.
public protocol ColumnConvertible {
    /// The column's storage type.
    static var columnType: ColumnType { get }
    /// Whether the column may hold ``ColumnValue/null`` (only `Optional`).
    static var isNullable: Bool { get }
    /// Converts a stored value; throws ``ColumnConversionError`` when it does not fit.
    init(columnValue: ColumnValue) throws
    /// The value to store.
    var columnValue: ColumnValue { get }
}

extension ColumnConvertible {
    /// `false`: only `Optional` columns are nullable.
    public static var isNullable: Bool { false }
}
