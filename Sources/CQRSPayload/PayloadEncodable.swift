/// A type that writes its own payload JSON, so that `EventPayload.encode(_:)` skips `Codable`'s
/// containers. Generated types conform through ``FieldEncodable``; a hand-written type can conform
/// directly. The bytes are exactly
/// those of the type's `Codable` encoding (members in declaration order, `nil` optionals left out).
///
/// ```swift
/// extension Shop.Order.OrderPaid: CQRS.PayloadEncodable {
///     func encodePayload(to writer: inout CQRS.PayloadWriter) throws {
///         writer.beginObject()
///         try writer.member("amountUSD", amountUSD)
///         writer.endObject()
///     }
/// }
/// ```
public protocol PayloadEncodable: Encodable, PayloadValue {
    /// Writes the value as a JSON object.
    func encodePayload(to writer: inout PayloadWriter) throws
}

extension PayloadEncodable {
    /// Writes the value through ``encodePayload(to:)``.
    @inlinable
    public func writePayload(to writer: inout PayloadWriter) throws { try encodePayload(to: &writer) }
}
