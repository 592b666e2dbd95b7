import CQRS
import Foundation

// The code of Sources/CQRS/CQRS.docc/Queries.md. Each ```swift block of the article appears here verbatim
// (SnippetTests checks it): change both together.

/// A user's placed or paid orders of the last day, and how many orders are placed.
func recentOrders(shop: Shop.Application) async throws -> (Page<Shop.UserOrders>, Int) {
    let recent = try await shop.ask(
        Shop.SearchOrders(userId: "ada", statuses: [.placed, .paid], since: .now.addingTimeInterval(-86_400)))
    let howMany = try await shop.ask(Shop.CountSearchOrders(userId: "ada", statuses: [.placed]))
    return (recent, howMany)
}

struct CardsOfPrefix: Sendable {
    func handle(prefix: String, rows: ReadModelReader<Shop.UserOrders>) async throws -> Int {
        try await rows.count(matching: [Shop.UserOrders.Column.userId.startsWith(prefix)])
    }
}

/// What a user's orders come to, over every page.
func totalOfOrders(shop: Shop.Application) async throws -> Decimal {
    var total: Decimal = 0
    for try await order in shop.rows(of: Shop.ListUserOrders(userId: "ada")) {
        total += order.totalUSD
    }
    return total
}

func followOrders(of userId: String, shop: Shop.Application, show: (Int) -> Void) async throws {
    for try await update in shop.watch(Shop.CountListUserOrders(userId: userId)) {
        show(update.answer)
    }
}

/// Waits for UserOrders after a restart.
func waitForOrders(shop: Shop.Application) async throws {
    try await shop.waitUntilCaughtUp(Shop.UserOrders.self)
}
