import CQRS

/// The custom `on` entry of the UserOrders projection, as a user writes it.
package struct UserOrdersHandler: Shop.UserOrders.Handler {
    /// Creates one.
    package init() {}

    package func on(
        _ event: Shop.OrderPlaced,
        _ context: CQRS.EventContext<Shop.Order.ID>,
        rows: CQRS.ProjectionRows<Shop.UserOrders>
    ) async throws {
        try await rows.insert(
            Shop.UserOrders(
                orderId: context.streamID,
                userId: event.userId,
                itemCount: event.items.count,
                totalUSD: event.totalUSD,
                status: .placed,
                placedAt: event.placedAt
            )
        )
    }
}
