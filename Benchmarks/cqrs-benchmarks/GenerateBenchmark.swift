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

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be positive.") }
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
        for iteration in 0...iterations {
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
            if iteration == 0 { continue }  // warm-up
            raw.append(rawTime)
            load.append(loadTime)
            render.append(renderTime)
            write.append(writeTime)
            total.append(loadTime + renderTime + writeTime)
        }
        typealias V = ValidateBenchmark
        print("spec:                  \(spec) (\(nodes) YAML nodes); output \(bytes) bytes in 5 files")
        print("raw libyaml load:      median \(V.milliseconds(V.median(raw))) ms")
        print("generate, end to end:  median \(V.milliseconds(V.median(total))) ms")
        print("  load + validate:     median \(V.milliseconds(V.median(load))) ms")
        print("  translate + render:  median \(V.milliseconds(V.median(render))) ms")
        print("  write:               median \(V.milliseconds(V.median(write))) ms")
        print(
            "ratio:                 \(String(format: "%.2f", V.seconds(V.median(total)) / V.seconds(V.median(raw))))×")
    }
}
