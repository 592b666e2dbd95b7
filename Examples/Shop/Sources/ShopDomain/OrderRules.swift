import CQRS
import Foundation

/// Why the shop refuses a command.
public enum OrderError: Error, Equatable, CustomStringConvertible {
    /// Only a placed (not yet paid, not cancelled) order can be paid.
    case cannotPay(Shop.OrderStatus)
    /// The payment must cover the order's total exactly.
    case wrongAmount(expected: Decimal, paid: Decimal)
    /// Only an order that is not yet paid can be cancelled.
    case cannotCancel(Shop.OrderStatus)

    public var description: String {
        switch self {
        case .cannotPay(let status): "a \(status) order cannot be paid"
        case .wrongAmount(let expected, let paid): "the order totals \(expected) USD, not \(paid) USD"
        case .cannotCancel(let status): "a \(status) order cannot be cancelled"
        }
    }
}

/// The business rules of an order: which events each command produces, and how events change the
/// order's state. Constraints in the spec (a non-empty user, at least one item, a positive total)
/// are checked before these rules run.
public struct OrderRules: Shop.Order.Handler {
    /// The clock orders are placed by (a fixed one in tests and in the demo).
    public var now: @Sendable () -> Date

    /// Creates the rules with a clock.
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    public func decide(_ command: Shop.PlaceOrder, state: Shop.Order.State) throws -> [Shop.PlaceOrder.Emits] {
        [.orderPlaced(.init(userId: command.userId, items: command.items, totalUSD: command.totalUSD, placedAt: now()))]
    }

    public func decide(_ command: Shop.PayOrder, state: Shop.Order.State) throws -> [Shop.PayOrder.Emits] {
        guard state.status == .placed else { throw OrderError.cannotPay(state.status) }
        guard command.amountUSD == state.totalUSD else {
            throw OrderError.wrongAmount(expected: state.totalUSD, paid: command.amountUSD)
        }
        return [.orderPaid(.init(amountUSD: command.amountUSD))]
    }

    public func decide(_ command: Shop.CancelOrder, state: Shop.Order.State) throws -> [Shop.CancelOrder.Emits] {
        guard state.status == .placed else { throw OrderError.cannotCancel(state.status) }
        return [.orderCancelled(.init(reason: command.reason, totalUSD: state.totalUSD, placedAt: state.placedAt))]
    }

    public func evolve(_ state: inout Shop.Order.State, with event: Shop.Order.Event) {
        switch event {
        case .orderPlaced(let placed):
            state.userId = placed.userId
            state.totalUSD = placed.totalUSD
            state.placedAt = placed.placedAt
            state.status = .placed
        case .orderPaid:
            state.status = .paid
        case .orderCancelled:
            state.status = .cancelled
        }
    }
}
