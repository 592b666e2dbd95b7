import CQRS
import CQRSPostgres
import CQRSSQLite
import Foundation

/// The stores the demo runs on, chosen by its arguments: SQLite in a fresh demo file by default
/// (`billing-demo.sqlite` in the temporary directory); `--database PATH` for a kept SQLite file;
/// `--postgres URL` for PostgreSQL, in the schema `billing` (or `--schema NAME`); `--in-memory`.
///
/// A state-stored aggregate writes its row in the transaction of its events, so both stores are always
/// one database here.
struct BillingStores {
    var events: any CQRS.EventStore
    var readModels: any CQRS.ReadStore
    var description: String
    var shutdown: @Sendable () async -> Void = {}

    /// Says what went wrong with the arguments.
    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    static let usage = "usage: billing [--database PATH | --postgres URL [--schema NAME] | --in-memory]"

    /// Opens the store the arguments ask for.
    static func open(arguments: [String]) throws -> BillingStores {
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
        if options["--in-memory"] != nil {
            return BillingStores(
                events: InMemoryEventStore(), readModels: InMemoryReadStore(), description: "in memory")
        }
        if let url = options["--postgres"] {
            let schema = options["--schema"] ?? "billing"
            let store = try PostgresStore(configuration: PostgresStoreConfiguration(url: url, schema: schema))
            try store.start()
            return BillingStores(
                events: store, readModels: store, description: "PostgreSQL, schema \(schema)",
                shutdown: { await store.shutdown() })
        }
        let path: String
        if let given = options["--database"] {
            path = given
        } else {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("billing-demo.sqlite").path
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
        }
        let store = try SQLiteStore(path: path)
        return BillingStores(events: store, readModels: store, description: "SQLite, \(path)")
    }
}
