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
        case .payload(let fields): try fields.decode(Value.self, at: try fields.index(of: name), name)
        case .keyed(let keyed): try keyed.container.decode(Value.self, forKey: FieldKey(name))
        }
    }

    /// The field `name`, or `nil` when it is missing or `null`.
    @inlinable
    public func valueIfPresent<Value: Decodable>(_ name: StaticString) throws -> Value? {
        switch source {
        case .payload(let fields):
            guard let index = fields.indexIfPresent(of: name) else { return nil }
            return try fields.decode(Value.self, at: index, name)
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
/// A field of a common scalar type is read by the document's method for its type, chosen where
/// ``FieldReader/value(_:)`` is compiled for the field's type: no generic dispatch per field.
@usableFromInline
struct PayloadFields {
    @usableFromInline let document: PayloadDocument
    /// The object's token.
    let token: Int
    let codingPath: [any CodingKey]

    init(_ decoder: PayloadDecoder) throws {
        guard decoder.document.kind(at: decoder.token) == .object else {
            throw decoder.document.mismatch([String: JSONValue].self, at: decoder.token, path: decoder.codingPath)
        }
        document = decoder.document
        token = decoder.token
        codingPath = decoder.codingPath
    }

    /// The token of the field `name`; throws when it is missing.
    @usableFromInline
    func index(of name: StaticString) throws -> Int {
        guard let index = document.member(named: name, inObjectAt: token) else {
            let key = FieldKey(name)
            throw DecodingError.keyNotFound(
                key,
                .init(codingPath: codingPath, debugDescription: "No value for the key '\(key.stringValue)'.")
            )
        }
        return index
    }

    /// The token of the field `name`, or `nil` when it is missing or `null`.
    @usableFromInline
    func indexIfPresent(of name: StaticString) -> Int? {
        guard let index = document.member(named: name, inObjectAt: token),
            document.kind(at: index) != .null
        else { return nil }
        return index
    }

    /// The value at `index`, the field `name`'s: the document's `decode(_:at:path:)`,
    /// compiled here for `Value`.
    @inlinable
    func decode<Value: Decodable>(_ type: Value.Type, at index: Int, _ name: StaticString) throws -> Value {
        try document.decode(Value.self, at: index, path: path(name))
    }

    /// The coding path of the field `name`, for errors.
    @usableFromInline
    func path(_ name: StaticString) -> [any CodingKey] {
        codingPath + [FieldKey(name)]
    }
}
