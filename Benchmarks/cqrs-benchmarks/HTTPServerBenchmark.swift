import ArgumentParser
import CQRS
import CQRSHummingbird
import CQRSSQLite
import Foundation
import Hummingbird
import Logging

/// `cqrs-benchmarks http-server`: the shop's generated HTTP API beside a plain route, for `wrk`
/// (Benchmarks/http-bench drives it).
struct HTTPServerBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http-server",
        abstract: "Serves the shop's generated routes and a plain fixed-JSON route (/plain) for wrk.",
        discussion: """
            Before serving it places --orders orders (so that GET /get-order/{id} finds a row) and prints
            `ready ORDER-ID` on standard output once the server listens. Stop it with SIGINT or SIGTERM.
            """
    )

    @Option(help: "memory or sqlite.")
    var store = "memory"

    @Option(help: "The SQLite file (--store sqlite); emptied first.")
    var database = "/tmp/cqrs-http-bench.sqlite"

    @Option(help: "The port to listen on.")
    var port = 8089

    @Option(help: "Orders placed before serving.")
    var orders = 1_000

    @Flag(
        inversion: .prefixedNo,
        help: "Run the projections and reactions in the server (--no-projections: the write path alone, as W1).")
    var projections = true

    func validate() throws {
        guard ["memory", "sqlite"].contains(store) else { throw ValidationError("--store is memory or sqlite") }
    }

    func run() throws {
        let settings = (store: store, database: database, port: port, orders: orders, projections: projections)
        try blockOnBenchmark {
            let (events, rows): (any EventStore, any ReadStore)
            if settings.store == "sqlite" {
                for suffix in ["", "-wal", "-shm"] {
                    try? FileManager.default.removeItem(atPath: settings.database + suffix)
                }
                let sqlite = try SQLiteStore(path: settings.database)
                (events, rows) = (sqlite, sqlite)
            } else {
                (events, rows) = (InMemoryEventStore(), InMemoryReadStore())
            }
            let shop = try Shop.Application(
                eventStore: events, readStore: rows, order: OrderRules(), userOrders: UserOrdersHandler(),
                salesDashboard: SalesDashboardHandler())
            var last = Shop.Order.ID()
            for index in 0..<max(settings.orders, 1) {
                let place = Shop.PlaceOrder(userId: "user-\(index % 100)", items: ["book"], totalUSD: 12)
                try await shop.send(place)
                last = place.orderId
            }
            let router = Router()
            router.add(middleware: ProblemMiddleware())
            shop.routes(on: router)
            let plain = ByteBuffer(string: #"{"orderId":"6F9619FF-8B86-D011-B42D-00C04FC964FF","status":"placed"}"#)
            router.get("/plain") { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: plain))
            }
            let ready = last
            let app = Application(
                router: router,
                configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: settings.port)),
                services: settings.projections ? shop.engine.services : [],
                onServerRunning: { _ in FileHandle.standardOutput.write(Data("ready \(ready)\n".utf8)) },
                logger: Logger(label: "http-bench")
            )
            try await app.runService()
        }
    }
}
