import ArgumentParser
import CQRSSpec
import Foundation

/// `validate`: times the full spec load against libyaml's own document load of the same file.
struct ValidateBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Times SpecLoader end to end (read, parse, validate) against a raw libyaml load of the same file.",
        discussion: "Both run in the same process, alternating, after one untimed warm-up each; medians are reported."
    )

    /// The spec to load.
    @Option(help: "The spec file to load.")
    var spec: String

    /// How many timed runs of each.
    @Option(help: "The number of timed runs of each.")
    var iterations: Int = 10

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be positive.") }
    }

    func run() throws {
        guard let nodes = RawYAMLLoad.load(path: spec) else {
            throw ValidationError("libyaml cannot load \(spec).")
        }
        let warmUp = try SpecLoader().load(path: spec)
        guard warmUp.errors.isEmpty else {
            let first = warmUp.errors.prefix(5).map(\.description).joined(separator: "\n")
            throw ValidationError("\(spec) has \(warmUp.errors.count) errors:\n\(first)")
        }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: spec)))
        var raw: [Duration] = []
        var full: [Duration] = []
        var parseOnly: [Duration] = []
        let clock = ContinuousClock()
        for _ in 0..<iterations {
            var start = clock.now
            let count = RawYAMLLoad.load(path: spec)
            raw.append(clock.now - start)
            precondition(count == nodes)

            start = clock.now
            let result = try SpecLoader().load(path: spec)
            full.append(clock.now - start)
            precondition(result.spec != nil)

            start = clock.now
            let parsed = YAMLParser.parse(bytes, path: spec)
            parseOnly.append(clock.now - start)
            precondition(parsed.document != nil)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: spec)[.size] as? Int) ?? 0
        let rawMedian = Self.median(raw)
        let fullMedian = Self.median(full)
        print("spec:               \(spec) (\(size) bytes, \(nodes) YAML nodes)")
        print("iterations:         \(iterations)")
        print("raw libyaml load:   median \(Self.milliseconds(rawMedian)) ms (min \(Self.milliseconds(raw.min()!)) ms)")
        print(
            "SpecLoader.load:    median \(Self.milliseconds(fullMedian)) ms (min \(Self.milliseconds(full.min()!)) ms)")
        print(
            "  of which parsing: median \(Self.milliseconds(Self.median(parseOnly))) ms (YAMLParser.parse on bytes in memory)"
        )
        print("ratio:              \(String(format: "%.2f", Self.seconds(fullMedian) / Self.seconds(rawMedian)))×")
    }

    static func median(_ durations: [Duration]) -> Duration {
        let sorted = durations.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.1f", seconds(duration) * 1000)
    }
}
