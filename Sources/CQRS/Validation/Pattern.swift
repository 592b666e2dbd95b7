import Foundation

/// A compiled regular expression for the `pattern` constraint; generated code keeps one in a `static let`.
///
/// A string matches when the expression matches somewhere in it (anchor with `^…$` for the whole string).
///
/// ```swift
/// static let skuPattern = CQRS.Pattern("^[A-Z0-9-]+$")
/// ```
public final class Pattern: Sendable {
    /// The expression's text.
    public let source: String
    private let expression: NSRegularExpression

    /// Compiles the expression; an invalid one is a programming error (the spec validator rejects it).
    public init(_ regex: String) {
        source = regex
        do {
            expression = try NSRegularExpression(pattern: regex)
        } catch {
            preconditionFailure("invalid regular expression \(regex): \(error)")
        }
    }

    /// Whether the expression matches somewhere in `text`.
    public func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
