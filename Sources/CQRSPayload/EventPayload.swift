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
    /// Encodes a value in the payload format. A value that is ``PayloadValue`` at run time (a generated
    /// type reached through a generic `Encodable`, such as a snapshot's state) writes its own JSON; any
    /// other goes through its `Codable` conformance. Both give the same bytes.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        if let value = value as? any PayloadValue {
            var writer = PayloadWriter()
            try value.writePayload(to: &writer)
            return writer.data
        }
        return try encodeThroughCodable(value)
    }

    /// Encodes a value through its `Codable` conformance only (the tree encoder), whatever else it
    /// conforms to: what `EventPayload.encode(_:)` falls back to, and what tests compare the fast path with.
    package static func encodeThroughCodable<T: Encodable>(_ value: T) throws -> Data {
        let tree = try PayloadEncoder.box(value, codingPath: [])
        var writer = PayloadWriter()
        try writer.write(tree)
        return writer.data
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
    ///
    /// - Throws: ``PayloadSyntaxError`` (with the byte offset) when the bytes are not JSON; `DecodingError`
    ///   when the JSON does not fit `T` (its description names the byte of the offending value).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let document = try PayloadDocument(bytes: [UInt8](data))
        return try document.decode(T.self, at: 0, path: [])
    }

    /// Decodes payload bytes written with schema version `schemaVersion`, first running the upcaster's
    /// steps when that is older than the upcaster's current version.
    ///
    /// - Throws: `PayloadVersionError` when the payload cannot be brought to the current version (it is
    ///   newer, or not an object); otherwise what decoding throws (``PayloadSyntaxError``,
    ///   `DecodingError`).
    package static func decode<T: Decodable>(
        _ type: T.Type,
        from data: Data,
        schemaVersion: Int,
        upcaster: Upcaster?
    ) throws -> T {
        guard let upcaster, schemaVersion != upcaster.currentVersion else {
            return try decode(T.self, from: data)
        }
        guard schemaVersion < upcaster.currentVersion else {
            throw PayloadVersionError(
                reason: "schema version \(schemaVersion) is newer than the version this code reads "
                    + "(\(upcaster.currentVersion))"
            )
        }
        guard case .object(var members) = try decode(JSONValue.self, from: data) else {
            throw PayloadVersionError(reason: "the payload is not a JSON object")
        }
        upcaster.upcast(&members, from: schemaVersion)
        var writer = PayloadWriter()
        try writer.write(JSONValue.object(members).encodedValue)
        let document = try PayloadDocument(bytes: writer.bytes)
        return try document.decode(T.self, at: 0, path: [])
    }

    /// A readable sentence for a coding error: which field, what was expected.
    @usableFromInline
    package static func describe(_ error: any Error) -> String {
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

/// A payload that cannot be brought to the schema version the code reads: written by a newer version, or
/// not a JSON object where an upcaster needs one.
package struct PayloadVersionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, as a sentence fragment (`schema version 3 is newer than …`).
    package var reason: String

    /// Creates the error.
    package init(reason: String) {
        self.reason = reason
    }

    /// The reason.
    package var description: String { reason }
}
