/// A scenario whose outcome differs from the expected one; the description shows both.
public struct ScenarioFailure: Error, Sendable, CustomStringConvertible {
    /// What the scenario checked.
    public var check: String
    /// What was expected.
    public var expected: String
    /// What happened.
    public var actual: String

    /// Creates a failure.
    public init(check: String, expected: String, actual: String) {
        self.check = check
        self.expected = expected
        self.actual = actual
    }

    /// The check, then the expected and the actual outcome on their own lines.
    public var description: String {
        "\(check)\n  expected: \(expected)\n  actual:   \(actual)"
    }
}
