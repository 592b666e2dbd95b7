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
        let place = specs.count == 1 ? specs[0] : "\(specs.count) specs"
        if let summary = inputs.printer.summary {
            StandardError.write(summary + " in \(place)")
        } else {
            StandardError.write("no errors or warnings in \(place): " + Self.contents(of: loaded))
        }
        try inputs.finish()
    }

    /// `"1 aggregate, 3 commands, 3 events, 2 projections, 3 queries"`: what valid specs declare.
    static func contents(of specs: [Spec]) -> String {
        func count(_ number: Int, _ noun: String, _ plural: String? = nil) -> String {
            "\(number) \(number == 1 ? noun : plural ?? noun + "s")"
        }
        let aggregates = specs.flatMap(\.aggregates)
        return [
            count(aggregates.count, "aggregate"),
            count(aggregates.reduce(0) { $0 + $1.commands.count }, "command"),
            count(aggregates.reduce(0) { $0 + $1.events.count }, "event"),
            count(specs.reduce(0) { $0 + $1.projections.count }, "projection"),
            count(specs.reduce(0) { $0 + $1.queries.count }, "query", "queries"),
        ].joined(separator: ", ")
    }
}
