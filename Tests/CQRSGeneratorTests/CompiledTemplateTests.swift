import CQRSSpec
import Foundation
import Testing

@testable import CQRSGenerator

/// The compiled renderer against swift-mustache: the same bytes for every sample spec, and for
/// templates that exercise each corner of Mustache the compiler implements.
@Suite("Compiled templates")
struct CompiledTemplateTests {
    @Test("The built-in templates compile")
    func builtInTemplatesCompile() throws {
        guard case .compiled = try TemplateSet.builtIn.makeRenderer() else {
            Issue.record("the built-in templates fell back to the interpreted renderer")
            return
        }
    }

    @Test("Compiled and interpreted renderings are byte-identical", arguments: sampleSpecPaths())
    func sameBytesAsInterpreted(specPath: String) throws {
        let model = CodeGenerator().viewModel(for: try loadValidSpec(specPath))
        try expectSameRendering(TemplateSet.builtIn, model)
    }

    /// Each case is one template, rendered as the `types` file template against the shop spec
    /// (whose `types` are a struct and enums), with partials beside it.
    static let corners: [(String, [String: String])] = [
        (
            "sections and inverted sections",
            [
                "types":
                    "{{#types}}\n{{name}}\n{{^structure}}  not a struct\n{{/structure}}{{/types}}\n{{^queries}}none{{/queries}}"
            ]
        ),
        (
            "sequence transforms",
            [
                "types":
                    "{{#types}}{{index()}}:{{name}}{{#first()}} first{{/first()}}{{^last()}}, {{/last()}}{{#even()}}e{{/even()}}{{#odd()}}o{{/odd()}}{{last()}}\n{{/types}}"
            ]
        ),
        (
            "transforms lost in a model section and inside a partial",
            [
                "types": "{{#types}}{{#structure}}[{{^last()}}x{{/last()}}]{{/structure}}{{>p}}\n{{/types}}",
                "p": "<{{#last()}}L{{/last()}}>",
            ]
        ),
        (
            "standalone and inline tags with whitespace",
            [
                "types":
                    "  {{#types}}  \n  {{name}}  {{! note }}  x\n  {{! standalone }}\n    {{/types}}\nend {{#types}} {{name}} {{/types}} \n"
            ]
        ),
        ("triple and ampersand variables", ["types": "{{{domain}}} {{&access}} {{ specFileName }}\n"]),
        (
            "indented partials, nested, with lists",
            [
                "types": "{\n    {{>outer}}\n}\n", "outer": "a\n{{#types}}\n  {{>inner}}\n{{/types}}\nz\n",
                "inner": "{{name}}:\n{{#docLines}}\n  // {{text}}\n{{/docLines}}\n",
            ]
        ),
        (
            "inline and missing partials",
            ["types": "x {{>inner}} y\n  {{>missing}}\nz", "inner": "{{domain}}\nsecond\n"]
        ),
        ("a partial that renders nothing", ["types": "a\n    {{>empty}}\nb\n", "empty": "{{#queries}}q{{/queries}}"]),
        (
            "flags and numbers as text",
            [
                "types":
                    "{{#types}}{{#structure}}{{#fields}}{{name}} {{index}} {{nullable}}\n{{/fields}}{{/structure}}{{/types}}"
            ]
        ),
        ("text without a final newline and trailing spaces", ["types": "{{domain}}\n   "]),
        (
            "globals from deep inside",
            ["types": "{{#aggregates}}{{#commands}}{{domain}}.{{name}} {{access}}\n{{/commands}}{{/aggregates}}"]
        ),
    ]

    @Test("Corners of Mustache render the same bytes", arguments: 0..<corners.count)
    func corner(index: Int) throws {
        let (_, templates) = Self.corners[index]
        let model = CodeGenerator().viewModel(
            for: try loadValidSpec(sampleSpecs.appendingPathComponent("shop.cqrs.yaml").path))
        var texts = EmbeddedTemplates.byName
        texts.merge(templates) { $1 }
        try expectSameRendering(TemplateSet(texts: texts, overridden: Set(templates.keys)), model)
    }

    @Test(
        "What the compiler does not implement falls back to swift-mustache",
        arguments: [
            "{{=<% %>=}}<%domain%>", "{{#types}}{{name.count}}{{/types}}",
            "{{#aggregates}}{{#commands}}{{idType}}{{/commands}}{{/aggregates}}",
        ]
    )
    func fallsBack(template: String) throws {
        var texts = EmbeddedTemplates.byName
        texts["types"] = template
        let set = TemplateSet(texts: texts, overridden: ["types"])
        guard case .interpreted = try set.makeRenderer() else {
            Issue.record("expected the interpreted renderer for \(template)")
            return
        }
    }

    @Test("An unknown key is reported when the templates are compiled, even in a section that would not render")
    func unknownKeyInUnrenderedSection() throws {
        var texts = EmbeddedTemplates.byName
        texts["queries"] = "{{^aggregates}}{{nmae}}{{/aggregates}}"
        #expect(throws: GeneratorError.unknownTemplateKeys(template: "queries", keys: ["nmae"])) {
            _ = try TemplateSet(texts: texts, overridden: ["queries"]).makeRenderer()
        }
    }

    private func expectSameRendering(_ set: TemplateSet, _ model: SpecViewModel) throws {
        let compiled = try set.makeRenderer()
        guard case .compiled = compiled else {
            Issue.record("the templates fell back to the interpreted renderer")
            return
        }
        let interpreted = try set.makeRenderer(compiled: false)
        for name in TemplateSet.fileTemplates {
            let expected = try interpreted.render(name, model)
            let actual = try compiled.render(name, model)
            #expect(actual == expected, "\(name):\n\(lineDiff(expected: expected, actual: actual))")
        }
    }
}

/// Timestamp literals become seconds since 1970.
@Suite("Timestamp literals")
struct TimestampLiteralTests {
    @Test(
        "Whole and fractional seconds, UTC and offsets",
        arguments: [
            ("2024-05-01T12:00:00Z", "1714564800"), ("2024-05-01T14:00:00+02:00", "1714564800"),
            ("2024-05-01T12:00:00.5Z", "1714564800.5"), ("1970-01-01T00:00:00Z", "0"),
            ("1969-12-31T23:59:59Z", "-1"),
        ]
    )
    func epochSeconds(iso: String, seconds: String) {
        #expect(SwiftTypes.epochSeconds(iso) == seconds)
    }
}
