import CQRS
import Foundation

/// The order's rules of `OrderRules`, for the state-stored order: each command changes the row's state and
/// returns the same events.
struct StoredOrderRules: StoredShop.Order.Handler {
    func decide(_ command: StoredShop.PlaceOrder, state: inout StoredShop.Order.State) throws
        -> [StoredShop.PlaceOrder.Emits]
    {
        state.userId = command.userId
        state.totalUSD = command.totalUSD
        return [
            .orderPlaced(
                .init(userId: command.userId, items: command.items, totalUSD: command.totalUSD, placedAt: Date()))
        ]
    }

    func decide(_ command: StoredShop.PayOrder, state: inout StoredShop.Order.State) throws
        -> [StoredShop.PayOrder.Emits]
    {
        guard state.status != .cancelled else { throw OrderError.cannotPayCancelledOrder }
        guard command.amountUSD == state.totalUSD else { throw OrderError.wrongAmount }
        state.status = .paid
        return [.orderPaid(.init(amountUSD: command.amountUSD))]
    }
}
