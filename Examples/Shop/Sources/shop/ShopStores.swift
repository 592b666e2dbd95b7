import CQRS
import CQRSPostgres
import CQRSSQLite
import Foundation

/// The stores the demo runs on, chosen by its arguments:
///
/// - no argument: SQLite, the embedded default, in a fresh demo file (`shop-demo.sqlite` in the
///   temporary directory, recreated on every run, so that every run prints the same);
/// - `--database PATH`: SQLite in the file at `PATH` (created when missing, kept; every run adds its
///   orders to the ones already there);
/// - `--postgres URL`: PostgreSQL at `URL` (`postgres://user:password@host:port/database`), in the
///   schema `shop` (or `--schema NAME`), created on first use and kept;
/// - `--in-memory`: nothing durable.
struct ShopStores {
    var events: any CQRS.EventStore
    var readModels: any CQRS.ReadStore
    var description: String
    var shutdown: @Sendable () async -> Void = {}

    /// Says what went wrong with the arguments.
    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    static let usage = "usage: shop [--database PATH | --postgres URL [--schema NAME] | --in-memory]"

    /// Opens the stores the arguments ask for.
    static func open(arguments: [String]) async throws -> ShopStores {
        var options: [String: String] = [:]
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--in-memory":
                options[argument] = ""
            case "--database", "--postgres", "--schema":
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
        let stores = ["--in-memory", "--database", "--postgres"].filter { options[$0] != nil }
        guard stores.count <= 1 else {
            throw UsageError(description: "choose one of \(stores.joined(separator: ", "))\n\(usage)")
        }
        if options["--schema"] != nil, options["--postgres"] == nil {
            throw UsageError(description: "--schema goes with --postgres\n\(usage)")
        }

        if options["--in-memory"] != nil {
            return ShopStores(events: InMemoryEventStore(), readModels: InMemoryReadStore(), description: "in memory")
        }
        if let url = options["--postgres"] {
            let schema = options["--schema"] ?? "shop"
            let store = try PostgresStore(configuration: PostgresStoreConfiguration(url: url, schema: schema))
            try store.start()
            return ShopStores(
                events: store, readModels: store, description: "PostgreSQL, schema \(schema)",
                shutdown: { await store.shutdown() })
        }
        let path: String
        if let given = options["--database"] {
            path = given
        } else {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("shop-demo.sqlite").path
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
        }
        let store = try SQLiteStore(path: path)
        return ShopStores(events: store, readModels: store, description: "SQLite, \(path)")
    }

    /// Closes what was opened.
    func close() async { await shutdown() }
}
