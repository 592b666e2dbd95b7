import CQRS
import Foundation

// The code of Sources/CQRS/CQRS.docc/Projections.md. Each ```swift block of the article appears here
// verbatim (SnippetTests checks it): change both together.

// MARK: Custom handlers

/// Orders and revenue per calendar day (UTC) of placement.
struct SalesDashboardProjection: Shop.SalesDashboard.Handler {
    func on(
        _ event: Shop.OrderPlaced,
        _ context: CQRS.EventContext<Shop.Order.ID>,
        rows: CQRS.ProjectionRows<Shop.SalesDashboard>
    ) async throws {
        try await add(orders: 1, revenueUSD: event.totalUSD, on: Self.day(of: event.placedAt), to: rows)
    }

    func on(
        _ event: Shop.OrderCancelled,
        _ context: CQRS.EventContext<Shop.Order.ID>,
        rows: CQRS.ProjectionRows<Shop.SalesDashboard>
    ) async throws {
        try await add(orders: -1, revenueUSD: -event.totalUSD, on: Self.day(of: event.placedAt), to: rows)
    }

    private func add(
        orders: Int,
        revenueUSD: Decimal,
        on day: String,
        to rows: CQRS.ProjectionRows<Shop.SalesDashboard>
    ) async throws {
        let updated = try await rows.update(key: [day.columnValue]) { row in
            row.orders += orders
            row.revenueUSD += revenueUSD
        }
        if !updated {
            try await rows.insert(Shop.SalesDashboard(day: day, orders: orders, revenueUSD: revenueUSD))
        }
    }

    /// `2024-05-01` for any time on that day, in UTC.
    static func day(of date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }
}

// MARK: Read your own writes

/// Places an order and reads its row back, waiting at most two seconds for the projection.
func placeAndRead(shop: Shop.Application) async throws -> Shop.UserOrders? {
    let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
    let receipt = try await shop.send(place)
    let order = try await shop.ask(Shop.GetOrder(orderId: place.orderId), after: receipt, timeout: .seconds(2))
    return order
}

/// Places three orders, then waits until every read model has them.
func placeThreeAndCatchUp(shop: Shop.Application) async throws {
    for user in ["ada", "bob", "cy"] {
        try await shop.send(Shop.PlaceOrder(userId: user, items: ["book"], totalUSD: 12))
    }
    try await shop.waitUntilCaughtUp(timeout: .seconds(2))
}

/// Reads every page of a user's orders.
func allOrders(of userId: String, shop: Shop.Application) async throws -> [Shop.UserOrders] {
    var orders: [Shop.UserOrders] = []
    var page: PageRequest? = .first(20)
    while let request = page {
        let result = try await shop.ask(Shop.ListUserOrders(userId: userId), page: request)
        orders += result.rows
        page = result.next
    }
    return orders
}

/// The second page of a user's orders by number, how many pages there are, and how many orders.
func secondPageAndCount(of userId: String, shop: Shop.Application) async throws -> (
    NumberedPage<Shop.UserOrders>, Int, Int
) {
    let second = try await shop.ask(Shop.UserOrdersPage(userId: userId), page: 2)  // rows 21 to 40
    let pages = second.pageCount ?? 0  // from the total, counted with the page
    let orders = try await shop.ask(Shop.CountListUserOrders(userId: userId))
    return (second, pages, orders)
}

// MARK: Inline projections

/// Places an order and reads the customer's totals at once: CustomerTotals is inline.
func placeAndCountInline(shop: Shop.Application) async throws -> Shop.CustomerTotals? {
    let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
    try await shop.send(place)
    let totals = try await shop.ask(Shop.GetCustomerTotals(userId: "ada"))  // no receipt: already there
    return totals
}

// MARK: Status, checkpoints and rebuilds

/// What the `UserOrders` runner is doing and how far it has read.
func userOrdersProgress(shop: Shop.Application) async throws -> (ProjectionStatus, Int64) {
    let status = try shop.engine.status(of: "UserOrders")  // .live once caught up
    let checkpoint = try shop.engine.runner("UserOrders").checkpoint  // the last position committed
    return (status, checkpoint)
}

/// Rebuilds the `UserOrders` read model from the whole log.
func rebuildUserOrders(shop: Shop.Application) async throws {
    try await shop.engine.rebuild(projection: "UserOrders")
}

/// Rebuilds both read models together, reading the log once.
func rebuildBothReadModels(shop: Shop.Application) async throws {
    try await shop.engine.rebuild(projections: ["UserOrders", "SalesDashboard"])
}
