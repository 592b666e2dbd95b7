import CQRS
import Foundation

/// A second read model for the runner tests: how many orders each user placed.
struct PlacedCount: CQRS.ReadModelRow {
    var userId: String
    var orders: Int

    static let schema = CQRS.ReadModelSchema(
        name: "PlacedCount",
        columns: [.init(name: "userId", type: .string), .init(name: "orders", type: .int)],
        key: ["userId"]
    )

    init(userId: String, orders: Int) {
        self.userId = userId
        self.orders = orders
    }

    init(columns: [CQRS.ColumnValue]) throws {
        try CQRS.ReadModelSchema.checkColumnCount(columns, of: Self.schema)
        userId = try String(columnValue: columns[0])
        orders = try Int(columnValue: columns[1])
    }

    var columns: [CQRS.ColumnValue] { [userId.columnValue, orders.columnValue] }
    var key: [CQRS.ColumnValue] { [userId.columnValue] }

    struct Projection: CQRS.ReadModelProjection {
        var name: String { "PlacedCount" }
        var schema: CQRS.ReadModelSchema { PlacedCount.schema }
        var eventTypes: Set<String> { [Shop.OrderPlaced.eventType] }

        func apply(_ event: CQRS.RecordedEvent, to batch: CQRS.ProjectionBatch) async throws {
            let rows = CQRS.ProjectionRows<PlacedCount>(batch)
            let placed = try CQRS.EventPayload.decode(Shop.OrderPlaced.self, from: event)
            let updated = try await rows.update(key: [placed.userId.columnValue]) { $0.orders += 1 }
            if !updated { try await rows.insert(PlacedCount(userId: placed.userId, orders: 1)) }
        }
    }
}

/// A UserOrders handler that fails on orders of the user "boom".
struct ExplodingUserOrdersHandler: Shop.UserOrders.Handler {
    struct Boom: Error, CustomStringConvertible {
        var description: String { "boom" }
    }

    func on(
        _ event: Shop.OrderPlaced,
        _ context: CQRS.EventContext<Shop.Order.ID>,
        rows: CQRS.ProjectionRows<Shop.UserOrders>
    ) async throws {
        if event.userId == "boom" { throw Boom() }
        try await UserOrdersHandler().on(event, context, rows: rows)
    }
}
