// A copy of Tests/CQRSTests/Fixtures/Shop+Order.swift (hand-written as cqrs-gen emits it); to be replaced by generated code.
// swift-format-ignore-file

import CQRS
import Foundation

extension Shop {
    /// A customer's order.
    enum Order {
        /// The type of an `Order` stream's identifier.
        typealias ID = UUID

        /// The state of one `Order`, folded from its events by your `Handler.evolve`.
        ///
        /// Before the first event, every field holds its spec default or its type's zero value.
        struct State: Sendable, Codable, Hashable {
            var userId: String
            var status: Shop.OrderStatus
            var totalUSD: Decimal

            /// Creates a value from all of its fields.
            init(userId: String = "", status: Shop.OrderStatus = .placed, totalUSD: Decimal = 0) {
                self.userId = userId
                self.status = status
                self.totalUSD = totalUSD
            }
        }

        /// Every event of an `Order` stream.
        enum Event: Sendable, Hashable {
            case orderPlaced(Shop.Order.OrderPlaced)
            case orderPaid(Shop.Order.OrderPaid)
            case orderCancelled(Shop.Order.OrderCancelled)
        }

        /// The business rules of an `Order`, which you write: which events each command produces from the
        /// current state (throw to reject the command), and how each event changes the state.
        protocol Handler: Sendable {
            /// Decides the events of a `PlaceOrder`; it can return only the events the spec lets it emit.
            func decide(_ command: Shop.Order.PlaceOrder, state: Shop.Order.State) throws -> [Shop.Order.PlaceOrder
                .Emits]

            /// Decides the events of a `PayOrder`; it can return only the events the spec lets it emit.
            func decide(_ command: Shop.Order.PayOrder, state: Shop.Order.State) throws -> [Shop.Order.PayOrder.Emits]

            /// Decides the events of a `CancelOrder`; it can return only the events the spec lets it emit.
            func decide(
                _ command: Shop.Order.CancelOrder,
                state: Shop.Order.State
            ) throws -> [Shop.Order.CancelOrder.Emits]

            /// Applies one event to the state.
            func evolve(_ state: inout Shop.Order.State, with event: Shop.Order.Event)
        }

        /// `Order` as the runtime sees it: its stream category, its events' coding and your `Handler`.
        struct Definition<H: Shop.Order.Handler>: CQRS.AggregateDefinition {
            typealias ID = Shop.Order.ID
            typealias State = Shop.Order.State
            typealias Event = Shop.Order.Event

            /// The stream category: streams are named `Order-<id>`.
            static var category: String { "Order" }
            /// Write a snapshot every this many events (nil: never).
            static var snapshotEvery: Int? { nil }
            /// Identifies the state's shape; snapshots of another shape are ignored.
            static var stateVersion: String { "9d3f1c20a8b47e65" }

            /// Your business rules.
            let handler: H

            /// Wraps your business rules.
            init(_ handler: H) {
                self.handler = handler
            }

            /// The state before any event.
            static func initialState() -> State { State() }

            /// Applies one event, through your `Handler.evolve`.
            func evolve(_ state: inout State, with event: Event) {
                handler.evolve(&state, with: event)
            }

            /// Encodes an event for the store.
            static func encode(_ event: Event) throws -> CQRS.NewEvent {
                switch event {
                case .orderPlaced(let payload):
                    return CQRS.NewEvent(
                        eventType: Shop.Order.OrderPlaced.eventType,
                        schemaVersion: Shop.Order.OrderPlaced.schemaVersion,
                        payload: try CQRS.EventPayload.encode(payload)
                    )
                case .orderPaid(let payload):
                    return CQRS.NewEvent(
                        eventType: Shop.Order.OrderPaid.eventType,
                        schemaVersion: Shop.Order.OrderPaid.schemaVersion,
                        payload: try CQRS.EventPayload.encode(payload)
                    )
                case .orderCancelled(let payload):
                    return CQRS.NewEvent(
                        eventType: Shop.Order.OrderCancelled.eventType,
                        schemaVersion: Shop.Order.OrderCancelled.schemaVersion,
                        payload: try CQRS.EventPayload.encode(payload)
                    )
                }
            }

            /// Decodes a stored event, upcasting older versions.
            static func decode(_ event: CQRS.RecordedEvent) throws -> Event {
                switch event.eventType {
                case Shop.Order.OrderPlaced.eventType:
                    return .orderPlaced(
                        try CQRS.EventPayload.decode(
                            Shop.Order.OrderPlaced.self,
                            from: event,
                            upcaster: Shop.Order.OrderPlaced.upcaster
                        )
                    )
                case Shop.Order.OrderPaid.eventType:
                    return .orderPaid(
                        try CQRS.EventPayload.decode(
                            Shop.Order.OrderPaid.self,
                            from: event,
                            upcaster: Shop.Order.OrderPaid.upcaster
                        )
                    )
                case Shop.Order.OrderCancelled.eventType:
                    return .orderCancelled(
                        try CQRS.EventPayload.decode(
                            Shop.Order.OrderCancelled.self,
                            from: event,
                            upcaster: Shop.Order.OrderCancelled.upcaster
                        )
                    )
                default:
                    throw CQRS.EventDecodingError(event, reason: "'\(event.eventType)' is not an event of Order")
                }
            }
        }
    }
}

extension Shop.Order.State: CQRS.PayloadEncodable {
    /// Writes the state's JSON directly (for snapshots): the same bytes as the `Codable` encoding, faster.
    func encodePayload(to writer: inout CQRS.PayloadWriter) throws {
        writer.beginObject()
        try writer.member("userId", userId)
        try writer.member("status", status)
        try writer.member("totalUSD", totalUSD)
        writer.endObject()
    }
}
