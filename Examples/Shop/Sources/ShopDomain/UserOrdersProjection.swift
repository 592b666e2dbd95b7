import CQRS

/// The custom entry of the `UserOrders` read model: a placed order becomes a row. (Payments and
/// cancellations update the row's status; the spec declares those, so they are generated.)
public struct UserOrdersProjection: Shop.UserOrders.Handler {
    /// Creates the handler.
    public init() {}

    public func on(
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
