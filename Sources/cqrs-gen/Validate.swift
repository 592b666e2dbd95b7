import ArgumentParser
import CQRSSpec

/// `cqrs-gen validate SPEC...`: checks specs without generating anything.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Checks specs and reports every error and warning.",
        discussion: """
            Reads each spec, checks it against the spec format and prints what it finds to standard \
            error, sorted by position. Nothing is written. Specs given together must declare different \
            domains.
            """
    )

    /// The spec files.
    @Argument(help: "The spec files to check (NAME.cqrs.yaml).", completion: .file(extensions: ["yaml", "yml"]))
    var specs: [String]

    func validate() throws {
        guard !specs.isEmpty else { throw ValidationError("Give at least one spec file to check.") }
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
        if let summary = inputs.printer.summary {
            StandardError.write(summary + " in \(specs.count == 1 ? specs[0] : "\(specs.count) specs")")
        }
        try inputs.finish()
    }
}
