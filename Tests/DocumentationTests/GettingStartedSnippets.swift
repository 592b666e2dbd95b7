import CQRS
import Foundation

// The code of Sources/CQRS/CQRS.docc/GettingStarted.md, over the code the build plugin generates from
// shop.cqrs.yaml beside this file (a copy of Examples/Shop's spec). Each ```swift block of the article
// appears here verbatim (SnippetTests checks it): change both together.

// MARK: Write the business rules

/// Why the shop refuses a command.
enum OrderError: Error, Equatable {
    case cannotPay(Shop.OrderStatus)
    case wrongAmount(expected: Decimal, paid: Decimal)
    case cannotCancel(Shop.OrderStatus)
}

struct OrderRules: Shop.Order.Handler {
    func decide(_ command: Shop.PlaceOrder, state: Shop.Order.State) throws -> [Shop.PlaceOrder.Emits] {
        [.orderPlaced(.init(userId: command.userId, items: command.items, totalUSD: command.totalUSD, placedAt: .now))]
    }

    func decide(_ command: Shop.PayOrder, state: Shop.Order.State) throws -> [Shop.PayOrder.Emits] {
        guard state.status == .placed else { throw OrderError.cannotPay(state.status) }
        guard command.amountUSD == state.totalUSD else {
            throw OrderError.wrongAmount(expected: state.totalUSD, paid: command.amountUSD)
        }
        return [.orderPaid(.init(amountUSD: command.amountUSD))]
    }

    func decide(_ command: Shop.CancelOrder, state: Shop.Order.State) throws -> [Shop.CancelOrder.Emits] {
        guard state.status == .placed else { throw OrderError.cannotCancel(state.status) }
        return [.orderCancelled(.init(reason: command.reason, totalUSD: state.totalUSD, placedAt: state.placedAt))]
    }

    func evolve(_ state: inout Shop.Order.State, with event: Shop.Order.Event) {
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

// MARK: Write the custom projection entries

struct UserOrdersProjection: Shop.UserOrders.Handler {
    func on(
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

// MARK: Send commands and ask queries

/// Places and pays an order over the in-memory stores; returns the user's orders.
func placeAndPay() async throws -> CQRS.Page<Shop.UserOrders> {
    let shop = try Shop.Application(
        eventStore: InMemoryEventStore(),
        readStore: InMemoryReadStore(),
        order: OrderRules(),
        userOrders: UserOrdersProjection(),
        salesDashboard: SalesDashboardProjection()
    )
    let orders = try await shop.withProjectionsRunning {
        let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        try await shop.send(place)
        let paid = try await shop.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
        return try await shop.ask(Shop.ListUserOrders(userId: "ada"), after: paid)
    }
    return orders
}

// MARK: When a command is refused

/// The fields of an invalid command that the spec's constraints reject.
func rejectedFields(shop: Shop.Application) async throws -> [String] {
    do {
        try await shop.send(Shop.PlaceOrder(userId: "", items: [], totalUSD: 0))
        return []
    } catch let error as CommandValidationError {
        return error.violations.map(\.field)  // every violated constraint: userId, items, totalUSD
    }
}

/// Pays an order twice; returns the error of the second payment.
func payTwice(shop: Shop.Application) async throws -> OrderError? {
    let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
    try await shop.send(place)
    try await shop.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
    do {
        try await shop.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
        return nil
    } catch let error as OrderError {
        return error  // .cannotPay(.paid): your rule's error, unchanged
    }
}

/// Sends the same command twice with one command id; returns both receipts.
func resend(shop: Shop.Application) async throws -> (CommandReceipt, CommandReceipt) {
    let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
    let options = CommandOptions(commandID: UUID())  // e.g. the id of the HTTP request
    let first = try await shop.send(place, options: options)
    let again = try await shop.send(place, options: options)  // again.isDuplicate; nothing appended
    return (first, again)
}

/// Places an order with `sendReturningState`, pays it, and reads it from the write side now and as placed.
func readTheWriteSide(shop: Shop.Application) async throws -> (
    placed: CommandResult<Shop.Order.State>,
    current: VersionedState<Shop.Order.State>?,
    asPlaced: VersionedState<Shop.Order.State>?
) {
    let place = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
    let placed = try await shop.sendReturningState(place)  // placed.state.status == .placed
    try await shop.send(Shop.PayOrder(orderId: place.orderId, amountUSD: 12))
    let current = try await shop.state(of: place.orderId, in: Shop.Order.self)  // version 2, .paid
    let asPlaced = try await shop.state(of: place.orderId, in: Shop.Order.self, asOf: .version(1))  // .placed
    return (placed, current, asPlaced)
}
