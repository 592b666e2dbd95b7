import ArgumentParser
import Foundation

/// `smoke`: every benchmark at a tiny size, to check that they run (no timing is judged).
struct Smoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs every benchmark at a tiny size, to check that they work; no timing is judged.",
        discussion: """
            The spec front end and W4 on a 3-aggregate spec; W1, W1c, W2, W3, the counts, W5 and the reactions (R1, R2,
            R3) in memory and on SQLite; and,
            when CQRS_POSTGRES_URL is set (scripts/with-postgres), the same on PostgreSQL. With --json, the
            figures come out as JSON lines, as run-all collects them.
            """
    )

    @OptionGroup var output: JSONOption

    func run() throws {
        let json = output.json ? ["--json"] : []
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("cqrs-benchmarks-smoke-\(ProcessInfo.processInfo.processIdentifier).cqrs.yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SynthesizeSpec.parse(["--aggregates", "3", "--output", path]).run()
        try ValidateBenchmark.parse(["--spec", path, "--iterations", "2"]).run()
        try GenerateBenchmark.parse(["--spec", path, "--iterations", "1", "--warmups", "0"] + json).run()
        try RuntimeBenchmark.parse(
            ["--orders", "50", "--runs", "1", "--clients", "2", "--w3-rounds", "20"] + json
        ).run()
        try SQLiteBenchmark.parse(
            ["--orders", "50", "--clients", "2", "--seconds", "1", "--w3-rounds", "20", "--state-reads", "20"] + json
        )
        .run()
        let queries = ["--rows", "1000", "--count-rounds", "10", "--watch-rounds", "10"] + json
        try QueriesBenchmark.parse(["--store", "memory"] + queries).run()
        try QueriesBenchmark.parse(["--store", "sqlite"] + queries).run()
        let reactions = ["--orders", "50", "--latency-rounds", "10", "--transfers", "20", "--accounts", "5"] + json
        try ReactionsBenchmark.parse(["--store", "memory"] + reactions).run()
        try ReactionsBenchmark.parse(["--store", "sqlite"] + reactions).run()
        if ProcessInfo.processInfo.environment["CQRS_POSTGRES_URL"] != nil {
            try PostgresBenchmark.parse(
                ["--orders", "50", "--clients", "2", "--seconds", "1", "--w3-rounds", "20", "--state-reads", "20"]
                    + json
            ).run()
            try QueriesBenchmark.parse(["--store", "postgres"] + queries).run()
            try ReactionsBenchmark.parse(["--store", "postgres"] + reactions).run()
        } else {
            output.reporter.note("postgres: skipped (CQRS_POSTGRES_URL is not set; run under scripts/with-postgres)")
        }
    }
}
