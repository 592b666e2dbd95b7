/// The coding key of a generated type's field: its name in the spec.
///
/// One key type serves every generated type, so none declares a `CodingKeys` enum of its own (which the
/// compiler would otherwise synthesize, with its conformances, for each of them).
public struct FieldKey: CodingKey, Sendable, Hashable {
    /// The field's name.
    public let stringValue: String

    /// Field keys are names, never indices.
    public var intValue: Int? { nil }

    /// The key of the field named `stringValue`.
    public init(stringValue: String) {
        self.stringValue = stringValue
    }

    /// Field keys are names, never indices: always `nil`.
    public init?(intValue: Int) {
        nil
    }

    /// The key of the field named `name`.
    @inlinable
    public init(_ name: StaticString) {
        self.init(stringValue: name.description)
    }
}
