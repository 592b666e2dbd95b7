import Foundation

/// Any JSON value, with numbers kept as their exact text; upcasters work on payloads in this form.
///
/// ```swift
/// let value: JSONValue = .object(["reason": .string("late"), "amount": .number("12.50")])
/// ```
public indirect enum JSONValue: Sendable, Hashable, Codable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as its JSON text (`"12.50"`), so that no digit is lost.
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// Decodes any JSON value (from any decoder; numbers through `Decimal` when the decoder is not the
    /// payload decoder).
    public init(from decoder: any Decoder) throws {
        if let payloadDecoder = decoder as? PayloadDecoder {
            self = try payloadDecoder.document.jsonValue(at: payloadDecoder.token)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Decimal.self) {
            self = .number("\(number)")
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes the value (numbers as `Decimal` when the encoder is not the payload encoder).
    public func encode(to encoder: any Encoder) throws {
        if let payloadEncoder = encoder as? PayloadEncoder {
            payloadEncoder.value = encodedValue
            return
        }
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let text):
            guard let number = Decimal(string: text, locale: nil) else {
                throw EncodingError.invalidValue(
                    text,
                    .init(codingPath: encoder.codingPath, debugDescription: "Not a number.")
                )
            }
            try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members)
        }
    }

    /// The value as the payload encoder's tree.
    var encodedValue: EncodedValue {
        switch self {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let text): return .number(text)
        case .string(let text): return .string(text)
        case .array(let elements):
            let array = EncodedArray()
            array.elements = elements.map(\.encodedValue)
            return .array(array)
        case .object(let members):
            let object = EncodedObject()
            // Sorted, so that the same value always gives the same bytes.
            object.members = members.sorted { $0.key < $1.key }.map { ($0.key, $0.value.encodedValue) }
            return .object(object)
        }
    }
}
