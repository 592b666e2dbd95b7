import Foundation

/// Writes payload JSON directly, for ``PayloadEncodable`` types: the same bytes as their `Codable`
/// encoding through `EventPayload.encode(_:)` (which writes its tree with the same scalar
/// writers), without `Codable`'s containers.
///
/// It is a ``FieldWriter``: a generated type's `encodeFields(to:)` hands it one field at a time,
/// between the object's braces that ``FieldEncodable``'s `encodePayload(to:)` writes. By hand:
///
/// ```swift
/// func encodePayload(to writer: inout CQRS.PayloadWriter) throws {
///     writer.beginObject()
///     try writer.member("userId", userId)
///     try writer.member("reason", ifPresent: reason)
///     writer.endObject()
/// }
/// ```
public struct PayloadWriter {
    @usableFromInline package var bytes: [UInt8]
    /// Whether the next member or element needs a comma before it.
    @usableFromInline var needsComma = false

    /// An empty writer.
    @inlinable
    public init() {
        bytes = []
        bytes.reserveCapacity(128)
    }

    /// The JSON written.
    @inlinable
    public var data: Data { bytes.withUnsafeBytes { Data($0) } }

    // MARK: Structure

    /// Opens an object (the value of a member or element, or the payload itself).
    @inlinable
    public mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Closes the object opened last.
    @inlinable
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Opens an array.
    @inlinable
    public mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    /// Closes the array opened last.
    @inlinable
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member of the current object. `name` is a field name (a Swift identifier, so it needs no
    /// escaping).
    @inlinable
    public mutating func member<Value: PayloadValue>(_ name: StaticString, _ value: Value) throws {
        writeName(name)
        try value.writePayload(to: &self)
        needsComma = true
    }

    /// Writes a member of the current object unless `value` is `nil` (as `Codable` leaves out `nil`
    /// optionals).
    @inlinable
    public mutating func member<Value: PayloadValue>(_ name: StaticString, ifPresent value: Value?) throws {
        guard let value else { return }
        try member(name, value)
    }

    /// Writes an element of the current array.
    @inlinable
    public mutating func element<Value: PayloadValue>(_ value: Value) throws {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        try value.writePayload(to: &self)
        needsComma = true
    }

    @inlinable
    mutating func writeName(_ name: StaticString) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes a member whose name is computed (dictionary keys), escaped as JSON requires.
    @inlinable
    package mutating func member<Value: PayloadValue>(named name: String, _ value: Value) throws {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        PayloadScalars.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        try value.writePayload(to: &self)
        needsComma = true
    }

    // MARK: Scalars

    /// Writes `null`.
    @inlinable
    public mutating func writeNull() { bytes.append(contentsOf: "null".utf8) }

    /// Writes `true` or `false`.
    @inlinable
    public mutating func writeBool(_ value: Bool) { bytes.append(contentsOf: value ? "true".utf8 : "false".utf8) }

    /// Writes a JSON string.
    @inlinable
    public mutating func writeString(_ value: String) { PayloadScalars.appendString(value, to: &bytes) }

    /// Writes an integer.
    @inlinable
    public mutating func writeInteger<T: BinaryInteger>(_ value: T) {
        if let small = Int64(exactly: value) {
            PayloadScalars.appendInteger(small, to: &bytes)
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    /// Writes a finite `Double` as the shortest text that reads back the same value.
    @inlinable
    public mutating func writeDouble(_ value: Double) throws {
        guard value.isFinite else { throw PayloadScalars.nonFinite(value, []) }
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Writes a finite `Float` as the shortest text that reads back the same value.
    @inlinable
    public mutating func writeFloat(_ value: Float) throws {
        guard value.isFinite else { throw PayloadScalars.nonFinite(value, []) }
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Writes a `Decimal` exactly.
    @inlinable
    public mutating func writeDecimal(_ value: Decimal) throws {
        guard PayloadScalars.appendDecimal(value, to: &bytes) else { throw PayloadScalars.nonFinite(value, []) }
    }

    /// Writes a `Date` as seconds since 1970, exactly.
    @inlinable
    public mutating func writeDate(_ value: Date) throws {
        guard PayloadScalars.appendDate(value, to: &bytes) else { throw PayloadScalars.nonFinite(value, []) }
    }

    /// Writes a UUID's upper-case text.
    @inlinable
    public mutating func writeUUID(_ value: UUID) {
        bytes.append(UInt8(ascii: "\""))
        PayloadScalars.appendUUID(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends JSON that is already complete (a dictionary's sorted members).
    @usableFromInline
    mutating func appendRaw(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }
}
