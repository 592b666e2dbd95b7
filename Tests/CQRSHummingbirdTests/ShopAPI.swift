import CQRS
import CQRSHummingbird
import CQRSTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// The sales dashboard's custom entries: one row per day of placement.
struct SalesDashboardHandler: Shop.SalesDashboard.Handler {
    func on(
        _ event: Shop.OrderPlaced, _ context: CQRS.EventContext<Shop.Order.ID>,
        rows: CQRS.ProjectionRows<Shop.SalesDashboard>
    ) async throws {
        let day = String(ISO8601DateFormatter().string(from: event.placedAt).prefix(10))
        let updated = try await rows.update(key: [day.columnValue]) { row in
            row.orders += 1
            row.revenueUSD += event.totalUSD
        }
        if !updated {
            try await rows.insert(Shop.SalesDashboard(day: day, orders: 1, revenueUSD: event.totalUSD))
        }
    }

    func on(
        _ event: Shop.OrderCancelled, _ context: CQRS.EventContext<Shop.Order.ID>,
        rows: CQRS.ProjectionRows<Shop.SalesDashboard>
    ) async throws {}
}

/// A sales dashboard whose handler fails on every order, so that its projection fails.
struct FailingSalesDashboard: Shop.SalesDashboard.Handler {
    struct Broken: Error {}

    func on(
        _ event: Shop.OrderPlaced, _ context: CQRS.EventContext<Shop.Order.ID>,
        rows: CQRS.ProjectionRows<Shop.SalesDashboard>
    ) async throws { throw Broken() }

    func on(
        _ event: Shop.OrderCancelled, _ context: CQRS.EventContext<Shop.Order.ID>,
        rows: CQRS.ProjectionRows<Shop.SalesDashboard>
    ) async throws {}
}

/// How the tests answer the shop's own errors: a wrong amount is a 409, the rest the default 422.
extension OrderError: HTTPProblemConvertible {
    public var httpStatus: HTTPResponse.Status { self == .wrongAmount ? .conflict : .unprocessableContent }
    public var problemKind: String { self == .wrongAmount ? "wrong-amount" : "refused" }
}

/// The shop's HTTP API over a fresh store, for one test.
struct ShopAPI: Sendable {
    let shop: Shop.Application
    let options: HTTPOptions
    let authorizer: any HTTPAuthorizer<Shop.HTTP.Operation>

    init(
        _ store: StoreKind = .inMemory,
        options: HTTPOptions = .init(),
        authorizer: any HTTPAuthorizer<Shop.HTTP.Operation> = AllowEveryone<Shop.HTTP.Operation>(),
        salesDashboard: any Shop.SalesDashboard.Handler = SalesDashboardHandler(),
        wrapping: (@Sendable (any EventStore) -> any EventStore)? = nil
    ) async throws {
        var (events, rows) = try await store.makeSharedStores()
        if let wrapping { events = wrapping(events) }
        shop = try Shop.Application(
            eventStore: events, readStore: rows, order: rules, userOrders: UserOrdersHandler(),
            salesDashboard: salesDashboard)
        self.options = options
        self.authorizer = authorizer
    }

    /// Runs `body` with a client of the routes (through the router, no sockets), projections running or not.
    func test<Value: Sendable>(
        projectionsRunning: Bool = true, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let router = Router()
        router.add(middleware: ProblemMiddleware())
        shop.routes(on: router, options: options, authorizer: authorizer)
        let app = Application(router: router)
        if projectionsRunning {
            return try await shop.withProjectionsRunning { try await app.test(.router, body) }
        }
        return try await app.test(.router, body)
    }
}

extension TestClientProtocol {
    /// Sends `json` (a body) with `headers`.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(
            uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}

/// A `PlaceOrder` body.
func placeOrder(id: UUID? = nil, userId: String = "ada", total: String = "12.5") -> String {
    let idMember = id.map { "\"orderId\": \"\($0.uuidString)\", " } ?? ""
    return "{\(idMember)\"userId\": \"\(userId)\", \"items\": [\"book\"], \"totalUSD\": \(total)}"
}
