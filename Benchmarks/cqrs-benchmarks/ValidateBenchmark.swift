import ArgumentParser
import CQRSSpec
import Foundation

/// `validate`: times the full spec load against libyaml's own document load of the same file.
struct ValidateBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Times SpecLoader end to end (read, parse, validate) against a raw libyaml load of the same file.",
        discussion: """
            Both run in the same process, alternating, after one untimed warm-up each; the medians of \
            wall-clock time and of the thread's CPU time are reported (CPU time is steadier on a busy machine).
            """
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
        var raw = Samples()
        var full = Samples()
        var parseOnly = Samples()
        for _ in 0..<iterations {
            let count = raw.measure { RawYAMLLoad.load(path: spec) }
            precondition(count == nodes)
            let result = try full.measure { try SpecLoader().load(path: spec) }
            precondition(result.spec != nil)
            let parsed = parseOnly.measure { YAMLParser.parse(bytes, path: spec) }
            precondition(parsed.document != nil)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: spec)[.size] as? Int) ?? 0
        print("spec:               \(spec) (\(size) bytes, \(nodes) YAML nodes)")
        print("iterations:         \(iterations)")
        print("raw libyaml load:   \(raw.summary)")
        print("SpecLoader.load:    \(full.summary)")
        print("  of which parsing: \(parseOnly.summary) (YAMLParser.parse on bytes in memory)")
        print("ratio:              \(Samples.ratio(full, raw))")
    }

    /// Wall-clock and thread CPU times of repeated runs of one thing.
    struct Samples {
        var wall: [Duration] = []
        var cpu: [Duration] = []

        /// Runs `body` once, recording its times.
        mutating func measure<Result>(_ body: () throws -> Result) rethrows -> Result {
            let clock = ContinuousClock()
            let startCPU = Self.threadCPUTime()
            let start = clock.now
            let result = try body()
            wall.append(clock.now - start)
            cpu.append(Self.threadCPUTime() - startCPU)
            return result
        }

        /// `median 12.3 ms (min 11.9 ms), CPU median 12.1 ms`.
        var summary: String {
            typealias V = ValidateBenchmark
            return "median \(V.milliseconds(V.median(wall))) ms (min \(V.milliseconds(wall.min()!)) ms), "
                + "CPU median \(V.milliseconds(V.median(cpu))) ms"
        }

        /// `1.45× wall, 1.50× CPU`: the ratio of the medians.
        static func ratio(_ numerator: Samples, _ denominator: Samples) -> String {
            func ratio(_ a: [Duration], _ b: [Duration]) -> String {
                typealias V = ValidateBenchmark
                return String(format: "%.2f", V.seconds(V.median(a)) / V.seconds(V.median(b)))
            }
            return "\(ratio(numerator.wall, denominator.wall))× wall, \(ratio(numerator.cpu, denominator.cpu))× CPU"
        }

        static func threadCPUTime() -> Duration {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
        }
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
