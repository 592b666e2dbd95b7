/// One Swift file the generator produces.
public struct GeneratedFile: Hashable, Sendable {
    /// The file's name, e.g. `shop.aggregates.swift`.
    public var name: String
    /// The file's contents.
    public var contents: String

    /// Creates a file.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }

    /// The names of the files generated for a spec file, fixed by its name alone so that a build
    /// plugin can declare them before the generator runs: `shop.cqrs.yaml` gives
    /// `shop.types.swift`, `shop.aggregates.swift`, `shop.projections.swift`, `shop.queries.swift`,
    /// `shop.reactions.swift` and `shop.application.swift`.
    public static func names(forSpecNamed specFileName: String) -> [String] {
        let stem = stem(ofSpecNamed: specFileName)
        return TemplateSet.fileTemplates.map { "\(stem).\($0).swift" }
    }

    /// `shop` for `shop.cqrs.yaml` (or `.cqrs.yml`, `.yaml`, `.yml`).
    public static func stem(ofSpecNamed specFileName: String) -> String {
        for suffix in [".cqrs.yaml", ".cqrs.yml", ".yaml", ".yml"] where specFileName.hasSuffix(suffix) {
            return String(specFileName.dropLast(suffix.count))
        }
        return specFileName
    }
}
