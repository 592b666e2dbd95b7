import CQRS
import CQRSHummingbird
import CQRSTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Query routes")
struct QueryRouteTests {
    @Test("a query by key answers its row after Consistent-After, or 404")
    func byKey() async throws {
        let api = try await ShopAPI()
        try await api.test { client in
            let id = UUID()
            let placed = try await client.send(.post, "/order/place-order", json: placeOrder(id: id, total: "12.5"))
            let token = try #require(placed.headers[CommandHeaders.consistencyToken])
            let row = try await client.send(
                .get, "/get-order/\(id)", headers: [CommandHeaders.consistentAfter: token])
            #expect(row.status == .ok)
            #expect(row.json["orderId"] as? String == id.uuidString)
            #expect(row.json["totalUSD"] as? Double == 12.5)
            #expect(row.json["status"] as? String == "placed")
            let missing = try await client.send(.get, "/get-order/\(UUID())")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/problem+json")
            let lowercase = try await client.send(
                .get, "/get-order/\(id.uuidString.lowercased())", headers: [CommandHeaders.consistentAfter: token])
            #expect(lowercase.status == .ok)
        }
    }

    @Test("a paged query answers rows and a cursor; pageSize outside 1…maximum, or a bad cursor, answers 400")
    func paged() async throws {
        let api = try await ShopAPI(options: HTTPOptions(maximumPageSize: 50))
        try await api.test { client in
            var token = "0"
            for _ in 0..<3 {
                let placed = try await client.send(.post, "/order/place-order", json: placeOrder(userId: "ada"))
                token = placed.headers[CommandHeaders.consistencyToken] ?? token
            }
            let first = try await client.send(
                .get, "/list-user-orders/ada?pageSize=2", headers: [CommandHeaders.consistentAfter: token])
            #expect(first.status == .ok)
            #expect((first.json["rows"] as? [Any])?.count == 2)
            let cursor = try #require(first.json["nextCursor"] as? String)
            let second = try await client.send(.get, "/list-user-orders/ada?pageSize=2&cursor=\(cursor)")
            #expect((second.json["rows"] as? [Any])?.count == 1)
            #expect(second.json["nextCursor"] == nil)
            for query in ["pageSize=0", "pageSize=51", "pageSize=two", "cursor=nonsense", "pageSize=1&pageSize=2"] {
                let response = try await client.send(.get, "/list-user-orders/ada?\(query)")
                #expect(response.status == .badRequest, "\(query): \(response.text)")
            }
            let everyone = try await client.send(.get, "/list-user-orders/nobody")
            #expect((everyone.json["rows"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("Consistent-After beyond the log answers 400; a wait that times out, 503 with Retry-After")
    func consistency() async throws {
        let api = try await ShopAPI(
            options: HTTPOptions(consistencyTimeout: .milliseconds(100), retryAfter: .seconds(2)))
        try await api.test(projectionsRunning: false) { client in
            let placed = try await client.send(.post, "/order/place-order", json: placeOrder())
            let token = try #require(placed.headers[CommandHeaders.consistencyToken])
            let ahead = try await client.send(
                .get, "/list-user-orders/ada", headers: [CommandHeaders.consistentAfter: "99"])
            #expect(ahead.status == .badRequest)
            let malformed = try await client.send(
                .get, "/list-user-orders/ada", headers: [CommandHeaders.consistentAfter: "x"])
            #expect(malformed.status == .badRequest)
            let waiting = try await client.send(
                .get, "/list-user-orders/ada", headers: [CommandHeaders.consistentAfter: token])
            #expect(waiting.status == .serviceUnavailable)
            #expect(waiting.headers[.retryAfter] == "2")
            #expect(waiting.headers[.contentType] == "application/problem+json")
        }
    }

    @Test("a query of a failed projection, sent with Consistent-After, answers 503 with Retry-After")
    func failedProjection() async throws {
        let api = try await ShopAPI(salesDashboard: FailingSalesDashboard())
        try await api.test { client in
            let placed = try await client.send(.post, "/order/place-order", json: placeOrder())
            let token = try #require(placed.headers[CommandHeaders.consistencyToken])
            let response = try await client.send(
                .get, "/get-daily-sales/2024-05-01", headers: [CommandHeaders.consistentAfter: token])
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "1")
            #expect((response.json["detail"] as? String)?.contains("SalesDashboard") == true)
        }
    }
}

@Suite("The OpenAPI document")
struct OpenAPIRouteTests {
    @Test("/openapi.json serves the generated document, which names every route")
    func served() async throws {
        let api = try await ShopAPI()
        try await api.test(projectionsRunning: false) { client in
            let response = try await client.send(.get, "/openapi.json")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.text == Shop.HTTP.openAPIDocument)
            let paths = response.json["paths"] as? [String: Any] ?? [:]
            #expect(
                paths.keys.sorted() == [
                    "/get-daily-sales/{day}", "/get-order/{orderId}", "/list-user-orders/{userId}", "/openapi.json",
                    "/order/place-order", "/order/{orderId}/cancel-order", "/order/{orderId}/pay-order",
                ])
        }
    }
}
