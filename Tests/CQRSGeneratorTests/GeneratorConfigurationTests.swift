import CQRSGenerator
import CQRSSpec
import Foundation
import Testing

@Suite("Generator configuration: the outputs a target opts into")
struct GeneratorConfigurationTests {
    func load(_ text: String) -> (GeneratorConfiguration?, [Diagnostic]) {
        GeneratorConfiguration.load(contents: Array(text.utf8), path: "cqrs-generator-config.yaml")
    }

    @Test("http: true turns the HTTP API on; an empty file leaves it off")
    func http() {
        #expect(load("http: true\n").0 == GeneratorConfiguration(http: true))
        #expect(load("# nothing yet\n").0 == GeneratorConfiguration(http: false))
    }

    @Test("a misspelt key or a value that is not a Boolean is an error at its line and column")
    func errors() {
        let (misspelt, diagnostics) = load("htpp: true\n")
        #expect(misspelt == nil)
        #expect(
            diagnostics.map(\.description) == [
                "cqrs-generator-config.yaml:1:1: error: unknown key 'htpp' in the generator configuration; did you mean 'http'?"
            ])
        let (notBool, more) = load("http: sometimes\n")
        #expect(notBool == nil)
        #expect(more.first?.location == SourceLocation(line: 1, column: 7))
        #expect(load("- http\n").1.first?.message.contains("a mapping") == true)
    }

    @Test("with http off, writesEveryFile writes NAME.http.swift holding only the header")
    func headerOnly() throws {
        let spec = try loadValidSpec(sampleSpecs.appendingPathComponent("shop.cqrs.yaml").path)
        let files = try CodeGenerator(writesEveryFile: true).generate(spec)
        let http = try #require(files.last)
        #expect(http.name == "shop.http.swift")
        #expect(!http.contents.contains("import Hummingbird"))
        #expect(try CodeGenerator().generate(spec).count == 6)
        #expect(try CodeGenerator(http: true).generate(spec).last?.contents.contains("func routes<") == true)
    }
}
