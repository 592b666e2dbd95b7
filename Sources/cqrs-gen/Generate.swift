import ArgumentParser
import CQRSGenerator
import CQRSSpec

/// `cqrs-gen generate SPEC... --output-directory DIR`: checks specs, then writes their Swift.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generates Swift for specs: commands, events, handler contracts, projections, queries and wiring.",
        discussion: """
            Each spec NAME.cqrs.yaml gives six files, named after the spec so a build system can know \
            them in advance: NAME.types.swift, NAME.aggregates.swift, NAME.projections.swift, \
            NAME.queries.swift, NAME.reactions.swift and NAME.application.swift (and NAME.http.swift with --http, \
            or with a configuration file). Specs are checked first, as `validate` \
            does; when any has an error, nothing is written. A file whose contents would not change is \
            left untouched, so an unchanged spec triggers no rebuild.

            The output's shape comes from Mustache templates built into cqrs-gen. To change it, copy \
            the templates you want to change from the package's Templates/ folder into a directory of \
            your own, edit them, and pass that directory with --templates: a file there replaces the \
            built-in template of the same name.
            """
    )

    /// The spec files.
    @Argument(
        help: "The spec files to generate from (NAME.cqrs.yaml).", completion: .file(extensions: ["yaml", "yml"]))
    var specs: [String]

    /// Where the Swift files go.
    @Option(help: "The directory to write the generated Swift files into (created if missing).", completion: .directory)
    var outputDirectory: String

    /// The access level of the generated declarations.
    @Option(help: "The access level of generated declarations: public (for a library), package or internal.")
    var accessLevel: AccessLevel = .public

    /// A directory of template overrides.
    @Option(
        help: "A directory of .mustache files that replace built-in templates of the same name.", completion: .directory
    )
    var templates: String?

    /// Whether to generate the HTTP API.
    @Flag(help: "Also generate NAME.http.swift: the spec's HTTP API, for the CQRSHummingbird library.")
    var http = false

    /// A target's generator configuration.
    @Option(
        help: ArgumentHelp(
            "A cqrs-generator-config.yaml (`http: true` generates the HTTP API); with it, NAME.http.swift is always written.",
            valueName: "file"),
        completion: .file(extensions: ["yaml", "yml"]))
    var config: String?

    func validate() throws {
        guard !specs.isEmpty else { throw ValidationError("Give at least one spec file to generate from.") }
    }

    func run() throws {
        var inputs = SpecInputs()
        var loaded: [Spec] = []
        for path in specs {
            if let spec = inputs.load(path) {
                loaded.append(spec)
            }
        }
        inputs.checkDomainsDiffer(loaded)
        let configuration = config.flatMap { inputs.loadConfiguration($0) }
        try inputs.finish()

        do {
            let templateSet = try templates.map { try TemplateSet(overridesDirectory: $0) } ?? .builtIn
            let generator = CodeGenerator(
                access: accessLevel, templates: templateSet, http: http || configuration?.http == true,
                writesEveryFile: config != nil)
            var files: [GeneratedFile] = []
            for spec in loaded {
                files += try generator.generate(spec)
            }
            try OutputWriter().write(files, to: outputDirectory)
        } catch let error as GeneratorError {
            inputs.printer.printFailure(error.description)
            throw ExitStatus.usageOrFileError
        }
    }
}

extension AccessLevel: ExpressibleByArgument {}
