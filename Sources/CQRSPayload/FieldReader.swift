/// Reads a generated type's fields from a `Decoder` by their spec names: what a generated
/// `init(from:)` reads with, one line per field.
///
/// ```swift
/// init(from decoder: any Decoder) throws {
///     let fields = try CQRS.FieldReader(decoder)
///     self.name = try fields.value("name")
///     self.note = try fields.valueIfPresent("note")
/// }
/// ```
public struct FieldReader {
    /// The container the fields come from.
    public let container: KeyedDecodingContainer<FieldKey>

    /// Reads fields from `decoder`'s keyed container; throws when the value there is not an object.
    public init(_ decoder: any Decoder) throws {
        container = try decoder.container(keyedBy: FieldKey.self)
    }

    /// The field `name`; throws when it is missing or does not fit `Value`.
    @inlinable
    public func value<Value: Decodable>(_ name: StaticString) throws -> Value {
        try container.decode(Value.self, forKey: FieldKey(name))
    }

    /// The field `name`, or `nil` when it is missing or `null`.
    @inlinable
    public func valueIfPresent<Value: Decodable>(_ name: StaticString) throws -> Value? {
        try container.decodeIfPresent(Value.self, forKey: FieldKey(name))
    }
}
