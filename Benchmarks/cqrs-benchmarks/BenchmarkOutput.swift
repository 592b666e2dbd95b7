import ArgumentParser
import CoreMetrics
import Dispatch
import Foundation
import Synchronization

/// Where a workload subcommand's results go.
///
/// Without `--json`, human text on stdout. With it, one JSON object per figure on stdout, the same
/// shape as `Benchmarks/peer/bench.py --json` so that `Benchmarks/summarise.py` can join the two sides:
///
/// ```json
/// {"side": "ours", "workload": "W1", "store": "sqlite", "value": 1234.5, "unit": "events/s",
///  "events_per_second": 1234.5, "events": 20000, "seconds": 16.2}
/// ```
///
/// and the human text goes to stderr.
struct BenchmarkReporter: Sendable {
    /// Whether figures are printed as JSON lines.
    var json: Bool

    /// Prints human text: on stdout, or on stderr when stdout carries JSON lines.
    func note(_ text: String) {
        if json {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        } else {
            print(text)
        }
    }

    /// Emits one figure as a JSON line (nothing in text mode: the subcommand prints its own line).
    ///
    /// - Parameters:
    ///   - workload: `W1`, `W1c`, `W2`, `W3-p50`, `raw-1`, …
    ///   - store: `memory`, `sqlite`, `postgres`, or `-` (W4).
    ///   - value: the figure.
    ///   - unit: `events/s`, `rows/s`, `transactions/s`, `ms`, …
    ///   - extra: more fields (numbers or strings), such as `events` and `seconds`.
    func figure(
        _ workload: String, store: String, value: Double, unit: String, extra: [String: any Sendable] = [:]
    ) {
        guard json else { return }
        var object: [String: Any] = [
            "side": "ours", "workload": workload, "store": store, "value": rounded(value), "unit": unit,
        ]
        if unit == "events/s" { object["events_per_second"] = rounded(value) }
        for (key, item) in extra {
            if let number = item as? Double { object[key] = rounded(number) } else { object[key] = item }
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    private func rounded(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        return (value * 1_000).rounded() / 1_000
    }
}

/// The `--json` flag shared by the workload subcommands.
struct JSONOption: ParsableArguments {
    /// Whether to print JSON lines.
    @Flag(name: .long, help: "Print one JSON object per figure on stdout (the text goes to stderr).")
    var json = false

    /// The reporter for this choice.
    var reporter: BenchmarkReporter { BenchmarkReporter(json: json) }
}

/// Runs async work from a synchronous command and waits for it.
func blockOnBenchmark(_ body: @escaping @Sendable () async throws -> Void) throws {
    let done = DispatchSemaphore(value: 0)
    let outcome = BenchmarkOutcome()
    Task {
        do {
            try await body()
        } catch {
            outcome.error = error
        }
        done.signal()
    }
    done.wait()
    if let error = outcome.error { throw error }
}

/// The error of the blocked-on task, written before the semaphore is signalled and read after.
private final class BenchmarkOutcome: @unchecked Sendable {
    var error: (any Error)?
}

/// The value at `fraction` (0…1) of the sorted samples (nearest rank).
func percentile(_ samples: [Double], _ fraction: Double) -> Double {
    guard !samples.isEmpty else { return 0 }
    let sorted = samples.sorted()
    let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

extension Duration {
    /// The duration in seconds.
    var benchmarkSecondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration in milliseconds.
    var benchmarkMilliseconds: Double { benchmarkSecondsValue * 1_000 }
}

// MARK: The lag the projection reports

/// A metrics factory that keeps, for every recorder (gauges included), the largest and the last value
/// recorded: enough to read a projection's `cqrs_projection_lag_events` and `cqrs_projection_lag_seconds`
/// gauges after a run. Counters and timers are dropped.
final class MaximumRecordingMetrics: MetricsFactory, Sendable {
    /// What one recorder has seen.
    struct Seen: Sendable {
        /// The largest value recorded.
        var maximum: Double = 0
        /// The last value recorded.
        var last: Double = 0
        /// How many values were recorded.
        var count = 0
    }

    private let seen = Mutex<[String: Seen]>([:])

    /// Creates an empty factory.
    init() {}

    /// What the recorder labelled `label` has seen (any dimensions).
    func seen(_ label: String) -> Seen { seen.withLock { $0[label] ?? Seen() } }

    fileprivate func record(_ label: String, _ value: Double) {
        seen.withLock { all in
            var entry = all[label] ?? Seen()
            entry.maximum = entry.count == 0 ? value : max(entry.maximum, value)
            entry.last = value
            entry.count += 1
            all[label] = entry
        }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { IgnoredMetric() }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        MaximumRecorder(label: label, factory: self)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { IgnoredMetric() }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}

private final class MaximumRecorder: RecorderHandler, Sendable {
    let label: String
    let factory: MaximumRecordingMetrics

    init(label: String, factory: MaximumRecordingMetrics) {
        self.label = label
        self.factory = factory
    }

    func record(_ value: Int64) { factory.record(label, Double(value)) }
    func record(_ value: Double) { factory.record(label, value) }
}

private final class IgnoredMetric: CounterHandler, TimerHandler, Sendable {
    func increment(by: Int64) {}
    func reset() {}
    func recordNanoseconds(_ duration: Int64) {}
}
