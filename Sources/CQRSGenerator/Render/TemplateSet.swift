import Foundation
import Mustache

/// The Mustache templates the generator renders: the built-in ones, each replaceable by a file of
/// the same name in a user's templates directory.
///
/// ```swift
/// let templates = try TemplateSet(overridesDirectory: "MyTemplates")  // MyTemplates/aggregates.mustache wins
/// ```
public struct TemplateSet: Sendable {
    /// The templates' texts by name (the file name without `.mustache`).
    public let texts: [String: String]
    /// The names that came from the overrides directory.
    public let overridden: Set<String>

    /// The built-in templates (those in the package's `Templates/` folder, embedded at build time).
    public static let builtIn = TemplateSet(texts: EmbeddedTemplates.byName, overridden: [])

    /// The names of the templates that produce one output file each, in output order.
    public static let fileTemplates = ["types", "aggregates", "projections", "queries", "reactions", "application"]
    /// The template of the HTTP API, an output a target opts into (`http: true` in its configuration).
    public static let httpTemplate = "http"
    /// The template of every file's header: alone, the contents of `NAME.http.swift` when it is not
    /// generated but must exist.
    static let headerTemplate = "header"
    /// The templates rendered on their own: the file templates, the HTTP API's and the header.
    static let renderedTemplates = fileTemplates + [httpTemplate, headerTemplate]

    init(texts: [String: String], overridden: Set<String>) {
        self.texts = texts
        self.overridden = overridden
    }

    /// The built-in templates, with every `NAME.mustache` in `directory` replacing (or adding) the
    /// template `NAME`.
    public init(overridesDirectory directory: String) throws {
        var texts = EmbeddedTemplates.byName
        var overridden: Set<String> = []
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw GeneratorError.templatesDirectoryUnreadable(path: directory, reason: "\(error.localizedDescription)")
        }
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let templateName = String(name.dropLast(".mustache".count))
            do {
                texts[templateName] = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
            } catch {
                throw GeneratorError.templatesDirectoryUnreadable(
                    path: url.appendingPathComponent(name).path,
                    reason: "\(error.localizedDescription)"
                )
            }
            overridden.insert(templateName)
        }
        self.init(texts: texts, overridden: overridden)
    }

    /// What every template is prefixed with: plain text, no HTML escaping.
    static let contentTypePrefix = "{{% CONTENT_TYPE: TEXT}}\n"

    /// The parsed library, with every template rendering plain text (no HTML escaping).
    func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(Self.contentTypePrefix + text, named: name)
            } catch {
                throw GeneratorError.invalidTemplate(name: name, reason: "\(error)")
            }
        }
        for name in Self.renderedTemplates where library.getTemplate(named: name) == nil {
            throw GeneratorError.invalidTemplate(name: name, reason: "no template of that name")
        }
        return library
    }
}
