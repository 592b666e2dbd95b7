import CQRSSpec

/// A target's `cqrs-generator-config.yaml`: the outputs to generate beside the six every spec gets.
///
/// ```yaml
/// http: true    # NAME.http.swift: the spec's HTTP API, for CQRSHummingbird
/// ```
///
/// The build plugin passes it to `cqrs-gen generate --config`, which then always writes `NAME.http.swift`
/// (only its header when `http` is off), so that the plugin can declare the file before it runs.
public struct GeneratorConfiguration: Sendable, Hashable {
    /// The names the build plugin looks for among a target's files.
    public static let fileNames = ["cqrs-generator-config.yaml", "cqrs-generator-config.yml"]

    /// Whether to generate the HTTP API (`NAME.http.swift`); the target then depends on `CQRSHummingbird`.
    public var http: Bool

    /// Creates a configuration.
    public init(http: Bool = false) {
        self.http = http
    }

    /// Reads a configuration: the configuration, or `nil` and the errors at their line and column.
    public static func load(contents: [UInt8], path: String) -> (GeneratorConfiguration?, [Diagnostic]) {
        let parsed = YAMLParser.parse(contents, path: path)
        guard let document = parsed.document, !parsed.hasErrors else { return (nil, parsed.diagnostics) }
        var configuration = GeneratorConfiguration()
        var diagnostics: [Diagnostic] = []
        func error(_ message: String, at node: YAMLDocument.NodeID) {
            diagnostics.append(
                Diagnostic(severity: .error, message: message, path: path, location: document[node].location))
        }
        guard let root = document.root, !document.isNull(root) else { return (configuration, []) }
        guard document[root].kind == .mapping else {
            error("a generator configuration is a mapping, like `http: true`", at: root)
            return (nil, diagnostics)
        }
        for (key, value) in document.pairs(of: root) {
            let name = document.text(of: key)
            switch name {
            case "http":
                guard document[value].kind == .scalar, let http = LiteralSyntax.bool(document.text(of: value)) else {
                    error("'http' must be true or false", at: value)
                    continue
                }
                configuration.http = http
            default:
                error(
                    "unknown key '\(name)' in the generator configuration\(Suggestion.didYouMean(name, in: ["http"]))",
                    at: key)
            }
        }
        return diagnostics.isEmpty ? (configuration, []) : (nil, diagnostics)
    }
}
