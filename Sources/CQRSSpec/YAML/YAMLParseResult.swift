/// What ``YAMLParser`` read from a file: the document (when the YAML could be read) and every
/// problem found on the way.
public struct YAMLParseResult: Sendable {
    /// The document; `nil` when the text is not readable YAML (a syntax error, invalid UTF-8, too
    /// large or too deep). A document is still returned alongside errors it could recover from (a
    /// duplicate key, an anchor, an alias, a tag, a second document).
    public var document: YAMLDocument?
    /// The problems found, in file order.
    public var diagnostics: [Diagnostic]

    /// Creates a result.
    public init(document: YAMLDocument?, diagnostics: [Diagnostic]) {
        self.document = document
        self.diagnostics = diagnostics
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
