import ArgumentParser
import Foundation

/// `synthesize-spec`: writes a large, valid, deterministic spec.
struct SynthesizeSpec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthesize-spec",
        abstract:
            "Writes a deterministic synthetic spec (about 5 MB for 1000 aggregates) that validates without errors."
    )

    /// How many aggregates.
    @Option(help: "The number of aggregates; each comes with its types, two projections and six queries.")
    var aggregates: Int = 1000

    /// Where to write it.
    @Option(help: "The file to write.")
    var output: String

    func validate() throws {
        guard aggregates > 0 else { throw ValidationError("--aggregates must be positive.") }
    }

    func run() throws {
        let text = SpecSynthesizer(aggregateCount: aggregates).spec()
        try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        print("wrote \(output): \(text.utf8.count) bytes, \(aggregates) aggregates")
    }
}
