/// Receives a value's fields one by one, in declaration order: what a generated type's
/// `encodeFields(to:)` writes to.
///
/// The same generated method therefore writes both encodings: ``PayloadWriter`` turns the fields into
/// payload JSON directly, and ``FieldEncodable``'s `encode(to:)` hands them to any `Encoder` (such as
/// `JSONEncoder`), with that encoder's strategies, exactly as a synthesized `Encodable` would.
///
/// ```swift
/// func encodeFields(to fields: inout some CQRS.FieldWriter) throws {
///     try fields.field("name", self.name)
///     try fields.field("note", ifPresent: self.note)
/// }
/// ```
public protocol FieldWriter {
    /// Writes the field `name`.
    mutating func field<Value: PayloadValue & Encodable>(_ name: StaticString, _ value: Value) throws
    /// Writes the field `name` unless `value` is `nil` (as `Codable` leaves out `nil` optionals).
    mutating func field<Value: PayloadValue & Encodable>(_ name: StaticString, ifPresent value: Value?) throws
}

extension PayloadWriter: FieldWriter {
    /// Writes the field as a member of the current object.
    @inlinable
    public mutating func field<Value: PayloadValue & Encodable>(_ name: StaticString, _ value: Value) throws {
        try member(name, value)
    }

    /// Writes the field as a member of the current object unless `value` is `nil`.
    @inlinable
    public mutating func field<Value: PayloadValue & Encodable>(_ name: StaticString, ifPresent value: Value?) throws {
        try member(name, ifPresent: value)
    }
}

/// Hands fields to an `Encoder`'s keyed container: the `Encodable` side of ``FieldEncodable``.
public struct EncoderFieldWriter: FieldWriter {
    /// The container the fields go into.
    public var container: KeyedEncodingContainer<FieldKey>

    /// Writes fields into `encoder`'s keyed container.
    public init(_ encoder: any Encoder) {
        container = encoder.container(keyedBy: FieldKey.self)
    }

    /// Encodes the field under its name.
    public mutating func field<Value: PayloadValue & Encodable>(_ name: StaticString, _ value: Value) throws {
        try container.encode(value, forKey: FieldKey(name))
    }

    /// Encodes the field under its name unless `value` is `nil`.
    public mutating func field<Value: PayloadValue & Encodable>(_ name: StaticString, ifPresent value: Value?) throws {
        try container.encodeIfPresent(value, forKey: FieldKey(name))
    }
}
