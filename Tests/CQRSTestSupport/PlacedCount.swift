import CQRS
import Foundation

/// A second read model for the runner tests: how many orders each user placed.
package struct PlacedCount: CQRS.ReadModelRow {
    package var userId: String
    package var orders: Int

    package static let schema = CQRS.ReadModelSchema(
        name: "PlacedCount",
        columns: [.init(name: "userId", type: .string), .init(name: "orders", type: .int)],
        key: ["userId"]
    )

    package init(userId: String, orders: Int) {
        self.userId = userId
        self.orders = orders
    }

    package init(columns: [CQRS.ColumnValue]) throws {
        try CQRS.ReadModelSchema.checkColumnCount(columns, of: Self.schema)
        userId = try String(columnValue: columns[0])
        orders = try Int(columnValue: columns[1])
    }

    package var columns: [CQRS.ColumnValue] { [userId.columnValue, orders.columnValue] }
    package var key: [CQRS.ColumnValue] { [userId.columnValue] }

    package struct Projection: CQRS.ReadModelProjection {
        /// Creates one.
        package init() {}

        package var name: String { "PlacedCount" }
        package var schema: CQRS.ReadModelSchema { PlacedCount.schema }
        package var eventTypes: Set<String> { [Shop.OrderPlaced.eventType] }

        package func apply(_ event: CQRS.RecordedEvent, to batch: CQRS.ProjectionBatch) async throws {
            let rows = CQRS.ProjectionRows<PlacedCount>(batch)
            let placed = try CQRS.EventPayload.decode(Shop.OrderPlaced.self, from: event)
            let updated = try await rows.update(key: [placed.userId.columnValue]) { $0.orders += 1 }
            if !updated { try await rows.insert(PlacedCount(userId: placed.userId, orders: 1)) }
        }
    }
}

/// A UserOrders handler that fails on orders of the user "boom".
package struct ExplodingUserOrdersHandler: Shop.UserOrders.Handler {
    /// Creates one.
    package init() {}

    package struct Boom: Error, CustomStringConvertible {
        /// Creates one.
        package init() {}

        package var description: String { "boom" }
    }

    package func on(
        _ event: Shop.OrderPlaced,
        _ context: CQRS.EventContext<Shop.Order.ID>,
        rows: CQRS.ProjectionRows<Shop.UserOrders>
    ) async throws {
        if event.userId == "boom" { throw Boom() }
        try await UserOrdersHandler().on(event, context, rows: rows)
    }
}
