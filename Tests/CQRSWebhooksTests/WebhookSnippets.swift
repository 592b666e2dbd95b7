import CQRS
import CQRSWebhooks
import Foundation
import Testing

// The code of Sources/CQRSWebhooks/CQRSWebhooks.docc/CQRSWebhooks.md. Each ```swift block of the article
// appears here verbatim (up to indentation), so that it compiles; DocumentationTests checks that it does.

struct OverviewSnippet {
    struct TransferRequested: Decodable {
        var amountCents: Int
    }

    func makeEngine(store: InMemoryEventStore, readStore: InMemoryReadStore) throws -> Engine {
        let webhooks = WebhookPublisher(
            WebhookConfiguration(
                endpoints: [URL(string: "https://hooks.example.com/transfers")!],
                eventTypes: ["Transfer.TransferRequested"],
                secret: Array("whsec_change_me".utf8),
                filter: { event in
                    // Only large transfers; the payload is the stored JSON, decoded as the user sees fit.
                    let transfer = try? EventPayload.decode(TransferRequested.self, from: event)
                    return (transfer?.amountCents ?? 0) > 1_000_000
                }))
        return try Engine(eventStore: store, readStore: readStore, projections: [], reactions: [webhooks])
    }
}

struct VerifyingSnippet {
    func receive(body: [UInt8], headers: [String: String]) throws -> Bool {
        do {
            try WebhookSignature.verify(
                body: body,
                timestamp: headers["CQRS-Timestamp"] ?? "",
                signature: headers["CQRS-Signature"] ?? "",
                secret: Array("whsec_change_me".utf8),
                tolerance: .seconds(300))
        } catch {
            return false  // answer 401
        }
        // Decode the body, deduplicate by headers["Idempotency-Key"], handle the event.
        return true
    }

    func signedHeaders(body: [UInt8]) -> [String: String] {
        let timestamp = Int64(Date().timeIntervalSince1970)
        return [
            "CQRS-Timestamp": "\(timestamp)",
            "CQRS-Signature": WebhookSignature.sign(
                body: body, timestamp: timestamp, secret: Array("whsec_change_me".utf8)),
        ]
    }
}

@Suite("The article's snippets")
struct WebhookSnippetTests {
    @Test("The receiver snippet accepts what the signing snippet signs, and nothing else")
    func receiverSnippet() throws {
        let body = Array(#"{"id":"x"}"#.utf8)
        let snippet = VerifyingSnippet()
        let headers = snippet.signedHeaders(body: body)
        #expect(try snippet.receive(body: body, headers: headers))
        #expect(try !snippet.receive(body: body + [0x20], headers: headers))
        #expect(try !snippet.receive(body: body, headers: [:]))
    }

    @Test("The filter of the overview passes only large transfers")
    func overviewFilter() async throws {
        let store = InMemoryEventStore()
        let engine = try OverviewSnippet().makeEngine(store: store, readStore: InMemoryReadStore())
        #expect(engine.reactionRunners.map(\.name) == ["Webhooks"])
    }
}
