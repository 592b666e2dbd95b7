// A copy of Tests/CQRSTests/Fixtures/Shop.swift (hand-written as cqrs-gen emits it); to be replaced by generated code.
// swift-format-ignore-file

import CQRS
import Foundation

/// Orders and the read models the shop's pages show.
enum Shop {}

extension Shop {
    enum OrderStatus: String, Sendable, Codable, Hashable, CaseIterable {
        case placed
        case paid
        case cancelled
    }
}

extension Shop.OrderStatus: CQRS.ColumnConvertible {
    /// How an `OrderStatus` is stored in a read model column.
    static var columnType: CQRS.ColumnType { .string }

    /// Reads an `OrderStatus` from its column.
    init(columnValue: CQRS.ColumnValue) throws {
        self = try CQRS.ColumnValue.decodeEnum(columnValue, as: Self.self)
    }

    /// The column value: the case's name.
    var columnValue: CQRS.ColumnValue { .string(rawValue) }
}

extension Shop.OrderStatus: CQRS.PayloadValue {}
