import CQRS
import Foundation

// The code of Sources/CQRS/CQRS.docc/Reactions.md. Each ```swift block of the article appears here verbatim
// (SnippetTests checks it): change both together.

/// The other system of the article's call-out.
protocol Warehouse: Sendable {
    func ship(order: String, amountUSD: Decimal, key: UUID) async throws
}

/// Tells the warehouse to ship each paid order; the event id is its idempotency key.
struct ShipPaidOrders: CQRS.EventReaction {
    let warehouse: any Warehouse

    var name: String { "ShipPaidOrders" }
    var eventTypes: Set<String> { [Shop.OrderPaid.eventType] }
    var start: CQRS.ReactionStart { .now }

    func react(to event: CQRS.RecordedEvent) async throws -> [CQRS.NoCommand] {
        let paid: Shop.OrderPaid = try event.decode()
        try await warehouse.ship(order: event.streamID.id, amountUSD: paid.amountUSD, key: event.eventID)
        return []
    }
}

func shopThatShips(warehouse: any Warehouse) throws -> Shop.Application {
    try Shop.Application(
        eventStore: InMemoryEventStore(),
        readStore: InMemoryReadStore(),
        order: OrderRules(),
        userOrders: UserOrdersProjection(),
        salesDashboard: SalesDashboardProjection(),
        reactions: [ShipPaidOrders(warehouse: warehouse)]
    )
}

func reactionIsHealthy(_ shop: Shop.Application) throws -> Bool {
    if case .failed(let failure) = try shop.engine.status(ofReaction: "ShipPaidOrders") {
        print(failure.position, failure.eventType ?? "-", failure.reason)
        return false
    }
    return true
}
