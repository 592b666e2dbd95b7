/// A command rejected before reaching its handler, with every violated constraint.
///
/// ```swift
/// catch let error as CommandValidationError {
///     for violation in error.violations { print(violation.field, violation.message) }
/// }
/// ```
public struct CommandValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The command's name, for example `"PlaceOrder"`.
    public var command: String
    /// Every violated constraint, in field order.
    public var violations: [ConstraintViolation]

    /// Creates the error.
    public init(command: String, violations: [ConstraintViolation]) {
        self.command = command
        self.violations = violations
    }

    /// The command and each violation.
    public var description: String {
        "invalid \(command): " + violations.map(\.description).joined(separator: "; ")
    }
}
