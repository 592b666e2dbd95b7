import CQRS
import CQRSPostgres
import CQRSSQLite
import Foundation

// The code of Sources/CQRS/CQRS.docc/Stores.md. Each ```swift block of the article appears here verbatim
// (SnippetTests checks it): change both together.

// MARK: In memory

/// The shop over the in-memory stores.
func inMemoryShop() throws -> Shop.Application {
    let shop = try Shop.Application(
        eventStore: InMemoryEventStore(),
        readStore: InMemoryReadStore(),
        order: OrderRules(),
        userOrders: UserOrdersProjection(),
        salesDashboard: SalesDashboardProjection()
    )
    return shop
}

// MARK: SQLite

/// The shop over a SQLite file: places an order and reads it back.
func sqliteShop(databasePath: String) async throws -> Shop.UserOrders? {
    let store = try SQLiteStore(path: databasePath)  // creates the file and its tables if needed
    let shop = try Shop.Application(
        eventStore: store,
        readStore: store,
        order: OrderRules(),
        userOrders: UserOrdersProjection(),
        salesDashboard: SalesDashboardProjection()
    )
    return try await shop.withProjectionsRunning {
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        let receipt = try await shop.send(place)
        return try await shop.ask(Shop.GetOrder(orderId: place.orderId), after: receipt)
    }
}

/// A SQLite store that syncs the disk only at checkpoints.
func fasterSQLiteStore(databasePath: String) throws -> SQLiteStore {
    let store = try SQLiteStore(path: databasePath, configuration: .init(synchronous: .normal))
    return store
}

// MARK: PostgreSQL

/// The shop over PostgreSQL (schema `shop`): places an order and reads it back.
func postgresShop(databaseURL: String) async throws -> Shop.UserOrders? {
    let configuration = try PostgresStoreConfiguration(url: databaseURL, schema: "shop")
    return try await PostgresStore.withStore(configuration: configuration) { store in
        let shop = try Shop.Application(
            eventStore: store,
            readStore: store,
            order: OrderRules(),
            userOrders: UserOrdersProjection(),
            salesDashboard: SalesDashboardProjection()
        )
        return try await shop.withProjectionsRunning {
            let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
            let receipt = try await shop.send(place)
            return try await shop.ask(Shop.GetOrder(orderId: place.orderId), after: receipt)
        }
    }
}
