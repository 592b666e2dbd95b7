/// A shared value type declared under `types`: a struct with fields, or an enum with cases.
public struct TypeDeclaration: Hashable, Sendable {
    /// What a declared type is made of.
    public enum Kind: Hashable, Sendable {
        /// A struct with these fields, in file order.
        case structure(fields: [Field])
        /// An enum with these case names (String raw values), in file order.
        case enumeration(cases: [String])
    }

    /// The type's name (UpperCamelCase).
    public var name: String
    /// The type's `description`, if any.
    public var description: String?
    /// A struct or an enum.
    public var kind: Kind
    /// Where the type's name stands in the spec.
    public var location: SourceLocation

    /// Creates a declaration.
    public init(name: String, description: String? = nil, kind: Kind, location: SourceLocation) {
        self.name = name
        self.description = description
        self.kind = kind
        self.location = location
    }
}
