import CQRS
import CQRSHummingbird
import CQRSTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@Suite("Command routes")
struct CommandRouteTests {
    @Test("a creating command answers 201 with its receipt, ETag and Consistency-Token")
    func created() async throws {
        let api = try await ShopAPI()
        try await api.test { client in
            let id = UUID()
            let response = try await client.send(.post, "/order/place-order", json: placeOrder(id: id))
            #expect(response.status == .created)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.headers[.eTag] == "\"1\"")
            #expect(response.headers[CommandHeaders.consistencyToken] == "1")
            #expect(response.headers[CommandHeaders.idempotentReplayed] == nil)
            #expect(response.json["orderId"] as? String == id.uuidString)
            #expect(response.json["version"] as? Int == 1)
            #expect(response.json["eventCount"] as? Int == 1)
            // Without an id, a UUID is made for it.
            let generated = try await client.send(.post, "/order/place-order", json: placeOrder())
            #expect(generated.status == .created)
            #expect(UUID(uuidString: generated.json["orderId"] as? String ?? "") != nil)
        }
    }

    @Test("a command on a stream answers 200; If-Match of a moved stream answers 412, of the current one 200")
    func ifMatch() async throws {
        let api = try await ShopAPI()
        try await api.test { client in
            let id = UUID()
            try await client.send(.post, "/order/place-order", json: placeOrder(id: id, total: "10"))
            let stale = try await client.send(
                .post, "/order/\(id)/pay-order", json: #"{"amountUSD": 10}"#, headers: [.ifMatch: "\"2\""])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.headers[.contentType] == "application/problem+json")
            #expect(stale.json["type"] as? String == "urn:cqrs:problem:precondition-failed")
            #expect(stale.json["status"] as? Int == 412)
            let paid = try await client.send(
                .post, "/order/\(id)/pay-order", json: #"{"amountUSD": 10}"#, headers: [.ifMatch: "\"1\""])
            #expect(paid.status == .ok)
            #expect(paid.headers[.eTag] == "\"2\"")
            let malformed = try await client.send(
                .post, "/order/\(id)/cancel-order", json: "{}", headers: [.ifMatch: "W/\"2\""])
            #expect(malformed.status == .badRequest)
            #expect(malformed.json["parameter"] as? String == "If-Match")
        }
    }

    @Test("a creating command on a stream that exists answers 409; with If-None-Match: *, 412")
    func streamExists() async throws {
        let api = try await ShopAPI()
        try await api.test { client in
            let id = UUID()
            try await client.send(.post, "/order/place-order", json: placeOrder(id: id))
            let again = try await client.send(.post, "/order/place-order", json: placeOrder(id: id))
            #expect(again.status == .conflict)
            #expect(again.json["type"] as? String == "urn:cqrs:problem:stream-already-exists")
            let guarded = try await client.send(
                .post, "/order/place-order", json: placeOrder(id: id), headers: [.ifNoneMatch: "*"])
            #expect(guarded.status == .preconditionFailed)
            // If-Match on a stream that does not exist fails the precondition too.
            let missing = try await client.send(
                .post, "/order/\(UUID())/pay-order", json: #"{"amountUSD": 1}"#, headers: [.ifMatch: "\"1\""])
            #expect(missing.status == .preconditionFailed)
            // A precondition that holds leaves the command's own answer: a stream that exists despite
            // If-Match is 409, one that does not exist despite If-None-Match is 404.
            let created = try await client.send(
                .post, "/order/place-order", json: placeOrder(id: id), headers: [.ifMatch: "\"1\""])
            #expect(created.status == .conflict)
            let absent = try await client.send(
                .post, "/order/\(UUID())/pay-order", json: #"{"amountUSD": 1}"#, headers: [.ifNoneMatch: "*"])
            #expect(absent.status == .notFound)
        }
    }

    @Test("a conflict the processor cannot retry away answers 409; with If-Match, 412 at once")
    func concurrencyConflict() async throws {
        let spy = Mutex<SpyEventStore?>(nil)
        let api = try await ShopAPI(wrapping: { inner in
            let store = SpyEventStore(inner)
            spy.withLock { $0 = store }
            return store
        })
        let store = try #require(spy.withLock { $0 })
        try await api.test { client in
            let id = UUID()
            try await client.send(.post, "/order/place-order", json: placeOrder(id: id, total: "10"))
            store.injectConflicts(1_000)
            let conflict = try await client.send(.post, "/order/\(id)/pay-order", json: #"{"amountUSD": 10}"#)
            #expect(conflict.status == .conflict)
            #expect(conflict.json["type"] as? String == "urn:cqrs:problem:concurrency-conflict")
            let version = try await api.shop.engine.eventStore.readStream(Shop.Order.Definition.streamID(id)).count
            let guarded = try await client.send(
                .post, "/order/\(id)/pay-order", json: #"{"amountUSD": 10}"#, headers: [.ifMatch: "\"\(version)\""])
            #expect(guarded.status == .preconditionFailed)
            store.injectConflicts(0)
        }
    }

    @Test("a command on no stream answers 404")
    func notFound() async throws {
        let api = try await ShopAPI()
        try await api.test { client in
            let response = try await client.send(.post, "/order/\(UUID())/pay-order", json: #"{"amountUSD": 1}"#)
            #expect(response.status == .notFound)
            #expect(response.json["type"] as? String == "urn:cqrs:problem:stream-not-found")
            let noRoute = try await client.send(.get, "/no/such/route")
            #expect(noRoute.status == .notFound)
            #expect(noRoute.headers[.contentType] == "application/problem+json")
        }
    }

    @Test("constraint violations answer 422, each by field; decide's errors 422 or the status they choose")
    func unprocessable() async throws {
        let api = try await ShopAPI()
        try await api.test { client in
            let invalid = try await client.send(
                .post, "/order/place-order", json: #"{"userId": "", "items": [], "totalUSD": 0}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.json["type"] as? String == "urn:cqrs:problem:invalid-command")
            let errors = invalid.json["errors"] as? [[String: Any]] ?? []
            #expect(errors.compactMap { $0["pointer"] as? String } == ["/userId", "/items", "/totalUSD"])
            #expect(errors.compactMap { $0["constraint"] as? String } == ["minLength", "minItems", "exclusiveMinimum"])

            let id = UUID()
            try await client.send(.post, "/order/place-order", json: placeOrder(id: id, total: "10"))
            let wrongAmount = try await client.send(.post, "/order/\(id)/pay-order", json: #"{"amountUSD": 3}"#)
            #expect(wrongAmount.status == .conflict)
            #expect(wrongAmount.json["type"] as? String == "urn:cqrs:problem:wrong-amount")
            try await client.send(.post, "/order/\(id)/cancel-order", json: #"{"reason": "changed my mind"}"#)
            let cancelled = try await client.send(.post, "/order/\(id)/cancel-order")
            #expect(cancelled.status == .unprocessableContent)
            #expect(cancelled.json["type"] as? String == "urn:cqrs:problem:refused")
        }
    }

    @Test("a body that is not the command answers 400 with the JSON pointer of its first problem")
    func badRequest() async throws {
        let api = try await ShopAPI(options: HTTPOptions(maximumJSONDepth: 4))
        try await api.test { client in
            let cases: [(String, String, String)] = [
                (#"{"userId": "ada", "items": ["a"], "totalUSD": "ten"}"#, "/totalUSD", "totalUSD"),
                (#"{"userId": "ada", "items": ["a", 2], "totalUSD": 1}"#, "/items/1", "items"),
                (#"{"userId": "ada", "items": ["a"]}"#, "/totalUSD", "missing member 'totalUSD'"),
                (#"{"userId": "ada", "items": ["a"], "totalUSD": 1, "total": 1}"#, "/total", "unknown member 'total'"),
                (#"{"userId": "ada", "userId": "bob", "items": ["a"], "totalUSD": 1}"#, "/userId", "given twice"),
                (#"{"userId": "ada", "#, "", "not JSON"),
                (#"[1, 2]"#, "", "a JSON object"),
                (#"{"userId": [[[[["deep"]]]]]}"#, "", "nested too deeply"),
            ]
            for (body, pointer, detail) in cases {
                let response = try await client.send(.post, "/order/place-order", json: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.json["pointer"] as? String == pointer, "\(body): \(response.text)")
                #expect((response.json["detail"] as? String ?? "").contains(detail), "\(body): \(response.text)")
            }
            let badID = try await client.send(.post, "/order/not-a-uuid/pay-order", json: #"{"amountUSD": 1}"#)
            #expect(badID.status == .badRequest)
            #expect(badID.json["parameter"] as? String == "orderId")
        }
    }

    @Test("a body over the limit answers 413; one that is not JSON, 415")
    func sizeAndMediaType() async throws {
        let api = try await ShopAPI(options: HTTPOptions(maximumBodySize: 64))
        try await api.test { client in
            let large = try await client.send(
                .post, "/order/place-order", json: placeOrder(userId: String(repeating: "a", count: 100)))
            #expect(large.status == .contentTooLarge)
            #expect(large.headers[.contentType] == "application/problem+json")
            let text = try await client.send(
                .post, "/order/place-order", json: placeOrder(), headers: [.contentType: "text/plain"])
            #expect(text.status == .unsupportedMediaType)
        }
    }

    @Test("a resend with the same Idempotency-Key gets the first response and appends nothing")
    func idempotencyKey() async throws {
        let api = try await ShopAPI()
        try await api.test { client in
            let key: HTTPFields = [CommandHeaders.idempotencyKey: "order-1"]
            let first = try await client.send(.post, "/order/place-order", json: placeOrder(), headers: key)
            let second = try await client.send(.post, "/order/place-order", json: placeOrder(), headers: key)
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(second.text == first.text)
            #expect(second.headers[CommandHeaders.idempotentReplayed] == "true")
            #expect(try await api.shop.engine.eventStore.headPosition() == 1)
            let badKey = try await client.send(
                .post, "/order/place-order", json: placeOrder(), headers: [CommandHeaders.idempotencyKey: "a b"])
            #expect(badKey.status == .badRequest)
        }
    }

    @Test("the same Idempotency-Key sent concurrently appends once", arguments: StoreKind.tested)
    func concurrentResends(store: StoreKind) async throws {
        let api = try await ShopAPI(store)
        try await api.test { client in
            let id = UUID()
            let key: HTTPFields = [CommandHeaders.idempotencyKey: "\"\(UUID())\""]
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await client.send(.post, "/order/place-order", json: placeOrder(id: id), headers: key)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(responses.map(\.text)).count == 1)
            #expect(responses.allSatisfy { $0.status == .created })
            #expect(responses.filter { $0.headers[CommandHeaders.idempotentReplayed] == nil }.count == 1)
            let stream = try await api.shop.engine.eventStore.readStream(
                Shop.Order.Definition.streamID(id), from: 0)
            #expect(stream.count == 1)
        }
    }
}
