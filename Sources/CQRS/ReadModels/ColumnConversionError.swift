/// A column value that does not convert to the row field's Swift type.
public struct ColumnConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The column type the field expects.
    public var expected: ColumnType
    /// The value found.
    public var found: ColumnValue
    /// More detail, when there is any.
    public var reason: String?

    /// Creates the error.
    public init(expected: ColumnType, found: ColumnValue, reason: String? = nil) {
        self.expected = expected
        self.found = found
        self.reason = reason
    }

    /// A sentence naming the expected type and the value found.
    public var description: String {
        "expected a \(expected) column value, found \(found)" + (reason.map { ": \($0)" } ?? "")
    }
}
