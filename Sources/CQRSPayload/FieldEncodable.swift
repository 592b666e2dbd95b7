/// A type that lists its fields once, for both of its encodings: generated structs, states, commands,
/// events and read model rows conform.
///
/// Its payload JSON (``PayloadEncodable``) and its `Encodable` conformance both come from
/// ``encodeFields(to:)``, so a generated type declares no `CodingKeys` and no `encode(to:)`: the
/// compiler synthesizes neither, and the two encodings cannot disagree.
///
/// ```swift
/// struct Tag: Codable, CQRS.FieldEncodable {
///     var name: String
///     var note: String?
///
///     init(from decoder: any Decoder) throws {
///         let fields = try CQRS.FieldReader(decoder)
///         self.name = try fields.value("name")
///         self.note = try fields.valueIfPresent("note")
///     }
///
///     func encodeFields(to fields: inout some CQRS.FieldWriter) throws {
///         try fields.field("name", self.name)
///         try fields.field("note", ifPresent: self.note)
///     }
/// }
/// ```
public protocol FieldEncodable: PayloadEncodable {
    /// Hands every field to `fields`, in declaration order.
    func encodeFields(to fields: inout some FieldWriter) throws
}

extension FieldEncodable {
    /// Writes the fields as a JSON object.
    @inlinable
    public func encodePayload(to writer: inout PayloadWriter) throws {
        writer.beginObject()
        try encodeFields(to: &writer)
        writer.endObject()
    }

    /// Encodes the fields into `encoder`'s keyed container, under their spec names.
    public func encode(to encoder: any Encoder) throws {
        var fields = EncoderFieldWriter(encoder)
        try encodeFields(to: &fields)
    }
}
