// A copy of Tests/CQRSTests/Fixtures/Shop+OrderEvents.swift (hand-written as cqrs-gen emits it); to be replaced by generated code.
// swift-format-ignore-file

import CQRS
import Foundation

extension Shop.Order {
    struct OrderPlaced: Sendable, Codable, Hashable {
        /// The name the event is stored under.
        static let eventType = "Order.OrderPlaced"
        /// The version of the event's fields that this type reads and writes.
        static let schemaVersion = 1
        /// How stored events of older versions are read.
        static let upcaster: CQRS.Upcaster? = nil

        var userId: String
        var items: [String]
        var totalUSD: Decimal
        var placedAt: Date

        /// Creates a value from all of its fields.
        init(userId: String, items: [String], totalUSD: Decimal, placedAt: Date) {
            self.userId = userId
            self.items = items
            self.totalUSD = totalUSD
            self.placedAt = placedAt
        }
    }

    struct OrderPaid: Sendable, Codable, Hashable {
        /// The name the event is stored under.
        static let eventType = "Order.OrderPaid"
        /// The version of the event's fields that this type reads and writes.
        static let schemaVersion = 1
        /// How stored events of older versions are read.
        static let upcaster: CQRS.Upcaster? = nil

        var amountUSD: Decimal

        /// Creates a value from all of its fields.
        init(amountUSD: Decimal) {
            self.amountUSD = amountUSD
        }
    }

    struct OrderCancelled: Sendable, Codable, Hashable {
        /// The name the event is stored under.
        static let eventType = "Order.OrderCancelled"
        /// The version of the event's fields that this type reads and writes.
        static let schemaVersion = 1
        /// How stored events of older versions are read.
        static let upcaster: CQRS.Upcaster? = nil

        var reason: String?

        /// Creates a value from all of its fields.
        init(reason: String? = nil) {
            self.reason = reason
        }
    }
}

extension Shop.Order.OrderPlaced: CQRS.PayloadEncodable {
    /// Writes the payload JSON directly: the same bytes as the `Codable` encoding, faster.
    func encodePayload(to writer: inout CQRS.PayloadWriter) throws {
        writer.beginObject()
        try writer.member("userId", userId)
        try writer.member("items", items)
        try writer.member("totalUSD", totalUSD)
        try writer.member("placedAt", placedAt)
        writer.endObject()
    }
}

extension Shop.Order.OrderPaid: CQRS.PayloadEncodable {
    /// Writes the payload JSON directly: the same bytes as the `Codable` encoding, faster.
    func encodePayload(to writer: inout CQRS.PayloadWriter) throws {
        writer.beginObject()
        try writer.member("amountUSD", amountUSD)
        writer.endObject()
    }
}

extension Shop.Order.OrderCancelled: CQRS.PayloadEncodable {
    /// Writes the payload JSON directly: the same bytes as the `Codable` encoding, faster.
    func encodePayload(to writer: inout CQRS.PayloadWriter) throws {
        writer.beginObject()
        try writer.member("reason", ifPresent: reason)
        writer.endObject()
    }
}

extension Shop {
    /// `Order.OrderPlaced`, by its unique name.
    typealias OrderPlaced = Shop.Order.OrderPlaced
    /// `Order.OrderPaid`, by its unique name.
    typealias OrderPaid = Shop.Order.OrderPaid
    /// `Order.OrderCancelled`, by its unique name.
    typealias OrderCancelled = Shop.Order.OrderCancelled
}
