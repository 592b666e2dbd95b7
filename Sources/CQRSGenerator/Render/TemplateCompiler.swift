/// One compiled piece of a template: renders itself for a value of `Model`.
typealias TemplatePart<Model> = @Sendable (Model, inout TemplateWriter) -> Void

/// The compiled body of a template or section, rendered inside a value of `Model`.
struct TemplateBody<Model>: Sendable {
    let parts: [TemplatePart<Model>]

    /// Renders every part in order. Inside an indented partial, a part that starts a line is
    /// indented, as swift-mustache does it: a part's output is indented when the output of the
    /// parts before it in this same body is not empty and ends with a newline.
    func render(_ model: Model, into writer: inout TemplateWriter) {
        guard !writer.indentation.isEmpty else {
            for part in parts { part(model, &writer) }
            return
        }
        let start = writer.count
        for part in parts {
            let indents = writer.count > start && writer.endsWithNewline
            if indents { writer.pendingIndentation = writer.indentation }
            part(model, &writer)
            if indents { writer.pendingIndentation = nil }
        }
    }
}

/// Where a body is compiled: the model types of the enclosing sections, outermost (the root)
/// first and the current one last, and how deep in partials it is.
struct TemplateScope {
    let types: [any TemplateModel.Type]
    let partialDepth: Int

    func entering(_ type: any TemplateModel.Type) -> TemplateScope {
        TemplateScope(types: types + [type], partialDepth: partialDepth)
    }
}

/// Compiles parsed templates into typed closures over the view model: each tag is bound once,
/// at compile time, to the key it names, so rendering does no lookups by name, no casts and no
/// reflection.
///
/// Names resolve as Mustache resolves them: in the current section's model, then outward. The
/// compiled renderer binds a name found in the current model, or a text, number or flag of the
/// root (the globals `domain`, `access`, `specFileName`); a name found only in an enclosing
/// section in between is ``TemplateSyntaxError/unsupported(_:)``, and a name found nowhere is
/// recorded in ``unknownNames``.
final class TemplateCompiler {
    private let templates: [String: [TemplateSyntax]]
    /// The names templates used that no model on their section stack has.
    private(set) var unknownNames: Set<String> = []
    /// Readers of the root's keys used from inside other sections, by the number they were given.
    private(set) var globalReaders: [@Sendable (Any) -> String] = []
    private var globalIndex: [String: Int] = [:]

    /// The compiler for a set of parsed templates, by name (partials are looked up here).
    init(templates: [String: [TemplateSyntax]]) {
        self.templates = templates
    }

    /// Compiles the template `name` for its root model type.
    func compile<Root: TemplateModel>(_ name: String, for root: Root.Type) throws(TemplateSyntaxError)
        -> TemplateBody<Root>
    {
        try body(templates[name] ?? [], for: root, scope: TemplateScope(types: [root], partialDepth: 0))
    }

    /// Compiles `nodes` to render inside a value of `Model`.
    func body<Model: TemplateModel>(
        _ nodes: [TemplateSyntax],
        for model: Model.Type,
        scope: TemplateScope
    ) throws(TemplateSyntaxError) -> TemplateBody<Model> {
        var parts: [TemplatePart<Model>] = []
        for node in nodes {
            if let part = try self.part(node, for: model, scope: scope) { parts.append(part) }
        }
        return TemplateBody(parts: parts)
    }

    private func part<Model: TemplateModel>(
        _ node: TemplateSyntax,
        for model: Model.Type,
        scope: TemplateScope
    ) throws(TemplateSyntaxError) -> TemplatePart<Model>? {
        switch node {
        case .text(let text):
            return { _, writer in writer.write(text) }
        case .variable(_, let transform?):
            return { _, writer in
                if let position = writer.sequence { writer.write(position.text(transform)) }
            }
        case .variable(let name, nil):
            return try variable(name, for: model, scope: scope)
        case .section(_, let transform?, let body), .invertedSection(_, let transform?, let body):
            guard transform != "index" else { throw .unsupported("a section of 'index()'") }
            let inverted = if case .invertedSection = node { true } else { false }
            let compiled = try self.body(body, for: model, scope: scope)
            return { value, writer in
                if (writer.sequence?.condition(transform) ?? false) != inverted {
                    compiled.render(value, into: &writer)
                }
            }
        case .section(let name, nil, let body), .invertedSection(let name, nil, let body):
            let inverted = if case .invertedSection = node { true } else { false }
            return try section(name, body: body, inverted: inverted, for: model, scope: scope)
        case .partial(let name, let indentation):
            return try partial(name, indentation: indentation, for: model, scope: scope)
        }
    }

    private func variable<Model: TemplateModel>(
        _ name: String,
        for model: Model.Type,
        scope: TemplateScope
    ) throws(TemplateSyntaxError) -> TemplatePart<Model>? {
        switch try resolve(name, in: model, scope: scope) {
        case .own(.text(let read)):
            return { value, writer in writer.write(read(value)) }
        case .own(.number(let read)):
            return { value, writer in writer.write(String(read(value))) }
        case .own(.flag(let read)):
            return { value, writer in writer.write(String(read(value))) }
        case .own(.section):
            throw .unsupported("'{{\(name)}}' renders a model as text")
        case .global(let index):
            return { _, writer in writer.write(writer.globals[index]) }
        case .unknown:
            return nil
        }
    }

