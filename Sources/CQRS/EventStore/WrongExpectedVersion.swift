/// An append whose expected version did not match the stream: someone else wrote first.
///
/// ```swift
/// catch let conflict as WrongExpectedVersion {
///     print(conflict.stream, conflict.expected, conflict.actual ?? 0)
/// }
/// ```
public struct WrongExpectedVersion: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stream appended to.
    public var stream: StreamID
    /// What the append expected.
    public var expected: ExpectedVersion
    /// The stream's actual version; `nil` when the stream does not exist.
    public var actual: Int64?

    /// Creates the error.
    public init(stream: StreamID, expected: ExpectedVersion, actual: Int64?) {
        self.stream = stream
        self.expected = expected
        self.actual = actual
    }

    /// A sentence naming the stream, the expectation and the actual version.
    public var description: String {
        let found = actual.map { "it is at version \($0)" } ?? "it does not exist"
        return "wrong expected version for stream \(stream): expected \(expected), but \(found)"
    }
}
