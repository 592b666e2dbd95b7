import ArgumentParser
import CQRSGenerator
import CQRSSpec
import Foundation

/// `generate`: times the whole generator (load, validate, translate, render, write) against a raw
/// libyaml load of the same spec.
struct GenerateBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract:
            "Times cqrs-gen's generate end to end (read, parse, validate, translate, render, write) against a raw libyaml load.",
        discussion:
            "Both run in the same process, alternating, after one untimed warm-up; medians are reported, with the share of each stage."
    )

    /// The spec to generate from.
    @Option(help: "The spec file to generate from.")
    var spec: String

    /// How many timed runs of each.
    @Option(help: "The number of timed runs of each.")
    var iterations: Int = 3

    /// Untimed runs first.
    @Option(help: "The number of untimed warm-up runs first.")
    var warmups: Int = 1

    @OptionGroup var jsonOutput: JSONOption

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be positive.") }
        guard warmups >= 0 else { throw ValidationError("--warmups must not be negative.") }
    }

    func run() throws {
        guard let nodes = RawYAMLLoad.load(path: spec) else { throw ValidationError("libyaml cannot load \(spec).") }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cqrs-generate-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: output) }
        var raw: [Duration] = []
        var load: [Duration] = []
        var render: [Duration] = []
        var write: [Duration] = []
        var total: [Duration] = []
        var bytes = 0
        let clock = ContinuousClock()
        let reporter = jsonOutput.reporter
        for iteration in 0..<(warmups + iterations) {
            try? FileManager.default.removeItem(at: output)
            var start = clock.now
            precondition(RawYAMLLoad.load(path: spec) == nodes)
            let rawTime = clock.now - start

            start = clock.now
            let result = try SpecLoader().load(path: spec)
            guard let loaded = result.spec else { throw ValidationError("\(spec) has errors") }
            let loadTime = clock.now - start
            start = clock.now
            let files = try CodeGenerator(access: .public).generate(loaded)
            let renderTime = clock.now - start
            start = clock.now
            try OutputWriter().write(files, to: output.path)
            let writeTime = clock.now - start
            bytes = files.reduce(0) { $0 + $1.contents.utf8.count }
            if iteration < warmups { continue }
            raw.append(rawTime)
            load.append(loadTime)
            render.append(renderTime)
            write.append(writeTime)
            total.append(loadTime + renderTime + writeTime)
        }
        typealias V = ValidateBenchmark
        let specBytes = (try? FileManager.default.attributesOfItem(atPath: spec)[.size] as? Int) ?? 0
        reporter.note("spec:                  \(spec) (\(specBytes) bytes, \(nodes) YAML nodes); output \(bytes) bytes")
        reporter.note("raw libyaml load:      median \(V.milliseconds(V.median(raw))) ms")
        reporter.note("generate, end to end:  median \(V.milliseconds(V.median(total))) ms")
        reporter.note("  load + validate:     median \(V.milliseconds(V.median(load))) ms")
        reporter.note("  translate + render:  median \(V.milliseconds(V.median(render))) ms")
        reporter.note("  write:               median \(V.milliseconds(V.median(write))) ms")
        let ratio = V.seconds(V.median(total)) / V.seconds(V.median(raw))
        reporter.note("ratio:                 \(String(format: "%.2f", ratio))×")
        let extra: [String: any Sendable] = [
            "spec_bytes": specBytes, "output_bytes": bytes, "iterations": iterations,
        ]
        reporter.figure("W4-generate", store: "-", value: V.seconds(V.median(total)) * 1_000, unit: "ms", extra: extra)
        reporter.figure("W4-libyaml", store: "-", value: V.seconds(V.median(raw)) * 1_000, unit: "ms", extra: extra)
        reporter.figure("W4-ratio", store: "-", value: ratio, unit: "x", extra: extra)
    }
}
