/// A field of a type, command, event, state, projection row or query parameter list.
public struct Field: Hashable, Sendable {
    /// The field's name (lowerCamelCase; may be a Swift keyword, which generated code escapes).
    public var name: String
    /// The field's type.
    public var type: TypeExpression
    /// The field's `description`, if any.
    public var description: String?
    /// The field's `default`, already checked to fit ``type``.
    public var defaultValue: Literal?
    /// The field's constraints, already checked to fit ``type``.
    public var constraints: FieldConstraints
    /// Where the field's name stands in the spec.
    public var location: SourceLocation

    /// Creates a field.
    public init(
        name: String,
        type: TypeExpression,
        description: String? = nil,
        defaultValue: Literal? = nil,
        constraints: FieldConstraints = FieldConstraints(),
        location: SourceLocation
    ) {
        self.name = name
        self.type = type
        self.description = description
        self.defaultValue = defaultValue
        self.constraints = constraints
        self.location = location
    }
}

/// The validation constraints a field declares. Every value is already checked to fit the field's type.
public struct FieldConstraints: Hashable, Sendable {
    /// `minimum` (inclusive), as canonical number text such as `"0.01"` or `"1"`.
    public var minimum: String?
    /// `maximum` (inclusive).
    public var maximum: String?
    /// `exclusiveMinimum`.
    public var exclusiveMinimum: String?
    /// `exclusiveMaximum`.
    public var exclusiveMaximum: String?
    /// `minItems`, for arrays.
    public var minItems: Int?
    /// `maxItems`, for arrays.
    public var maxItems: Int?
    /// `minLength`, for strings (counted in characters).
    public var minLength: Int?
    /// `maxLength`, for strings (counted in characters).
    public var maxLength: Int?
    /// `pattern`, a regular expression a string must match.
    public var pattern: String?

    /// Creates a set of constraints; every one is optional.
    public init(
        minimum: String? = nil,
        maximum: String? = nil,
        exclusiveMinimum: String? = nil,
        exclusiveMaximum: String? = nil,
        minItems: Int? = nil,
        maxItems: Int? = nil,
        minLength: Int? = nil,
        maxLength: Int? = nil,
        pattern: String? = nil
    ) {
        self.minimum = minimum
        self.maximum = maximum
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
        self.minItems = minItems
        self.maxItems = maxItems
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
    }

    /// Whether no constraint is set.
    public var isEmpty: Bool { self == FieldConstraints() }
}

/// A literal value from a spec (a `default`, an upcast default, or a literal EXPR), already read for
/// the type it is used with.
///
/// YAML 1.1 implicit typing never applies: `010` for an `Int` is ``integer(_:)`` `"10"`, `yes` for an
/// enum is ``enumCase(_:)`` `"yes"`.
public enum Literal: Hashable, Sendable {
    /// `null` / `~`, for an optional.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number in canonical decimal text (`"10"`, `"-3"`).
    case integer(String)
    /// A number with a fraction in canonical decimal text (`"0.01"`, `"2.5e3"` is written `"2500"`).
    case number(String)
    /// A string.
    case string(String)
    /// A `Date`, as the ISO 8601 text written in the spec.
    case date(String)
    /// A `UUID`, in canonical upper-case text.
    case uuid(String)
    /// A `Data` value, as its base64 text.
    case data(String)
    /// A `URL`, as its text.
    case url(String)
    /// One of an enum type's case names.
    case enumCase(String)
    /// `[]`.
    case emptyArray
    /// `{}`.
    case emptyDictionary
}
