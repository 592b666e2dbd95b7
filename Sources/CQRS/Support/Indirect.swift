/// Stores a value out of line, so that a struct can hold an optional of itself.
///
/// Swift lays a struct's optional fields out inline, so `struct Node { var parent: Node? }` has no
/// finite size. Generated code marks such a field `@CQRS.Indirect`; it reads, writes, compares,
/// hashes and encodes exactly like the plain value (the JSON is the same).
///
/// ```swift
/// struct Node: Codable, Hashable, Sendable {
///     var label: String
///     @CQRS.Indirect var parent: Node?
/// }
/// ```
@propertyWrapper
public struct Indirect<Value: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    /// The stored value.
    public var wrappedValue: Value {
        get { box.value }
        set { box = Box(newValue) }
    }

    /// Stores a value.
    public init(wrappedValue: Value) {
        box = Box(wrappedValue)
    }

    public static func == (lhs: Indirect, rhs: Indirect) -> Bool {
        lhs.wrappedValue == rhs.wrappedValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(wrappedValue)
    }

    /// Decodes the plain value.
    public init(from decoder: any Decoder) throws {
        box = Box(try decoder.singleValueContainer().decode(Value.self))
    }

    /// Encodes the plain value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension KeyedDecodingContainer {
    /// Reads an absent key as `nil` for an indirect optional, as for a plain optional.
    public func decode<Wrapped>(_ type: Indirect<Wrapped?>.Type, forKey key: Key) throws -> Indirect<Wrapped?> {
        Indirect(wrappedValue: try decodeIfPresent(Wrapped.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    /// Leaves an indirect optional's key out when it is `nil`, as for a plain optional.
    public mutating func encode<Wrapped>(_ value: Indirect<Wrapped?>, forKey key: Key) throws {
        try encodeIfPresent(value.wrappedValue, forKey: key)
    }
}
