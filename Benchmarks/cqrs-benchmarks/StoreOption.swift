import ArgumentParser
import Foundation

/// `--store memory|sqlite|postgres` and `--url`: the store a subcommand measures, shared by the
/// subcommands that run on one store per call.
struct StoreOption: ParsableArguments {
    @Option(help: "memory, sqlite or postgres.")
    var store = "sqlite"

    @Option(help: "PostgreSQL URL for --store postgres (default: CQRS_POSTGRES_URL).")
    var url: String?

    /// The store, and the PostgreSQL URL (`--url`, else `CQRS_POSTGRES_URL`); throws for an unknown store or
    /// PostgreSQL without a URL.
    func validated() throws -> (store: String, url: String?) {
        guard ["memory", "sqlite", "postgres"].contains(store) else {
            throw ValidationError("--store is memory, sqlite or postgres")
        }
        let url = url ?? ProcessInfo.processInfo.environment["CQRS_POSTGRES_URL"]
        guard store != "postgres" || url != nil else {
            throw ValidationError("--store postgres: give --url or set CQRS_POSTGRES_URL")
        }
        return (store, url)
    }
}
