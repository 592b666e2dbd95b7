import ArgumentParser
import CQRSGenerator
import CQRSSpec
import Foundation

/// `cqrs-gen openapi SPEC [--output FILE]`: writes a spec's OpenAPI 3.1 document.
struct OpenAPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi",
        abstract: "Writes the OpenAPI 3.1 document of a spec's HTTP API (what its /openapi.json serves).",
        discussion: """
            The document describes the routes that `generate --http` makes: every command and query with \
            its parameters, headers, bodies (the spec's types as JSON Schema, constraints included) and \
            problems. The spec is checked first, as `validate` does; with an error, nothing is written.
            """
    )

    /// The spec file.
    @Argument(help: "The spec file (NAME.cqrs.yaml).", completion: .file(extensions: ["yaml", "yml"]))
    var spec: String

    /// Where the document goes; standard output without it.
    @Option(name: .shortAndLong, help: "The file to write the document to (standard output without it).")
    var output: String?

    func run() throws {
        var inputs = SpecInputs()
        let loaded = inputs.load(spec)
        try inputs.finish()
        guard let loaded else { throw ExitStatus.specErrors }
        let json = OpenAPIDocument(spec: loaded).json
        guard let output else {
            print(json, terminator: "")
            return
        }
        do {
            try json.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            inputs.printer.printFailure("cannot write '\(output)': \(error.localizedDescription)")
            throw ExitStatus.usageOrFileError
        }
    }
}
