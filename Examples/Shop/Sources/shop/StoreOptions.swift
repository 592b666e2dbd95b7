import ArgumentParser
import CQRS
import CQRSPostgres
import CQRSSQLite
import Foundation

/// Where the shop keeps its events and read models: SQLite (the default), PostgreSQL, or memory.
struct StoreOptions: ParsableArguments {
    @Option(help: "The SQLite database file (by default a fresh one for the demo, shop.sqlite for serve).")
    var database: String?

    @Option(help: "A PostgreSQL URL (postgres://user:password@host:5432/database) instead of SQLite.")
    var postgres: String?

    @Option(help: "The PostgreSQL schema the shop's tables go in.")
    var schema: String?

    @Flag(help: "Keep everything in memory (gone when the program ends).")
    var inMemory = false

    /// The SQLite file used when none is given.
    enum DefaultPath {
        /// A file in the temporary folder, emptied first.
        case fresh(String)
        /// A file kept from one run to the next.
        case kept(String)
    }

    func validate() throws {
        let chosen = [database != nil, postgres != nil, inMemory].filter { $0 }.count
        guard chosen <= 1 else { throw ValidationError("Choose one of --database, --postgres and --in-memory.") }
        if schema != nil, postgres == nil { throw ValidationError("--schema goes with --postgres.") }
    }

    /// Opens the stores.
    func open(defaultPath: DefaultPath) async throws -> ShopStores {
        if inMemory {
            return ShopStores(events: InMemoryEventStore(), readModels: InMemoryReadStore(), description: "in memory")
        }
        if let postgres {
            let schema = self.schema ?? "shop"
            let store = try PostgresStore(configuration: PostgresStoreConfiguration(url: postgres, schema: schema))
            try store.start()
            return ShopStores(
                events: store, readModels: store, description: "PostgreSQL, schema \(schema)",
                shutdown: { await store.shutdown() })
        }
        let path: String
        switch (database, defaultPath) {
        case (let given?, _):
            path = given
        case (nil, .kept(let file)):
            path = file
        case (nil, .fresh(let name)):
            path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
        }
        let store = try SQLiteStore(path: path)
        return ShopStores(events: store, readModels: store, description: "SQLite, \(path)")
    }
}

/// The open stores.
struct ShopStores {
    var events: any CQRS.EventStore
    var readModels: any CQRS.ReadStore
    var description: String
    var shutdown: @Sendable () async -> Void = {}

    func close() async { await shutdown() }
}
