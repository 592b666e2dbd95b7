import CQRS
import Foundation

/// The `SalesDashboard` read model: orders and revenue per calendar day (UTC) of placement.
public struct SalesDashboardProjection: Shop.SalesDashboard.Handler {
    /// Creates the handler.
    public init() {}

    public func on(
        _ event: Shop.OrderPlaced,
        _ context: CQRS.EventContext<Shop.Order.ID>,
        rows: CQRS.ProjectionRows<Shop.SalesDashboard>
    ) async throws {
        try await add(orders: 1, revenueUSD: event.totalUSD, on: Self.day(of: event.placedAt), to: rows)
    }

    public func on(
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
        let key = [day.columnValue]
        let updated = try await rows.update(key: key) { row in
            row.orders += orders
            row.revenueUSD += revenueUSD
        }
        if !updated {
            try await rows.insert(Shop.SalesDashboard(day: day, orders: orders, revenueUSD: revenueUSD))
        }
    }

    /// `2024-05-01` for any time on that day, in UTC.
    public static func day(of date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }
}
