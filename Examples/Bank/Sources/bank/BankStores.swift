import CQRS
import CQRSPostgres
import CQRSSQLite
import Foundation

/// The stores the demo runs on, chosen by its arguments:
///
/// - no argument: SQLite, the embedded default, in a fresh demo file (`bank-demo.sqlite` in the
///   temporary directory, recreated on every run, so that every run prints the same);
/// - `--database PATH`: SQLite in the file at `PATH` (created when missing, kept; every run adds its
///   transfers to the ones already there);
/// - `--postgres URL`: PostgreSQL at `URL` (`postgres://user:password@host:port/database`), in the
///   schema `bank` (or `--schema NAME`), created on first use and kept;
/// - `--in-memory`: nothing durable;
///
/// and, for the demo, `--webhook URL` (with `--webhook-secret SECRET`): transfers of at least
/// `--large-transfer CENTS` (default 50000) are posted there as they complete.
struct BankStores {
    var events: any CQRS.EventStore
    var readModels: any CQRS.ReadStore
    var description: String
    var shutdown: @Sendable () async -> Void = {}
    /// Where large transfers are posted, if anywhere.
    var webhook: (url: URL, secret: String, threshold: Int64)?

    /// Says what went wrong with the arguments.
    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    static let usage = """
        usage: bank [work] [--database PATH | --postgres URL [--schema NAME] | --in-memory]
                    [--webhook URL [--webhook-secret SECRET] [--large-transfer CENTS]]
        """

    /// Opens the stores the arguments ask for.
    static func open(arguments: [String]) async throws -> BankStores {
        var options: [String: String] = [:]
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--in-memory":
                options[argument] = ""
            case "--database", "--postgres", "--schema", "--webhook", "--webhook-secret", "--large-transfer":
                guard let value = remaining.popFirst() else {
                    throw UsageError(description: "\(argument) needs a value\n\(usage)")
                }
                options[argument] = value
            case "-h", "--help":
                throw UsageError(description: usage)
            default:
                throw UsageError(description: "unknown argument '\(argument)'\n\(usage)")
            }
        }
        let chosen = ["--in-memory", "--database", "--postgres"].filter { options[$0] != nil }
        guard chosen.count <= 1 else {
            throw UsageError(description: "choose one of \(chosen.joined(separator: ", "))\n\(usage)")
        }
        if options["--schema"] != nil, options["--postgres"] == nil {
            throw UsageError(description: "--schema goes with --postgres\n\(usage)")
        }

        var stores = try openStores(options)
        if let webhook = options["--webhook"] {
            guard let url = URL(string: webhook), url.scheme == "http" || url.scheme == "https" else {
                throw UsageError(description: "--webhook needs an http(s) URL\n\(usage)")
            }
            guard let threshold = Int64(options["--large-transfer"] ?? "50000"), threshold > 0 else {
                throw UsageError(description: "--large-transfer needs a positive number of cents\n\(usage)")
            }
            stores.webhook = (url, options["--webhook-secret"] ?? "demo-secret", threshold)
        } else if options["--webhook-secret"] != nil || options["--large-transfer"] != nil {
            throw UsageError(description: "--webhook-secret and --large-transfer go with --webhook\n\(usage)")
        }
        return stores
    }

    private static func openStores(_ options: [String: String]) throws -> BankStores {
        if options["--in-memory"] != nil {
            return BankStores(events: InMemoryEventStore(), readModels: InMemoryReadStore(), description: "in memory")
        }
        if let url = options["--postgres"] {
            let schema = options["--schema"] ?? "bank"
            let store = try PostgresStore(configuration: PostgresStoreConfiguration(url: url, schema: schema))
            try store.start()
            return BankStores(
                events: store, readModels: store, description: "PostgreSQL, schema \(schema)",
                shutdown: { await store.shutdown() })
        }
        let path: String
        if let given = options["--database"] {
            path = given
        } else {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("bank-demo.sqlite").path
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
        }
        let store = try SQLiteStore(path: path)
        return BankStores(events: store, readModels: store, description: "SQLite, \(path)")
    }

    /// Closes what was opened.
    func close() async { await shutdown() }
}
