import CQRSSpec

/// Turns a validated spec into Swift source files: translate → render.
///
/// ```swift
/// let result = SpecLoader().load(path: "shop.cqrs.yaml")
/// if let spec = result.spec {
///     let files = try CodeGenerator(access: .public).generate(spec)
///     try OutputWriter().write(files, to: "Generated")
/// }
/// ```
public struct CodeGenerator: Sendable {
    /// The access level of generated declarations.
    public var access: AccessLevel
    /// The templates to render.
    public var templates: TemplateSet

    /// Creates a generator.
    public init(access: AccessLevel = .public, templates: TemplateSet = .builtIn) {
        self.access = access
        self.templates = templates
    }

    /// The view model of a spec, as the templates see it.
    func viewModel(for spec: Spec) -> SpecViewModel {
        Translator(spec: spec, access: access, specFileName: Self.fileName(of: spec.path)).translate()
    }

    /// The files for one spec, in a fixed order, with deterministic contents.
    public func generate(_ spec: Spec) throws -> [GeneratedFile] {
        let renderer = try templates.renderer()
        let model = viewModel(for: spec)
        let names = GeneratedFile.names(forSpecNamed: Self.fileName(of: spec.path))
        return try zip(TemplateSet.fileTemplates, names).map { template, name in
            GeneratedFile(name: name, contents: SwiftLayout.format(try renderer.render(template, model)))
        }
    }

    /// The last path component.
    static func fileName(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
