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
        case keyed(KeyedDecodingContainer<FieldKey>)
    }

    @usableFromInline
    let source: Source

    /// Reads fields from `decoder`'s keyed container; throws when the value there is not an object.
    public init(_ decoder: any Decoder) throws {
        if let payload = decoder as? PayloadDecoder {
            source = .payload(try PayloadFields(payload))
        } else {
            source = .keyed(try decoder.container(keyedBy: FieldKey.self))
        }
    }

    /// The field `name`; throws when it is missing or does not fit `Value`.
    @inlinable
    public func value<Value: Decodable>(_ name: StaticString) throws -> Value {
        switch source {
        case .payload(let fields): try fields.value(Value.self, name)
        case .keyed(let container): try container.decode(Value.self, forKey: FieldKey(name))
        }
    }

    /// The field `name`, or `nil` when it is missing or `null`.
    @inlinable
    public func valueIfPresent<Value: Decodable>(_ name: StaticString) throws -> Value? {
        switch source {
        case .payload(let fields): try fields.valueIfPresent(Value.self, name)
        case .keyed(let container): try container.decodeIfPresent(Value.self, forKey: FieldKey(name))
        }
    }
}

/// The fields of an object in a stored payload, looked up by their names' bytes.
@usableFromInline
struct PayloadFields {
    let decoder: PayloadDecoder

    init(_ decoder: PayloadDecoder) throws {
        guard decoder.document.kind(at: decoder.token) == .object else {
            throw decoder.document.mismatch([String: JSONValue].self, at: decoder.token, path: decoder.codingPath)
        }
        self.decoder = decoder
    }

    @usableFromInline
    func value<Value: Decodable>(_ type: Value.Type, _ name: StaticString) throws -> Value {
        guard let index = decoder.document.member(named: name, inObjectAt: decoder.token) else {
            let key = FieldKey(name)
            throw DecodingError.keyNotFound(
                key,
                .init(codingPath: decoder.codingPath, debugDescription: "No value for the key '\(key.stringValue)'.")
            )
        }
        return try decoder.document.decode(Value.self, at: index, path: decoder.codingPath + [FieldKey(name)])
    }

    @usableFromInline
    func valueIfPresent<Value: Decodable>(_ type: Value.Type, _ name: StaticString) throws -> Value? {
        guard let index = decoder.document.member(named: name, inObjectAt: decoder.token),
            decoder.document.kind(at: index) != .null
        else { return nil }
        return try decoder.document.decode(Value.self, at: index, path: decoder.codingPath + [FieldKey(name)])
    }
}
