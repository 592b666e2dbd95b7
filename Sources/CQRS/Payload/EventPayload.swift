import Foundation

/// The payload format of events and snapshots: JSON with exactly defined scalars.
///
/// - An object has one member per field, in the order the type encodes them (declaration order for
///   generated types); an optional field that is `nil` is left out (and read back from `null` or absence).
///   A dictionary with `String` or `Int` keys is an object with its members sorted by name; other
///   dictionaries are `[key, value, …]` arrays, as `Codable` writes them.
/// - `Date`: seconds since 1970-01-01T00:00:00Z as a JSON number, written with every digit needed to read
///   back the very same `Date` (`1714564800.25`).
/// - `Decimal`: a JSON number with its exact digits (`12.10` is written `12.1`).
/// - `UUID`: its upper-case text; `Data`: base64; `URL`: its absolute string; enums: their case name.
/// - Integers as JSON integers; `Double`/`Float` as the shortest text that reads back the same value
///   (non-finite values cannot be encoded).
///
/// ```swift
/// let data = try EventPayload.encode(Shop.OrderPlaced(userId: "ada", items: ["book"], totalUSD: 12, placedAt: .now))
/// let placed = try EventPayload.decode(Shop.OrderPlaced.self, from: recorded)
/// ```
public enum EventPayload {
    /// Encodes a value in the payload format.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let stream = PayloadStream.take()
        defer { PayloadStream.give(stream) }
        try stream.write(value, depth: 0, parent: nil, key: nil)
        stream.finish()
        guard stream.misused else { return stream.data }
        // The value used its encoder in a way streaming cannot follow: build the tree instead.
        let tree = try PayloadEncoder.box(value, codingPath: [])
        var writer = EncodedValueWriter()
        try writer.write(tree)
        return Data(writer.bytes)
    }

    /// Encodes a value that writes its own JSON (generated types): the same bytes as the `Codable` path,
    /// faster.
    @inlinable
    public static func encode<T: PayloadEncodable>(_ value: T) throws -> Data {
        var writer = PayloadWriter()
        try value.encodePayload(to: &writer)
        return writer.data
    }

    /// Decodes a value from payload bytes.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let document = try PayloadDocument(bytes: [UInt8](data))
        return try document.decode(T.self, at: 0, path: [])
    }

    /// Decodes a recorded event's payload, first running the upcaster's steps when the event was written
    /// with an older schema version.
    ///
    /// - Throws: ``EventDecodingError`` naming the event, whatever went wrong.
    public static func decode<T: Decodable>(
        _ type: T.Type,
        from event: RecordedEvent,
        upcaster: Upcaster? = nil
    ) throws -> T {
        do {
            guard let upcaster, event.schemaVersion != upcaster.currentVersion else {
                return try decode(T.self, from: event.payload)
            }
            guard event.schemaVersion < upcaster.currentVersion else {
                throw EventDecodingError(
                    event,
                    reason: "schema version \(event.schemaVersion) is newer than the version this code reads "
                        + "(\(upcaster.currentVersion))"
                )
            }
            guard case .object(var members) = try decode(JSONValue.self, from: event.payload) else {
                throw EventDecodingError(event, reason: "the payload is not a JSON object")
            }
            upcaster.upcast(&members, from: event.schemaVersion)
            var writer = EncodedValueWriter()
            try writer.write(JSONValue.object(members).encodedValue)
            let document = try PayloadDocument(bytes: writer.bytes)
            return try document.decode(T.self, at: 0, path: [])
        } catch let error as EventDecodingError {
            throw error
        } catch {
            throw EventDecodingError(event, reason: describe(error))
        }
    }

    /// A readable sentence for a coding error: which field, what was expected.
    @usableFromInline
    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty
                ? "the payload"
                : "'"
                    + keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                    .joined(separator: ".") + "'"
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case EncodingError.invalidValue(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        default:
            return String(describing: error)
        }
    }
}
