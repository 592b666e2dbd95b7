import CQRS
import Foundation

/// Why an order command is refused: the user's own error type, passed through unchanged.
package enum OrderError: Error, Equatable {
    case cannotPayCancelledOrder
    case wrongAmount
    case cannotCancel(Shop.OrderStatus)
}

/// The business rules of an order, as a user writes them (see docs/Design.md).
package struct OrderRules: Shop.Order.Handler {
    /// The time `placedAt` gets (fixed in tests, so that events compare equal).
    package var now: @Sendable () -> Date = { Date() }

    /// Rules that stamp orders with `now`.
    package init(now: @escaping @Sendable () -> Date = { Date() }) { self.now = now }

    package func decide(_ command: Shop.PlaceOrder, state: Shop.Order.State) throws -> [Shop.PlaceOrder.Emits] {
        [.orderPlaced(.init(userId: command.userId, items: command.items, totalUSD: command.totalUSD, placedAt: now()))]
    }

    package func decide(_ command: Shop.PayOrder, state: Shop.Order.State) throws -> [Shop.PayOrder.Emits] {
        guard state.status != .cancelled else { throw OrderError.cannotPayCancelledOrder }
        guard command.amountUSD == state.totalUSD else { throw OrderError.wrongAmount }
        return [.orderPaid(.init(amountUSD: command.amountUSD))]
    }

    package func decide(_ command: Shop.CancelOrder, state: Shop.Order.State) throws -> [Shop.CancelOrder.Emits] {
        guard state.status == .placed else { throw OrderError.cannotCancel(state.status) }
        return [.orderCancelled(.init(reason: command.reason))]
    }

    package func evolve(_ state: inout Shop.Order.State, with event: Shop.Order.Event) {
        switch event {
        case .orderPlaced(let placed):
            state.userId = placed.userId
            state.totalUSD = placed.totalUSD
            state.status = .placed
        case .orderPaid: state.status = .paid
        case .orderCancelled: state.status = .cancelled
        }
    }
}
