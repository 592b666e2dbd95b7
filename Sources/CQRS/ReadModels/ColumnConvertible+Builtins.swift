import Foundation

extension String: ColumnConvertible {
    /// ``ColumnType/string``.
    public static var columnType: ColumnType { .string }
    /// Reads ``ColumnValue/string(_:)``.
    public init(columnValue: ColumnValue) throws {
        guard case .string(let value) = columnValue else {
            throw ColumnConversionError(expected: .string, found: columnValue)
        }
        self = value
    }
    /// ``ColumnValue/string(_:)``.
    public var columnValue: ColumnValue { .string(self) }
}

extension Bool: ColumnConvertible {
    /// ``ColumnType/bool``.
    public static var columnType: ColumnType { .bool }
    /// Reads ``ColumnValue/bool(_:)``.
    public init(columnValue: ColumnValue) throws {
        guard case .bool(let value) = columnValue else {
            throw ColumnConversionError(expected: .bool, found: columnValue)
        }
        self = value
    }
    /// ``ColumnValue/bool(_:)``.
    public var columnValue: ColumnValue { .bool(self) }
}

/// Reads an integer column into any fixed-width integer, when it fits.
private func integer<T: FixedWidthInteger>(_ columnValue: ColumnValue, as type: T.Type) throws -> T {
    guard case .int(let value) = columnValue else { throw ColumnConversionError(expected: .int, found: columnValue) }
    guard let converted = T(exactly: value) else {
        throw ColumnConversionError(expected: .int, found: columnValue, reason: "out of range for \(T.self)")
    }
    return converted
}

extension Int: ColumnConvertible {
    /// ``ColumnType/int``.
    public static var columnType: ColumnType { .int }
    /// Reads ``ColumnValue/int(_:)``.
    public init(columnValue: ColumnValue) throws { self = try integer(columnValue, as: Int.self) }
    /// ``ColumnValue/int(_:)``.
    public var columnValue: ColumnValue { .int(Int64(self)) }
}

extension Int32: ColumnConvertible {
    /// ``ColumnType/int``.
    public static var columnType: ColumnType { .int }
    /// Reads ``ColumnValue/int(_:)``.
    public init(columnValue: ColumnValue) throws { self = try integer(columnValue, as: Int32.self) }
    /// ``ColumnValue/int(_:)``.
    public var columnValue: ColumnValue { .int(Int64(self)) }
}

extension Int64: ColumnConvertible {
    /// ``ColumnType/int``.
    public static var columnType: ColumnType { .int }
    /// Reads ``ColumnValue/int(_:)``.
    public init(columnValue: ColumnValue) throws { self = try integer(columnValue, as: Int64.self) }
    /// ``ColumnValue/int(_:)``.
    public var columnValue: ColumnValue { .int(self) }
}

extension UInt: ColumnConvertible {
    /// ``ColumnType/decimal``: a `UInt` may exceed what a 64-bit signed column holds, so it is stored exactly
    /// as a decimal.
    public static var columnType: ColumnType { .decimal }
    /// Reads ``ColumnValue/decimal(_:)`` (or ``ColumnValue/int(_:)``) holding a whole number that fits.
    public init(columnValue: ColumnValue) throws {
        switch columnValue {
        case .int(let value):
            guard let converted = UInt(exactly: value) else {
                throw ColumnConversionError(expected: .decimal, found: columnValue, reason: "out of range for UInt")
            }
            self = converted
        case .decimal(let value):
            let converted = NSDecimalNumber(decimal: value).uint64Value
            guard Decimal(converted) == value, let fitting = UInt(exactly: converted) else {
                throw ColumnConversionError(expected: .decimal, found: columnValue, reason: "not a UInt")
            }
            self = fitting
        default:
            throw ColumnConversionError(expected: .decimal, found: columnValue)
        }
    }
    /// ``ColumnValue/decimal(_:)``.
    public var columnValue: ColumnValue { .decimal(Decimal(UInt64(self))) }
}

extension Double: ColumnConvertible {
    /// ``ColumnType/double``.
    public static var columnType: ColumnType { .double }
    /// Reads ``ColumnValue/double(_:)`` (or an ``ColumnValue/int(_:)``).
    public init(columnValue: ColumnValue) throws {
        switch columnValue {
        case .double(let value): self = value
        case .int(let value): self = Double(value)
        default: throw ColumnConversionError(expected: .double, found: columnValue)
        }
    }
    /// ``ColumnValue/double(_:)``.
    public var columnValue: ColumnValue { .double(self) }
}

