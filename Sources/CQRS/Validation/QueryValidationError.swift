/// A custom query whose parameters break the spec's constraints (`minimum`, `maxLength`, `pattern`, …):
/// thrown by the generated `Application.ask` before the handler runs or anything is read.
///
/// ```swift
/// catch let error as QueryValidationError {
///     print(error.violations.map(\.field))  // ["top"]
/// }
/// ```
public struct QueryValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The query's name in the spec.
    public var query: String
    /// Every violation, in the order of the parameters.
    public var violations: [ConstraintViolation]

    /// Creates the error.
    public init(query: String, violations: [ConstraintViolation]) {
        self.query = query
        self.violations = violations
    }

    /// `invalid query <Name>: ` and the violations.
    public var description: String {
        "invalid query \(query): " + violations.map(\.description).joined(separator: "; ")
    }
}
