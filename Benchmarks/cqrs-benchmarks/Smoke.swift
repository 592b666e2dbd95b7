import ArgumentParser
import Foundation

/// `smoke`: every benchmark at a tiny size, to check that they run (no timing is judged).
struct Smoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs every benchmark at a tiny size, to check that they work; no timing is judged."
    )

    func run() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("cqrs-benchmarks-smoke-\(ProcessInfo.processInfo.processIdentifier).cqrs.yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SynthesizeSpec.parse(["--aggregates", "3", "--output", path]).run()
        try ValidateBenchmark.parse(["--spec", path, "--iterations", "2"]).run()
    }
}
