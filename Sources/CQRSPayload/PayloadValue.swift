import Foundation

/// A value that ``PayloadWriter`` can write: the builtins, optionals, arrays and dictionaries of them, and
/// generated types (structs through ``PayloadEncodable``, enums through their raw value).
///
/// ```swift
/// extension Shop.OrderStatus: CQRS.PayloadValue {}  // written as its case name
/// ```
public protocol PayloadValue {
    /// Writes the value at the writer's position.
    func writePayload(to writer: inout PayloadWriter) throws
}

extension PayloadValue where Self: RawRepresentable, RawValue == String {
    /// Writes the case name, as `Codable` does for `String` enums.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeString(rawValue) }
}

extension PayloadValue where Self: RawRepresentable, RawValue == Int {
    /// Writes the case's number, as `Codable` does for `Int` enums.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeInteger(rawValue) }
}

extension String: PayloadValue {
    /// Writes a JSON string.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeString(self) }
}

extension Bool: PayloadValue {
    /// Writes `true` or `false`.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeBool(self) }
}

extension Int: PayloadValue {
    /// Writes the integer.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeInteger(self) }
}

extension Int8: PayloadValue {
    /// Writes the integer.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeInteger(self) }
}

extension Int16: PayloadValue {
    /// Writes the integer.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeInteger(self) }
}

extension Int32: PayloadValue {
    /// Writes the integer.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeInteger(self) }
}

extension Int64: PayloadValue {
    /// Writes the integer.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeInteger(self) }
}

extension UInt: PayloadValue {
    /// Writes the integer.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeInteger(self) }
}

extension UInt8: PayloadValue {
    /// Writes the integer.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeInteger(self) }
}

extension UInt16: PayloadValue {
    /// Writes the integer.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeInteger(self) }
}

extension UInt32: PayloadValue {
    /// Writes the integer.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeInteger(self) }
}

extension UInt64: PayloadValue {
    /// Writes the integer.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeInteger(self) }
}

extension Double: PayloadValue {
    /// Writes the shortest text that reads back the same value.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { try writer.writeDouble(self) }
}

extension Float: PayloadValue {
    /// Writes the shortest text that reads back the same value.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { try writer.writeFloat(self) }
}

extension Decimal: PayloadValue {
    /// Writes the exact number.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { try writer.writeDecimal(self) }
}

extension Date: PayloadValue {
    /// Writes seconds since 1970, exactly.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { try writer.writeDate(self) }
}

extension UUID: PayloadValue {
    /// Writes the upper-case text.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeUUID(self) }
}

extension Data: PayloadValue {
    /// Writes base64 text.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeString(base64EncodedString()) }
}

extension URL: PayloadValue {
    /// Writes the absolute string.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { writer.writeString(absoluteString) }
}

extension Optional: PayloadValue where Wrapped: PayloadValue {
    /// Writes the value, or `null`.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws {
        if let self { try self.writePayload(to: &writer) } else { writer.writeNull() }
    }
}

extension Array: PayloadValue where Element: PayloadValue {
    /// Writes a JSON array.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws {
        writer.beginArray()
        for element in self { try writer.element(element) }
        writer.endArray()
    }
}

extension Dictionary: PayloadValue where Key: PayloadValue, Value: PayloadValue {
    /// Writes what `Codable` writes: an object with its members sorted for `String`, `Int` and
    /// `CodingKeyRepresentable` keys; otherwise a `[key, value, …]` array.
    public func writePayload(to writer: inout PayloadWriter) throws {
        let names: [String]?
        if Key.self == String.self {
            names = keys.map { $0 as! String }
        } else if Key.self == Int.self {
            names = keys.map { String($0 as! Int) }
        } else if Key.self is any CodingKeyRepresentable.Type {
            names = keys.map { ($0 as! any CodingKeyRepresentable).codingKey.stringValue }
        } else {
            names = nil
        }
        guard let names else {
            writer.beginArray()
            for (key, value) in self {
                try writer.element(key)
                try writer.element(value)
            }
            writer.endArray()
            return
        }
        // Each member written on its own, then sorted by its bytes, as the `Codable` path sorts them.
        var members: [[UInt8]] = []
        members.reserveCapacity(count)
        for (name, value) in zip(names, values) {
            var member = PayloadWriter()
            try member.member(named: name, value)
            members.append(member.bytes)
        }
        members.sort { $0.lexicographicallyPrecedes($1) }
        writer.beginObject()
        for (index, member) in members.enumerated() {
            if index > 0 { writer.appendRaw([UInt8(ascii: ",")]) }
            writer.appendRaw(member)
        }
        writer.endObject()
    }
}
