import Foundation

/// One value of a read model row, as rows cross the store boundary.
///
/// Values have a total order (used for sorting and paging): `null` first, then by case (`bool`, numbers,
/// `string`, `date`, `uuid`, `data`, `json`), then by value: numbers numerically, strings and JSON by their
/// UTF-8 bytes, UUIDs and data by their bytes.
///
/// ```swift
/// let key: [ColumnValue] = [.uuid(orderID)]
/// let row = try await reader.row(key: key)
/// ```
public enum ColumnValue: Sendable {
    /// No value (an optional field that is `nil`).
    case null
    /// A boolean.
    case bool(Bool)
    /// An integer.
    case int(Int64)
    /// A floating-point number.
    case double(Double)
    /// An exact decimal.
    case decimal(Decimal)
    /// Text.
    case string(String)
    /// A moment.
    case date(Date)
    /// A UUID.
    case uuid(UUID)
    /// Bytes.
    case data(Data)
    /// JSON text in the payload format.
    case json(String)

    /// The column type the value belongs to; `nil` for ``null``.
    public var type: ColumnType? {
        switch self {
        case .null: nil
        case .bool: .bool
        case .int: .int
        case .double: .double
        case .decimal: .decimal
        case .string: .string
        case .date: .date
        case .uuid: .uuid
        case .data: .data
        case .json: .json
        }
    }

    /// Encodes a value as ``json(_:)`` text in the payload format (`EventPayload`, module `CQRSPayload`); for the
    /// ``ColumnConvertible`` conformance of generated structs.
    ///
    /// A value that cannot be encoded (a non-finite `Double`) is a programming error.
    public static func encodeJSON<T: Encodable>(_ value: T) -> ColumnValue {
        do {
            return .json(String(decoding: try EventPayload.encode(value), as: UTF8.self))
        } catch {
            preconditionFailure("cannot encode \(T.self) as JSON: \(EventPayload.describe(error))")
        }
    }

    /// Decodes ``json(_:)`` text written by ``encodeJSON(_:)``.
    public static func decodeJSON<T: Decodable>(_ value: ColumnValue, as type: T.Type) throws -> T {
        guard case .json(let text) = value else { throw ColumnConversionError(expected: .json, found: value) }
        do {
            return try EventPayload.decode(T.self, from: Data(text.utf8))
        } catch {
            throw ColumnConversionError(
                expected: .json,
                found: value,
                reason: "not JSON for \(T.self): \(EventPayload.describe(error))"
            )
        }
    }
}
