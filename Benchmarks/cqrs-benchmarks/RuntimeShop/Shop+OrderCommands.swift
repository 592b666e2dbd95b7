// A copy of Tests/CQRSTests/Fixtures/Shop+OrderCommands.swift (hand-written as cqrs-gen emits it); to be replaced by generated code.
// swift-format-ignore-file

import CQRS
import Foundation

extension Shop.Order {
    /// A customer places an order.
    struct PlaceOrder: Sendable, Codable, Hashable {
        /// The `Order` this command acts on.
        var orderId: Shop.Order.ID
        var userId: String
        var items: [String]
        var totalUSD: Decimal

        /// Creates the command.
        init(orderId: Shop.Order.ID = .fastRandom(), userId: String, items: [String], totalUSD: Decimal) {
            self.orderId = orderId
            self.userId = userId
            self.items = items
            self.totalUSD = totalUSD
        }

        /// Checks the spec's constraints; returns every violation (none when the command is valid).
        func validate() -> [CQRS.ConstraintViolation] {
            var violations: [CQRS.ConstraintViolation] = []
            validate(path: "", into: &violations)
            return violations
        }

        /// Checks the spec's constraints and appends every violation, naming fields under `path`.
        func validate(path: String, into violations: inout [CQRS.ConstraintViolation]) {
            CQRS.Constraints.minLength(userId, 1, field: path + "userId", into: &violations)
            CQRS.Constraints.minItems(items.count, 1, field: path + "items", into: &violations)
            CQRS.Constraints.exclusiveMinimum(totalUSD, 0, field: path + "totalUSD", into: &violations)
        }

        /// The events a `PlaceOrder` may produce: no other can be returned.
        enum Emits: CQRS.EmittedEvent, Hashable {
            case orderPlaced(Shop.Order.OrderPlaced)

            /// The event as one of the aggregate's events.
            var event: Shop.Order.Event {
                switch self {
                case .orderPlaced(let event): .orderPlaced(event)
                }
            }
        }
    }

    /// A customer pays an order.
    struct PayOrder: Sendable, Codable, Hashable {
        /// The `Order` this command acts on.
        var orderId: Shop.Order.ID
        var amountUSD: Decimal

        /// Creates the command.
        init(orderId: Shop.Order.ID, amountUSD: Decimal) {
            self.orderId = orderId
            self.amountUSD = amountUSD
        }

        /// Checks the spec's constraints; returns every violation (none when the command is valid).
        func validate() -> [CQRS.ConstraintViolation] {
            var violations: [CQRS.ConstraintViolation] = []
            validate(path: "", into: &violations)
            return violations
        }

        /// Checks the spec's constraints and appends every violation, naming fields under `path`.
        func validate(path: String, into violations: inout [CQRS.ConstraintViolation]) {
            CQRS.Constraints.exclusiveMinimum(amountUSD, 0, field: path + "amountUSD", into: &violations)
        }

        /// The events a `PayOrder` may produce: no other can be returned.
        enum Emits: CQRS.EmittedEvent, Hashable {
            case orderPaid(Shop.Order.OrderPaid)

            /// The event as one of the aggregate's events.
            var event: Shop.Order.Event {
                switch self {
                case .orderPaid(let event): .orderPaid(event)
                }
            }
        }
    }

    /// A customer or the shop cancels an order.
    struct CancelOrder: Sendable, Codable, Hashable {
        /// The `Order` this command acts on.
        var orderId: Shop.Order.ID
        var reason: String?

        /// Creates the command.
        init(orderId: Shop.Order.ID, reason: String? = nil) {
            self.orderId = orderId
            self.reason = reason
        }

        /// Checks the spec's constraints; returns every violation (none when the command is valid).
        func validate() -> [CQRS.ConstraintViolation] {
            []
        }

        /// The events a `CancelOrder` may produce: no other can be returned.
        enum Emits: CQRS.EmittedEvent, Hashable {
            case orderCancelled(Shop.Order.OrderCancelled)

            /// The event as one of the aggregate's events.
            var event: Shop.Order.Event {
                switch self {
                case .orderCancelled(let event): .orderCancelled(event)
                }
            }
        }
    }
}

extension Shop {
    /// `Order.PlaceOrder`, by its unique name.
    typealias PlaceOrder = Shop.Order.PlaceOrder
    /// `Order.PayOrder`, by its unique name.
    typealias PayOrder = Shop.Order.PayOrder
    /// `Order.CancelOrder`, by its unique name.
    typealias CancelOrder = Shop.Order.CancelOrder
}
