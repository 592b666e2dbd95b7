/// What ``SpecLoader`` found in a spec: the validated spec (when there is no error) and every
/// diagnostic.
public struct SpecLoadResult: Hashable, Sendable {
    /// The spec; `nil` when any diagnostic is an error.
    public var spec: Spec?
    /// Errors and warnings (with their notes), sorted by position in the file.
    public var diagnostics: [Diagnostic]

    /// Creates a result.
    public init(spec: Spec?, diagnostics: [Diagnostic]) {
        self.spec = spec
        self.diagnostics = diagnostics
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The errors only.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// The warnings only.
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
