import CQRSGenerator
import CQRSSpec
import Foundation
import Testing

/// Template overrides and the strictness of rendering.
@Suite("Templates")
struct TemplateTests {
    let shop: Spec

    init() throws {
        shop = try loadValidSpec(sampleSpecs.appendingPathComponent("shop.cqrs.yaml").path)
    }

    @Test("A template naming a key the view model lacks fails instead of rendering empty text")
    func unknownKeyFails() throws {
        let folder = try temporaryFolder("templates")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "{{>header}}\n{{#aggregates}}\n// {{nmae}}\n{{/aggregates}}\n".write(
            to: folder.appendingPathComponent("aggregates.mustache"),
            atomically: true,
            encoding: .utf8
        )
        let generator = CodeGenerator(templates: try TemplateSet(overridesDirectory: folder.path))
        #expect(throws: GeneratorError.unknownTemplateKeys(template: "aggregates", keys: ["nmae"])) {
            try generator.generate(shop)
        }
    }

    @Test("Every key the built-in templates name exists (rendering every sample spec)", arguments: sampleSpecPaths())
    func builtInTemplatesAreComplete(specPath: String) throws {
        _ = try CodeGenerator().generate(try loadValidSpec(specPath))
    }

    @Test("A file in the overrides directory replaces the built-in template of the same name")
    func overrideReplaces() throws {
        let folder = try temporaryFolder("templates")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "// queries of {{domain}}\n".write(
            to: folder.appendingPathComponent("queries.mustache"),
            atomically: true,
            encoding: .utf8
        )
        let templates = try TemplateSet(overridesDirectory: folder.path)
        #expect(templates.overridden == ["queries"])
        let files = try CodeGenerator(templates: templates).generate(shop)
        #expect(files.first { $0.name == "shop.queries.swift" }?.contents == "// queries of Shop\n")
        #expect(files.first { $0.name == "shop.types.swift" }?.contents.contains("enum Shop") == true)
    }

    @Test("An unreadable overrides directory is a clear error")
    func missingOverridesDirectory() {
        #expect(throws: GeneratorError.self) {
            try TemplateSet(overridesDirectory: "/nonexistent/templates")
        }
    }

    @Test("Access level applies to every declaration")
    func accessLevel() throws {
        let files = try CodeGenerator(access: .internal).generate(shop)
        for file in files {
            #expect(!file.contents.contains("public "), "\(file.name) has a public declaration")
        }
    }
}
