import Foundation
import Testing

@testable import CQRSGenerator

/// The static template check: every tag of every built-in template names a key of the view-model
/// type it is rendered against, or one of the global keys (`TemplateKeysReference.globalKeys`), and uses
/// it as its kind allows. No other name may resolve through an enclosing section, although Mustache
/// would look it up there: what a tag means never depends on where its section is. Checked without
/// rendering, so a tag that no sample spec reaches is checked too.
@Suite("Template keys: every tag names a key of its view-model type")
struct TemplateKeyTests {
    @Test("Every tag of the built-in templates names a key of the type it is rendered against")
    func builtInTemplatesNameOnlyKeys() {
        let problems = TemplateKeyCheck(texts: TemplateSet.builtIn.texts).problems()
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("A key of an enclosing section is refused; the global keys are found anywhere")
    func onlyGlobalsResolveOutward() {
        let texts = [
            "types": "{{#types}}{{domain}}{{access}}{{specFileName}}{{/types}}",
            "aggregates": "{{#aggregates}}{{#commands}}{{idType}}{{/commands}}{{/aggregates}}",
            "projections": "", "queries": "", "reactions": "", "application": "",
        ]
        let problems = TemplateKeyCheck(texts: texts).problems()
        #expect(problems == ["aggregates: 'idType' is not a key of CommandViewModel"], "\(problems)")
    }

    @Test("A sequence transform is allowed only inside a list, and only swift-mustache's")
    func sequenceTransforms() {
        let texts = [
            "types": "{{#types}}{{name}}{{^last()}}, {{/last()}}{{/types}}{{#first()}}x{{/first()}}",
            "aggregates":
                "{{#aggregates}}{{#state}}{{#coding}}{{#fields}}{{penultimate()}}{{/fields}}{{/coding}}{{/state}}{{/aggregates}}",
            "projections": "", "queries": "", "reactions": "", "application": "",
        ]
        let problems = TemplateKeyCheck(texts: texts).problems()
        #expect(
            problems == [
                "types: 'first()' is outside a list",
                "aggregates: the transform 'penultimate()': not implemented by the compiled renderer",
            ], "\(problems)")
    }

    @Test("A misspelled key, a list used as text, and text used as a section are found")
    func problemsAreFound() {
        let texts = [
            "types": "{{#types}}{{nmae}}{{/types}}", "aggregates": "{{aggregates}}",
            "projections": "{{#domain}}x{{/domain}}", "queries": "", "reactions": "", "application": "",
        ]
        let problems = TemplateKeyCheck(texts: texts).problems()
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.contains("types: 'nmae' is not a key of TypeViewModel") })
        #expect(problems.contains { $0.contains("aggregates: 'aggregates' is a list") })
        #expect(problems.contains { $0.contains("projections: 'domain' is text") })
    }
}

/// Walks parsed templates (``TemplateParser``) as Mustache renders them, with a stack of view-model
/// types instead of values. Stricter than the compiled renderer, which binds any text of the root:
/// only the documented global keys resolve outward, and sequence transforms only inside a list.
struct TemplateKeyCheck {
    let texts: [String: String]

    /// One message per misused or unknown tag.
    func problems() -> [String] {
        var problems: [String] = []
        for name in TemplateSet.fileTemplates {
            walk(template: name, stack: [SpecViewModel.self], inList: false, depth: 0, into: &problems)
        }
        return problems
    }

    private func walk(
        template: String,
        stack: [any TemplateModel.Type],
        inList: Bool,
        depth: Int,
        into problems: inout [String]
    ) {
        guard depth < 8 else { return problems.append("\(template): partials nest too deep") }
        guard let text = texts[template] else { return problems.append("\(template): no such template") }
        do {
            let nodes = try TemplateParser.parse(text)
            walk(nodes, template: template, stack: stack, inList: inList, depth: depth, into: &problems)
        } catch {
            problems.append("\(template): \(error)")
        }
    }

    private func walk(
        _ nodes: [TemplateSyntax],
        template: String,
        stack: [any TemplateModel.Type],
        inList: Bool,
        depth: Int,
        into problems: inout [String]
    ) {
        // `first()`, `last()`, `index()`, `even()` and `odd()` describe the element of the innermost list.
        func checkTransform(_ transform: String) {
            if !inList { problems.append("\(template): '\(transform)()' is outside a list") }
        }
        for node in nodes {
            switch node {
            case .text: continue
            case .partial(let name, _):
                // swift-mustache renders a partial with no list position.
                walk(template: name, stack: stack, inList: false, depth: depth + 1, into: &problems)
            case .variable(_, let transform?): checkTransform(transform)
            case .section(_, let transform?, let body), .invertedSection(_, let transform?, let body):
                checkTransform(transform)
                walk(body, template: template, stack: stack, inList: inList, depth: depth, into: &problems)
            case .variable(let name, nil):
                guard let kind = lookUp(name, in: stack, template: template, into: &problems) else { continue }
                switch kind {
                case .text, .number, .flag: break  // a flag renders as `true` or `false`, Swift's own spelling
                case .model, .optional: problems.append("\(template): '\(name)' is a value with keys, not text")
                case .list: problems.append("\(template): '\(name)' is a list, not text")
                }
            case .section(let name, nil, let body), .invertedSection(let name, nil, let body):
                let kind = lookUp(name, in: stack, template: template, into: &problems)
                if case .text = kind { problems.append("\(template): '\(name)' is text, not a section") }
                if case .number = kind { problems.append("\(template): '\(name)' is a number, not a section") }
                var inner = stack
                var innerInList = inList
                if case .section = node, let type = kind?.sectionModel {
                    inner.append(type)
                    innerInList = if case .list = kind { true } else { false }
                }
                walk(body, template: template, stack: inner, inList: innerInList, depth: depth, into: &problems)
            }
        }
    }

    /// The kind of `name`: a key of the innermost type of `stack`, or a global key.
    private func lookUp(
        _ name: String,
        in stack: [any TemplateModel.Type],
        template: String,
        into problems: inout [String]
    ) -> TemplateKeyKind? {
        let innermost = stack.last ?? SpecViewModel.self
        if let kind = innermost.templateKeyKind(named: name) { return kind }
        if TemplateKeysReference.globalKeys.contains(name), let kind = SpecViewModel.templateKeyKind(named: name) {
            return kind
        }
        problems.append("\(template): '\(name)' is not a key of \(innermost)")
        return nil
    }
}

@Suite("Template keys: the documented tree")
struct TemplateKeysReferenceTests {
    @Test("docs/TemplateKeys.md is the tree the renderer uses (CQRS_UPDATE_REFERENCES=1 rewrites it)")
    func documentedKeysMatch() throws {
        let path = packageRoot.appendingPathComponent("docs/TemplateKeys.md")
        if ProcessInfo.processInfo.environment["CQRS_UPDATE_REFERENCES"] == "1" {
            try TemplateKeysReference.markdown.write(to: path, atomically: true, encoding: .utf8)
        }
        let documented = try String(contentsOf: path, encoding: .utf8)
        #expect(
            documented == TemplateKeysReference.markdown,
            "\(lineDiff(expected: documented, actual: TemplateKeysReference.markdown))")
    }
}