    private func section<Model: TemplateModel>(
        _ name: String,
        body: [TemplateSyntax],
        inverted: Bool,
        for model: Model.Type,
        scope: TemplateScope
    ) throws(TemplateSyntaxError) -> TemplatePart<Model>? {
        switch try resolve(name, in: model, scope: scope) {
        case .own(.flag(let read)):
            let compiled = try self.body(body, for: model, scope: scope)
            return { value, writer in
                if read(value) != inverted { compiled.render(value, into: &writer) }
            }
        case .own(.section(let compile)):
            return try compile(self, body, inverted, scope)
        case .own(.text), .own(.number), .global:
            throw .unsupported("a section of the value '\(name)'")
        case .unknown:
            _ = try self.body(body, for: model, scope: scope)
            return nil
        }
    }

    private func partial<Model: TemplateModel>(
        _ name: String,
        indentation: String?,
        for model: Model.Type,
        scope: TemplateScope
    ) throws(TemplateSyntaxError) -> TemplatePart<Model>? {
        guard let nodes = templates[name] else { return nil }
        guard scope.partialDepth < 16 else { throw .unsupported("partials nested more than 16 deep") }
        let compiled = try body(
            nodes, for: model, scope: TemplateScope(types: scope.types, partialDepth: scope.partialDepth + 1))
        return { value, writer in
            let saved = writer.indentation
            if let indentation { writer.indentation += indentation }
            writer.withoutSequence { compiled.render(value, into: &$0) }
            writer.indentation = saved
        }
    }

    // MARK: Sections of another model type (called through `TemplateKeyAccess.section`)

    /// A section of a model that is always present: renders once inside it; its inverted section
    /// never renders.
    func modelSection<Model: TemplateModel, Value: TemplateModel>(
        _ read: @escaping @Sendable (Model) -> Value,
        body nodes: [TemplateSyntax],
        inverted: Bool,
        scope: TemplateScope
    ) throws(TemplateSyntaxError) -> TemplatePart<Model> {
        if inverted {
            _ = try body(nodes, for: Model.self, scope: scope)
            return { _, _ in }
        }
        let compiled = try body(nodes, for: Value.self, scope: scope.entering(Value.self))
        return { value, writer in
            writer.withoutSequence { compiled.render(read(value), into: &$0) }
        }
    }

    /// A section of an optional model: renders inside it when present; its inverted section
    /// renders, in the same context, when it is absent.
    func optionalSection<Model: TemplateModel, Value: TemplateModel>(
        _ read: @escaping @Sendable (Model) -> Value?,
        body nodes: [TemplateSyntax],
        inverted: Bool,
        scope: TemplateScope
    ) throws(TemplateSyntaxError) -> TemplatePart<Model> {
        if inverted {
            let compiled = try body(nodes, for: Model.self, scope: scope)
            return { value, writer in
                if read(value) == nil { compiled.render(value, into: &writer) }
            }
        }
        let compiled = try body(nodes, for: Value.self, scope: scope.entering(Value.self))
        return { value, writer in
            guard let present = read(value) else { return }
            writer.withoutSequence { compiled.render(present, into: &$0) }
        }
    }

    /// A section of a list: renders inside each element, with its position for the sequence
    /// transforms; its inverted section renders when the list is empty.
    func listSection<Model: TemplateModel, Value: TemplateModel>(
        _ read: @escaping @Sendable (Model) -> [Value],
        body nodes: [TemplateSyntax],
        inverted: Bool,
        scope: TemplateScope
    ) throws(TemplateSyntaxError) -> TemplatePart<Model> {
        if inverted {
            // swift-mustache pushes the empty list, which has no keys, so names resolve as here.
            let compiled = try body(nodes, for: Model.self, scope: scope)
            return { value, writer in
                if read(value).isEmpty { writer.withoutSequence { compiled.render(value, into: &$0) } }
            }
        }
        let compiled = try body(nodes, for: Value.self, scope: scope.entering(Value.self))
        return { value, writer in
            let elements = read(value)
            guard !elements.isEmpty else { return }
            let saved = writer.sequence
            let last = elements.count - 1
            for (index, element) in elements.enumerated() {
                writer.sequence = SequencePosition(index: index, isLast: index == last)
                compiled.render(element, into: &writer)
            }
            writer.sequence = saved
        }
    }

    // MARK: Name resolution

    private enum Resolution<Model: TemplateModel> {
        case own(TemplateKeyAccess<Model>)
        case global(Int)
        case unknown
    }

    private func resolve<Model: TemplateModel>(
        _ name: String,
        in model: Model.Type,
        scope: TemplateScope
    ) throws(TemplateSyntaxError) -> Resolution<Model> {
        guard !name.isEmpty else { throw .unsupported("an empty tag name") }
        if let key = Model.templateKeys.first(where: { $0.name == name }) { return .own(key.access) }
        for (depth, type) in scope.types.dropLast().enumerated().reversed()
        where type.templateKeyKind(named: name) != nil {
            guard depth == 0 else { throw .unsupported("'\(name)' is a key of an enclosing section") }
            return .global(try global(name, of: type))
        }
        unknownNames.insert(name)
        return .unknown
    }

    private func global(_ name: String, of root: any TemplateModel.Type) throws(TemplateSyntaxError) -> Int {
        if let index = globalIndex[name] { return index }
        guard let reader = Self.reader(name, of: root) else {
            throw .unsupported("'\(name)' is a section of the root used inside another section")
        }
        globalReaders.append(reader)
        globalIndex[name] = globalReaders.count - 1
        return globalReaders.count - 1
    }

    private static func reader<Root: TemplateModel>(_ name: String, of root: Root.Type) -> (@Sendable (Any) -> String)?
    {
        switch Root.templateKeys.first(where: { $0.name == name })?.access {
        case .text(let read): { read($0 as! Root) }
        case .number(let read): { String(read($0 as! Root)) }
        case .flag(let read): { String(read($0 as! Root)) }
        case .section, nil: nil
        }
    }
}
