import ArgumentParser

/// Benchmarks of the spec front end: a synthetic spec generator and a timing of validation
/// against a raw libyaml load of the same file.
@main
struct CQRSBenchmarks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cqrs-benchmarks",
        abstract: "Benchmarks of the spec front end.",
        discussion: """
            Typical use, in a release build:

              cqrs-benchmarks synthesize-spec --aggregates 1000 --output /tmp/large.cqrs.yaml
              cqrs-benchmarks validate --spec /tmp/large.cqrs.yaml --iterations 10

            `smoke` runs everything at a tiny size, for CI: it checks that the benchmarks work, not how fast.
            """,
        subcommands: [
            SynthesizeSpec.self, ValidateBenchmark.self, GenerateBenchmark.self, CompileTimeBenchmark.self, Smoke.self,
            RuntimeBenchmark.self,
            PostgresBenchmark.self, SQLiteBenchmark.self, QueriesBenchmark.self, ReactionsBenchmark.self,
            HTTPServerBenchmark.self,
        ]
    )
}
