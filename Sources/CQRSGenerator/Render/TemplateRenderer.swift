import Mustache

/// Renders the file templates of a ``TemplateSet`` for a spec's view model: compiled when every
/// template uses only what ``TemplateCompiler`` implements (the built-in ones do), otherwise
/// interpreted by swift-mustache. Both render the same bytes; a test checks it for every sample spec.
enum TemplateRenderer: Sendable {
    /// Templates compiled into closures over the view model, by name.
    case compiled([String: CompiledTemplate])
    /// swift-mustache's library of the templates.
    case interpreted(MustacheLibrary)

    /// The text of the file template `name` for `model`, before layout.
    func render(_ name: String, _ model: SpecViewModel) throws -> String {
        switch self {
        case .compiled(let templates):
            guard let template = templates[name] else {
                throw GeneratorError.invalidTemplate(name: name, reason: "no template of that name")
            }
            return template.render(model)
        case .interpreted(let library):
            let root = StrictRoot(node: ModelNode(model))
            guard let text = library.render(root, withTemplate: name) else {
                throw GeneratorError.invalidTemplate(name: name, reason: "no template of that name")
            }
            let missing = root.missingNames
            guard missing.isEmpty else { throw GeneratorError.unknownTemplateKeys(template: name, keys: missing) }
            return text
        }
    }
}

/// A file template compiled for the spec's view model.
struct CompiledTemplate: Sendable {
    let body: TemplateBody<SpecViewModel>
    let globals: [@Sendable (Any) -> String]

    /// Renders the template for `model`.
    func render(_ model: SpecViewModel) -> String {
        var writer = TemplateWriter(globals: globals.map { $0(model) })
        body.render(model, into: &writer)
        return writer.text
    }
}

extension TemplateSet {
    /// The renderer for these templates; the built-in set is compiled once per process.
    func renderer() throws -> TemplateRenderer {
        if overridden.isEmpty { return try Self.builtInRenderer.get() }
        return try makeRenderer()
    }

    private static let builtInRenderer = Result { try TemplateSet.builtIn.makeRenderer() }

    /// Compiles the templates, or, when one uses Mustache the compiler does not implement (or is
    /// not valid Mustache, which swift-mustache then reports), parses them with swift-mustache.
    func makeRenderer(compiled: Bool = true) throws -> TemplateRenderer {
        if compiled, let templates = try compile() { return .compiled(templates) }
        return .interpreted(try library())
    }

    /// The file templates compiled, or `nil` when the compiled renderer cannot take them.
    private func compile() throws -> [String: CompiledTemplate]? {
        var parsed: [String: [TemplateSyntax]] = [:]
        do {
            for (name, text) in texts { parsed[name] = try TemplateParser.parse(Self.contentTypePrefix + text) }
        } catch {
            return nil
        }
        var compiled: [String: CompiledTemplate] = [:]
        for name in Self.renderedTemplates {
            guard parsed[name] != nil else {
                throw GeneratorError.invalidTemplate(name: name, reason: "no template of that name")
            }
            let compiler = TemplateCompiler(templates: parsed)
            let body: TemplateBody<SpecViewModel>
            do {
                body = try compiler.compile(name, for: SpecViewModel.self)
            } catch {
                return nil
            }
            guard compiler.unknownNames.isEmpty else {
                throw GeneratorError.unknownTemplateKeys(template: name, keys: compiler.unknownNames.sorted())
            }
            compiled[name] = CompiledTemplate(body: body, globals: compiler.globalReaders)
        }
        return compiled
    }
}
