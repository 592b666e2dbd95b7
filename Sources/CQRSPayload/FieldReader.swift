import Foundation

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
///
/// Reading a stored payload (``EventPayload``'s decoder), it looks the fields up in the parsed document
/// directly, without a keyed container or a key string per field; from any other decoder (`JSONDecoder`,
/// say), through its keyed container.
public struct FieldReader {
    @usableFromInline
    enum Source {
        case payload(PayloadFields)
        case keyed(KeyedFields)
    }

    @usableFromInline
    let source: Source

    /// Reads fields from `decoder`'s keyed container; throws when the value there is not an object.
    public init(_ decoder: any Decoder) throws {
        if let payload = decoder as? PayloadDecoder {
            source = .payload(try PayloadFields(payload))
        } else {
            source = .keyed(KeyedFields(try decoder.container(keyedBy: FieldKey.self)))
        }
    }

    /// The field `name`; throws when it is missing or does not fit `Value`.
    @inlinable
    public func value<Value: Decodable>(_ name: StaticString) throws -> Value {
        switch source {
        case .payload(let fields): try fields.read(Value.self, at: try fields.index(of: name), name)
        case .keyed(let keyed): try keyed.container.decode(Value.self, forKey: FieldKey(name))
        }
    }

    /// The field `name`, or `nil` when it is missing or `null`.
    @inlinable
    public func valueIfPresent<Value: Decodable>(_ name: StaticString) throws -> Value? {
        switch source {
        case .payload(let fields):
            guard let index = fields.indexIfPresent(of: name) else { return nil }
            return try fields.read(Value.self, at: index, name)
        case .keyed(let keyed): return try keyed.container.decodeIfPresent(Value.self, forKey: FieldKey(name))
        }
    }
}

/// A keyed container, boxed: the standard library's container has a layout known only at run time, which
/// would make every copy of a ``FieldReader`` a call into the runtime.
@usableFromInline
final class KeyedFields {
    @usableFromInline let container: KeyedDecodingContainer<FieldKey>

    init(_ container: KeyedDecodingContainer<FieldKey>) {
        self.container = container
    }
}

/// The fields of an object in a stored payload, looked up by their names' bytes.
///
/// A field of a common scalar type is read by a method of its own, chosen where ``FieldReader/value(_:)``
/// is compiled for the field's type: no generic dispatch per field.
@usableFromInline
struct PayloadFields {
    let decoder: PayloadDecoder

    init(_ decoder: PayloadDecoder) throws {
        guard decoder.document.kind(at: decoder.token) == .object else {
            throw decoder.document.mismatch([String: JSONValue].self, at: decoder.token, path: decoder.codingPath)
        }
        self.decoder = decoder
    }

    /// The token of the field `name`; throws when it is missing.
    @usableFromInline
    func index(of name: StaticString) throws -> Int {
        guard let index = decoder.document.member(named: name, inObjectAt: decoder.token) else {
            let key = FieldKey(name)
            throw DecodingError.keyNotFound(
                key,
                .init(codingPath: decoder.codingPath, debugDescription: "No value for the key '\(key.stringValue)'.")
            )
        }
        return index
    }

    /// The token of the field `name`, or `nil` when it is missing or `null`.
    @usableFromInline
    func indexIfPresent(of name: StaticString) -> Int? {
        guard let index = decoder.document.member(named: name, inObjectAt: decoder.token),
            decoder.document.kind(at: index) != .null
        else { return nil }
        return index
    }

    /// The value at `index` (the field `name`'s), read by the method for its type when there is one.
    @inlinable
    func read<Value: Decodable>(_ type: Value.Type, at index: Int, _ name: StaticString) throws -> Value {
        if Value.self == String.self { return cast(try string(at: index, name)) }
        if Value.self == Decimal.self { return cast(try decimal(at: index, name)) }
        if Value.self == Date.self { return cast(try date(at: index, name)) }
        if Value.self == UUID.self { return cast(try uuid(at: index, name)) }
        if Value.self == Int.self { return cast(try int(at: index, name)) }
        if Value.self == Bool.self { return cast(try bool(at: index, name)) }
        if Value.self == [String].self { return cast(try strings(at: index, name)) }
        return try decode(Value.self, at: index, name)
    }

    @usableFromInline
    func string(at index: Int, _ name: StaticString) throws -> String {
        try decoder.document.decodeString(at: index, path: path(name))
    }

    @usableFromInline
    func decimal(at index: Int, _ name: StaticString) throws -> Decimal {
        try decoder.document.decodeDecimal(at: index, path: path(name))
    }

    @usableFromInline
    func date(at index: Int, _ name: StaticString) throws -> Date {
        try decoder.document.decodeDate(at: index, path: path(name))
    }

    @usableFromInline
    func uuid(at index: Int, _ name: StaticString) throws -> UUID {
        try decoder.document.decodeUUID(at: index, path: path(name))
    }

    @usableFromInline
    func int(at index: Int, _ name: StaticString) throws -> Int {
        try decoder.document.decodeInteger(Int.self, at: index, path: path(name))
    }

    @usableFromInline
    func bool(at index: Int, _ name: StaticString) throws -> Bool {
        try decoder.document.decodeBool(at: index, path: path(name))
    }

    @usableFromInline
    func strings(at index: Int, _ name: StaticString) throws -> [String] {
        try decoder.document.decodeStrings(at: index, path: path(name))
    }

    @usableFromInline
    func decode<Value: Decodable>(_ type: Value.Type, at index: Int, _ name: StaticString) throws -> Value {
        try decoder.document.decode(Value.self, at: index, path: path(name))
    }

    /// The coding path of the field `name`, for errors.
    private func path(_ name: StaticString) -> [any CodingKey] {
        decoder.codingPath + [FieldKey(name)]
    }
}
