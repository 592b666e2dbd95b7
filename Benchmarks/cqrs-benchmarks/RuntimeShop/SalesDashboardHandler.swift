import CQRS
import Foundation

/// The custom `on` entries of the SalesDashboard projection: orders and revenue per day of placement.
struct SalesDashboardHandler: Shop.SalesDashboard.Handler {
    func on(
        _ event: Shop.OrderPlaced,
        _ context: CQRS.EventContext<Shop.Order.ID>,
        rows: CQRS.ProjectionRows<Shop.SalesDashboard>
    ) async throws {
        let day = "day-\(Int(event.placedAt.timeIntervalSince1970 / 86_400))"
        let updated = try await rows.update(key: [day.columnValue]) { row in
            row.orders += 1
            row.revenueUSD += event.totalUSD
        }
        if !updated { try await rows.insert(Shop.SalesDashboard(day: day, orders: 1, revenueUSD: event.totalUSD)) }
    }

    /// The benchmark's cancellation carries no amount nor placement time: it is not counted (W1 cancels
    /// nothing).
    func on(
        _ event: Shop.OrderCancelled,
        _ context: CQRS.EventContext<Shop.Order.ID>,
        rows: CQRS.ProjectionRows<Shop.SalesDashboard>
    ) async throws {}
}
