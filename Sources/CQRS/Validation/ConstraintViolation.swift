/// One violated constraint of a command's field.
///
/// ```swift
/// ConstraintViolation(field: "userId", constraint: "minLength", message: "must have at least 1 character")
/// ```
public struct ConstraintViolation: Sendable, Hashable, CustomStringConvertible {
    /// The field's name, as in the spec (`items[2].sku` for nested values).
    public var field: String
    /// The constraint's name, as in the spec (`minLength`, `exclusiveMinimum`, `pattern`, …).
    public var constraint: String
    /// What is wrong, in words.
    public var message: String

    /// Creates a violation.
    public init(field: String, constraint: String, message: String) {
        self.field = field
        self.constraint = constraint
        self.message = message
    }

    /// `field: message (constraint)`.
    public var description: String { "\(field): \(message) (\(constraint))" }
}
