import CQRS
import CQRSHummingbird
import CQRSTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A bearer token per user; only `admin` may cancel, and a user reads only their own orders.
struct TestAuthorizer: HTTPAuthorizer {
    func identify(_ request: Request, context: some RequestContext) async throws -> HTTPIdentity? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count > 7 else {
            throw HTTPProblem.unauthorized("send `Authorization: Bearer <user>`")
        }
        return HTTPIdentity(subject: String(header.dropFirst(7)))
    }

    func authorize(_ operation: Shop.HTTP.Operation, identity: HTTPIdentity?) async throws {
        switch operation {
        case .cancelOrder where identity?.subject != "admin":
            throw HTTPProblem.forbidden("only an admin cancels orders")
        case .listUserOrders(let query) where identity?.subject != query.userId:
            throw HTTPProblem.forbidden("a user reads their own orders")
        default:
            break
        }
    }
}

@Suite("Authorization")
struct AuthorizerTests {
    @Test("no identity answers 401 with WWW-Authenticate; an operation refused, 403; else it runs as the subject")
    func bearer() async throws {
        let api = try await ShopAPI(authorizer: TestAuthorizer())
        try await api.test { client in
            let anonymous = try await client.send(.post, "/order/place-order", json: placeOrder())
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
            let ada: HTTPFields = [.authorization: "Bearer ada"]
            let id = UUID()
            let placed = try await client.send(.post, "/order/place-order", json: placeOrder(id: id), headers: ada)
            #expect(placed.status == .created)
            let events = try await api.shop.engine.eventStore.readStream(Shop.Order.Definition.streamID(id))
            #expect(events.first?.metadata["subject"] == "ada")
            let cancel = try await client.send(.post, "/order/\(id)/cancel-order", headers: ada)
            #expect(cancel.status == .forbidden)
            let others = try await client.send(.get, "/list-user-orders/bob", headers: ada)
            #expect(others.status == .forbidden)
            let own = try await client.send(.get, "/list-user-orders/ada", headers: ada)
            #expect(own.status == .ok)
            let admin = try await client.send(
                .post, "/order/\(id)/cancel-order", headers: [.authorization: "Bearer admin"])
            #expect(admin.status == .ok)
        }
    }

    @Test("two identities' equal Idempotency-Keys are different commands")
    func keysPerIdentity() async throws {
        let api = try await ShopAPI(authorizer: TestAuthorizer())
        try await api.test { client in
            for user in ["ada", "bob"] {
                let response = try await client.send(
                    .post, "/order/place-order", json: placeOrder(userId: user),
                    headers: [.authorization: "Bearer \(user)", CommandHeaders.idempotencyKey: "same-key"])
                #expect(response.headers[CommandHeaders.idempotentReplayed] == nil)
            }
            #expect(try await api.shop.engine.eventStore.headPosition() == 2)
        }
        #expect(
            try CommandHeaders.commandID(forKey: "k", commandName: "PlaceOrder", subject: "ada")
                == CommandHeaders.commandID(forKey: "\"k\"", commandName: "PlaceOrder", subject: "ada"))
        #expect(
            try CommandHeaders.commandID(forKey: "k", commandName: "PlaceOrder", subject: "ada")
                != CommandHeaders.commandID(forKey: "k", commandName: "PayOrder", subject: "ada"))
    }
}
