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
    /// Whether to generate the HTTP API (`NAME.http.swift`, for `CQRSHummingbird`).
    public var http: Bool
    /// Whether to write `NAME.http.swift` even without `http`, holding only its header: a build plugin
    /// declares its outputs before the generator runs.
    public var writesEveryFile: Bool

    /// Creates a generator.
    public init(
        access: AccessLevel = .public, templates: TemplateSet = .builtIn, http: Bool = false,
        writesEveryFile: Bool = false
    ) {
        self.access = access
        self.templates = templates
        self.http = http
        self.writesEveryFile = writesEveryFile
    }

    /// The view model of a spec, as the templates see it.
    func viewModel(for spec: Spec) -> SpecViewModel {
        Translator(spec: spec, access: access, specFileName: Self.fileName(of: spec.path)).translate()
    }

    /// The files for one spec, in a fixed order, with deterministic contents.
    public func generate(_ spec: Spec) throws -> [GeneratedFile] {
        let renderer = try templates.renderer()
        let model = viewModel(for: spec)
        let stem = GeneratedFile.stem(ofSpecNamed: Self.fileName(of: spec.path))
        var files = try TemplateSet.fileTemplates.map { template in
            GeneratedFile(
                name: "\(stem).\(template).swift", contents: SwiftLayout.format(try renderer.render(template, model)))
        }
        if http {
            let contents = SwiftLayout.format(try renderer.render(TemplateSet.httpTemplate, model))
            files.append(GeneratedFile(name: "\(stem).\(TemplateSet.httpTemplate).swift", contents: contents))
        } else if writesEveryFile {
            let contents = SwiftLayout.format(try renderer.render(TemplateSet.headerTemplate, model))
            files.append(GeneratedFile(name: "\(stem).\(TemplateSet.httpTemplate).swift", contents: contents))
        }
        return files
    }

    /// The last path component.
    static func fileName(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
