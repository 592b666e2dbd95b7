/// A view-model type as the templates see it: the keys a template may name inside a section of it,
/// each with what it holds.
///
/// The keys are the one description of what templates can use: the renderer looks values up through
/// them (no reflection), and a test walks every template against them, so a tag that names no key
/// fails a test instead of rendering empty text. They are also what a template override may use.
///
/// ```swift
/// extension CaseViewModel: TemplateModel {
///     static let templateKeys: [TemplateKey<Self>] = [.text("name", \.name), .text("rawValue", \.rawValue)]
/// }
/// ```
protocol TemplateModel: Sendable {
    /// The keys, in declaration order.
    static var templateKeys: [TemplateKey<Self>] { get }
}

/// What a template key holds, and so how a template may use it.
enum TemplateKeyKind: Sendable {
    /// Text: `{{name}}`.
    case text
    /// A whole number: `{{index}}`.
    case number
    /// A condition: `{{#flag}}…{{/flag}}`, `{{^flag}}…{{/flag}}`; as a variable it renders `true` or
    /// `false` (a Swift literal).
    case flag
    /// One value of another model type: `{{#state}}…{{/state}}` renders once inside it.
    case model(any TemplateModel.Type)
    /// A value that may be absent: its section renders inside it when present, its inverted section
    /// when absent.
    case optional(any TemplateModel.Type)
    /// A list: its section renders once inside each element, its inverted section when it is empty.
    case list(any TemplateModel.Type)

    /// The model type a section of this key renders inside, if it changes the context.
    var sectionModel: (any TemplateModel.Type)? {
        switch self {
        case .text, .number, .flag: nil
        case .model(let type), .optional(let type), .list(let type): type
        }
    }
}

/// One key of a `TemplateModel`: its name, what it holds, and how to read it.
struct TemplateKey<Model: TemplateModel>: Sendable {
    /// The name templates use.
    let name: String
    /// What it holds.
    let kind: TemplateKeyKind
    /// Its value as swift-mustache sees it: text, a number, a flag, a node, a list of nodes, or an
    /// explicit empty value for an absent optional.
    let value: @Sendable (Model) -> Any
    /// Its value as the compiled renderer reads it: typed, with no casts.
    let access: TemplateKeyAccess<Model>

    static func text(_ name: String, _ read: @escaping @Sendable (Model) -> String) -> Self {
        Self(name: name, kind: .text, value: read, access: .text(read))
    }

    static func number(_ name: String, _ read: @escaping @Sendable (Model) -> Int) -> Self {
        Self(name: name, kind: .number, value: read, access: .number(read))
    }

    static func flag(_ name: String, _ read: @escaping @Sendable (Model) -> Bool) -> Self {
        Self(name: name, kind: .flag, value: read, access: .flag(read))
    }

    static func model<Value: TemplateModel>(_ name: String, _ read: @escaping @Sendable (Model) -> Value) -> Self {
        Self(
            name: name,
            kind: .model(Value.self),
            value: { ModelNode(read($0)) },
            access: .section { (compiler, body, inverted, scope) throws(TemplateSyntaxError) in
                try compiler.modelSection(read, body: body, inverted: inverted, scope: scope)
            }
        )
    }

    static func optional<Value: TemplateModel>(_ name: String, _ read: @escaping @Sendable (Model) -> Value?) -> Self {
        Self(
            name: name,
            kind: .optional(Value.self),
            value: { model -> Any in read(model).map { ModelNode($0) } ?? TemplateNull() },
            access: .section { (compiler, body, inverted, scope) throws(TemplateSyntaxError) in
                try compiler.optionalSection(read, body: body, inverted: inverted, scope: scope)
            }
        )
    }

    static func list<Value: TemplateModel>(_ name: String, _ read: @escaping @Sendable (Model) -> [Value]) -> Self {
        Self(
            name: name,
            kind: .list(Value.self),
            value: { read($0).map { ModelNode($0) } },
            access: .section { (compiler, body, inverted, scope) throws(TemplateSyntaxError) in
                try compiler.listSection(read, body: body, inverted: inverted, scope: scope)
            }
        )
    }
}

/// How the compiled renderer reads a key: a typed reader for values, and for keys that open a
/// section of another model type, a function that compiles such a section (where that type is
/// known statically).
enum TemplateKeyAccess<Model: TemplateModel>: Sendable {
    /// Text.
    case text(@Sendable (Model) -> String)
    /// A whole number.
    case number(@Sendable (Model) -> Int)
    /// A condition.
    case flag(@Sendable (Model) -> Bool)
    /// A model, optional or list: compiles `body` as its section (or inverted section).
    case section(
        @Sendable (TemplateCompiler, _ body: [TemplateSyntax], _ inverted: Bool, _ scope: TemplateScope)
            throws(TemplateSyntaxError) -> TemplatePart<Model>
    )
}

extension TemplateModel {
    /// The names of the keys and their kinds, for checks and docs.
    static var templateKeyKinds: [(name: String, kind: TemplateKeyKind)] {
        templateKeys.map { ($0.name, $0.kind) }
    }

    /// The kind of the key `name`, if this type has one.
    static func templateKeyKind(named name: String) -> TemplateKeyKind? {
        templateKeys.first { $0.name == name }?.kind
    }
}
