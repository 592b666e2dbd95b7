/// A shared value type declared under `types`: a struct with fields, an enum with cases, or a tagged union
/// whose cases carry fields.
public struct TypeDeclaration: Hashable, Sendable {
    /// What a declared type is made of.
    public enum Kind: Hashable, Sendable {
        /// A struct with these fields, in file order.
        case structure(fields: [Field])
        /// An enum with these case names, in file order (stored as the names, or as ``rawValues``).
        case enumeration(cases: [String])
        /// A tagged union: an enum whose every case carries its own fields, in file order.
        case union(cases: [UnionCase])
    }

    /// A case of a tagged union (`cases: { fromAgent: { fields: { … } } }`): its name and its fields.
    public struct UnionCase: Hashable, Sendable {
        /// The case's name (lowerCamelCase).
        public var name: String
        /// The case's `description`, if any.
        public var description: String?
        /// The fields the case carries, in file order.
        public var fields: [Field]
        /// Where the case's name stands in the spec.
        public var location: SourceLocation

        /// Creates a case.
        public init(name: String, description: String? = nil, fields: [Field], location: SourceLocation) {
            self.name = name
            self.description = description
            self.fields = fields
            self.location = location
        }

        /// The name of the struct that holds the case's fields: the case's name in UpperCamelCase.
        public var typeName: String { SpecNaming.upperCamelCase(name) }
    }

    /// The type's name (UpperCamelCase).
    public var name: String
    /// The type's `description`, if any.
    public var description: String?
    /// A struct or an enum.
    public var kind: Kind
    /// An enum's explicit raw values (`cases: { low: 1, high: 8 }`), one per case in case order; `nil`: each
    /// case is stored as its name.
    public var rawValues: RawValues?
    /// Where the type's name stands in the spec.
    public var location: SourceLocation

    /// The explicit raw values of an enum's cases: all whole numbers or all text.
    public enum RawValues: Hashable, Sendable {
        /// Whole numbers: the enum is stored and written as its case's number.
        case integers([Int])
        /// Text: the enum is stored and written as its case's text.
        case strings([String])
    }

    /// Creates a declaration.
    public init(
        name: String, description: String? = nil, kind: Kind, rawValues: RawValues? = nil, location: SourceLocation
    ) {
        self.name = name
        self.description = description
        self.kind = kind
        self.rawValues = rawValues
        self.location = location
    }
}
