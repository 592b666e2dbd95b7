// A copy of Tests/CQRSTests/Fixtures/Shop+UserOrders.swift (hand-written as cqrs-gen emits it); to be replaced by generated code.
// swift-format-ignore-file

import CQRS
import Foundation

extension Shop {
    /// Each user's orders, newest first, for the account page.
    struct UserOrders: CQRS.ReadModelRow, Codable {
        var orderId: UUID
        var userId: String
        var itemCount: Int
        var totalUSD: Decimal
        var status: Shop.OrderStatus
        var placedAt: Date

        /// Creates a value from all of its fields.
        init(
            orderId: UUID,
            userId: String,
            itemCount: Int,
            totalUSD: Decimal,
            status: Shop.OrderStatus,
            placedAt: Date
        ) {
            self.orderId = orderId
            self.userId = userId
            self.itemCount = itemCount
            self.totalUSD = totalUSD
            self.status = status
            self.placedAt = placedAt
        }

        /// The read model's table: its columns, key and indexes.
        static let schema = CQRS.ReadModelSchema(
            name: "UserOrders",
            columns: [
                CQRS.ReadModelSchema.Column(name: "orderId", type: UUID.columnType, nullable: UUID.isNullable),
                CQRS.ReadModelSchema.Column(name: "userId", type: String.columnType, nullable: String.isNullable),
                CQRS.ReadModelSchema.Column(name: "itemCount", type: Int.columnType, nullable: Int.isNullable),
                CQRS.ReadModelSchema.Column(name: "totalUSD", type: Decimal.columnType, nullable: Decimal.isNullable),
                CQRS.ReadModelSchema.Column(
                    name: "status",
                    type: Shop.OrderStatus.columnType,
                    nullable: Shop.OrderStatus.isNullable
                ),
                CQRS.ReadModelSchema.Column(name: "placedAt", type: Date.columnType, nullable: Date.isNullable),
            ],
            key: ["orderId"],
            indexes: [["userId"]]
        )

        /// Reads a row from its columns, in the schema's order.
        init(columns: [CQRS.ColumnValue]) throws {
            try CQRS.ReadModelSchema.checkColumnCount(columns, of: Self.schema)
            self.orderId = try UUID(columnValue: columns[0])
            self.userId = try String(columnValue: columns[1])
            self.itemCount = try Int(columnValue: columns[2])
            self.totalUSD = try Decimal(columnValue: columns[3])
            self.status = try Shop.OrderStatus(columnValue: columns[4])
            self.placedAt = try Date(columnValue: columns[5])
        }

        /// The row's columns, in the schema's order.
        var columns: [CQRS.ColumnValue] {
            [
                orderId.columnValue,
                userId.columnValue,
                itemCount.columnValue,
                totalUSD.columnValue,
                status.columnValue,
                placedAt.columnValue,
            ]
        }

        /// The row's key columns, in key order.
        var key: [CQRS.ColumnValue] { [orderId.columnValue] }

        /// Your code for the `custom` entries of `UserOrders`: each method may read, insert, update and
        /// delete rows of this read model.
        protocol Handler: Sendable {
            /// Applies an `Order.OrderPlaced` to the read model.
            func on(
                _ event: Shop.Order.OrderPlaced,
                _ context: CQRS.EventContext<Shop.Order.ID>,
                rows: CQRS.ProjectionRows<Shop.UserOrders>
            ) async throws
        }

        /// Keeps the `UserOrders` read model up to date from the event log.
        struct Projection<H: Shop.UserOrders.Handler>: CQRS.ReadModelProjection {
            /// Your code for the `custom` entries.
            let handler: H

            /// Creates the projection with your code for its `custom` entries.
            init(_ handler: H) {
                self.handler = handler
            }

            /// The read model's name.
            var name: String { "UserOrders" }
            /// The read model's table.
            var schema: CQRS.ReadModelSchema { Shop.UserOrders.schema }
            /// The types of the events this projection reads.
            var eventTypes: Set<String> {
                [Shop.Order.OrderPlaced.eventType, Shop.Order.OrderPaid.eventType, Shop.Order.OrderCancelled.eventType]
            }

            /// Applies one event to the read model.
            func apply(_ event: CQRS.RecordedEvent, to batch: CQRS.ProjectionBatch) async throws {
                let rows = CQRS.ProjectionRows<Shop.UserOrders>(batch)
                switch event.eventType {
                case Shop.Order.OrderPlaced.eventType:
                    let context = try CQRS.EventContext<Shop.Order.ID>(event)
                    let payload = try CQRS.EventPayload.decode(
                        Shop.Order.OrderPlaced.self,
                        from: event,
                        upcaster: Shop.Order.OrderPlaced.upcaster
                    )
                    try await handler.on(payload, context, rows: rows)
                case Shop.Order.OrderPaid.eventType:
                    let context = try CQRS.EventContext<Shop.Order.ID>(event)
                    try await rows.update(key: [context.streamID.columnValue]) { row in
                        row.status = .paid
                    }
                case Shop.Order.OrderCancelled.eventType:
                    let context = try CQRS.EventContext<Shop.Order.ID>(event)
                    try await rows.update(key: [context.streamID.columnValue]) { row in
                        row.status = .cancelled
                    }
                default:
                    break
                }
            }
        }
    }
}