extension Float: ColumnConvertible {
    /// ``ColumnType/double``.
    public static var columnType: ColumnType { .double }
    /// Reads ``ColumnValue/double(_:)`` (or an ``ColumnValue/int(_:)``).
    public init(columnValue: ColumnValue) throws { self = Float(try Double(columnValue: columnValue)) }
    /// ``ColumnValue/double(_:)``.
    public var columnValue: ColumnValue { .double(Double(self)) }
}

extension Decimal: ColumnConvertible {
    /// ``ColumnType/decimal``.
    public static var columnType: ColumnType { .decimal }
    /// Reads ``ColumnValue/decimal(_:)`` (or an ``ColumnValue/int(_:)``).
    public init(columnValue: ColumnValue) throws {
        switch columnValue {
        case .decimal(let value): self = value
        case .int(let value): self = Decimal(value)
        default: throw ColumnConversionError(expected: .decimal, found: columnValue)
        }
    }
    /// ``ColumnValue/decimal(_:)``.
    public var columnValue: ColumnValue { .decimal(self) }
}

extension Date: ColumnConvertible {
    /// ``ColumnType/date``.
    public static var columnType: ColumnType { .date }
    /// Reads ``ColumnValue/date(_:)``.
    public init(columnValue: ColumnValue) throws {
        guard case .date(let value) = columnValue else {
            throw ColumnConversionError(expected: .date, found: columnValue)
        }
        self = value
    }
    /// ``ColumnValue/date(_:)``.
    public var columnValue: ColumnValue { .date(self) }
}

extension UUID: ColumnConvertible {
    /// ``ColumnType/uuid``.
    public static var columnType: ColumnType { .uuid }
    /// Reads ``ColumnValue/uuid(_:)``.
    public init(columnValue: ColumnValue) throws {
        guard case .uuid(let value) = columnValue else {
            throw ColumnConversionError(expected: .uuid, found: columnValue)
        }
        self = value
    }
    /// ``ColumnValue/uuid(_:)``.
    public var columnValue: ColumnValue { .uuid(self) }
}

extension Data: ColumnConvertible {
    /// ``ColumnType/data``.
    public static var columnType: ColumnType { .data }
    /// Reads ``ColumnValue/data(_:)``.
    public init(columnValue: ColumnValue) throws {
        guard case .data(let value) = columnValue else {
            throw ColumnConversionError(expected: .data, found: columnValue)
        }
        self = value
    }
    /// ``ColumnValue/data(_:)``.
    public var columnValue: ColumnValue { .data(self) }
}

extension URL: ColumnConvertible {
    /// ``ColumnType/string``: the absolute string.
    public static var columnType: ColumnType { .string }
    /// Reads ``ColumnValue/string(_:)`` holding a URL.
    public init(columnValue: ColumnValue) throws {
        guard case .string(let text) = columnValue, let url = URL(string: text) else {
            throw ColumnConversionError(expected: .string, found: columnValue, reason: "not a URL")
        }
        self = url
    }
    /// ``ColumnValue/string(_:)``.
    public var columnValue: ColumnValue { .string(absoluteString) }
}

extension Optional: ColumnConvertible where Wrapped: ColumnConvertible {
    /// The wrapped type's column type.
    public static var columnType: ColumnType { Wrapped.columnType }
    /// `true`.
    public static var isNullable: Bool { true }
    /// ``ColumnValue/null`` is `nil`; anything else converts as `Wrapped`.
    public init(columnValue: ColumnValue) throws {
        self = columnValue == .null ? nil : try Wrapped(columnValue: columnValue)
    }
    /// `nil` is ``ColumnValue/null``.
    public var columnValue: ColumnValue { self?.columnValue ?? .null }
}

extension Array: ColumnConvertible where Element: Codable {
    /// ``ColumnType/json``.
    public static var columnType: ColumnType { .json }
    /// Reads JSON text written by ``ColumnValue/encodeJSON(_:)``.
    public init(columnValue: ColumnValue) throws { self = try ColumnValue.decodeJSON(columnValue, as: Self.self) }
    /// ``ColumnValue/json(_:)`` in the payload format.
    public var columnValue: ColumnValue { ColumnValue.encodeJSON(self) }
}

extension Dictionary: ColumnConvertible where Key: Codable, Value: Codable {
    /// ``ColumnType/json``.
    public static var columnType: ColumnType { .json }
    /// Reads JSON text written by ``ColumnValue/encodeJSON(_:)``.
    public init(columnValue: ColumnValue) throws { self = try ColumnValue.decodeJSON(columnValue, as: Self.self) }
    /// ``ColumnValue/json(_:)`` in the payload format.
    public var columnValue: ColumnValue { ColumnValue.encodeJSON(self) }
}
