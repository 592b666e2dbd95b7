import AsyncHTTPClient
import CQRS
import CQRSWebhooks
import Foundation
import MetricsTestKit
import Synchronization
import Testing

/// The publisher against real HTTP receivers on 127.0.0.1: a Hummingbird 2 application, and a bare NIO
/// server that can drop a connection. No assertion depends on timing; the waits are generous.
@Suite("WebhookPublisher", .timeLimit(.minutes(5)))
struct WebhookPublisherTests {
    static let eventType = "Transfer.TransferRequested"

    /// An engine whose only reactions are the publisher (and `others`).
    static func engine(
        store: InMemoryEventStore,
        publisher: WebhookPublisher,
        others: [any EventReaction] = [],
        maxAttempts: Int,
        metrics: TestMetrics
    ) throws -> Engine {
        try Engine(
            eventStore: store, readStore: InMemoryReadStore(), projections: [],
            reactions: [publisher as any EventReaction] + others,
            configuration: EngineConfiguration(
                reactions: ReactionConfiguration(
                    maxAttempts: maxAttempts, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(50),
                    metricsFactory: metrics)))
    }

    /// Waits until `condition` holds (polling); `false` when `timeout` passes first.
    static func eventually(timeout: Duration = .seconds(30), _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try condition()
    }

    static func counter(_ metrics: TestMetrics, _ label: String, reaction: String = "Webhooks") throws -> Int64 {
        try metrics.expectCounter(label, [("reaction", reaction)]).totalValue
    }

    @Test(
        "200 events through 503s, timeouts and dropped connections: each reaches both endpoints, signed, once after deduplication"
    )
    func faults() async throws {
        // Hummingbird: the first attempt of every 5th position is answered 503, and of every 25th (from 3)
        // only after the publisher's timeout. The raw receiver drops the first attempt of every 7th.
        let hummingbirdRule: AnswerRule = { position, attempt in
            guard attempt == 1 else { return .status(200) }
            if position % 5 == 0 { return .status(503) }
            if position % 25 == 3 { return .slow(.seconds(3), status: 200) }
            return .status(200)
        }
        let rawRule: AnswerRule = { position, attempt in attempt == 1 && position % 7 == 0 ? .drop : .status(200) }
        let metrics = TestMetrics()
        try await withHTTPClient { client in
            try await withHummingbirdReceiver(rule: hummingbirdRule) { hooks, inbox in
                try await withRawReceiver(rule: rawRule) { raw, rawInbox in
                    let store = InMemoryEventStore()
                    let ids = try await appendTransfers(200, to: store)
                    let publisher = WebhookPublisher(
                        WebhookConfiguration(
                            endpoints: [hooks, raw], eventTypes: [Self.eventType], secret: testSecret,
                            start: .beginning, timeout: .seconds(1), client: client))
                    let engine = try Self.engine(store: store, publisher: publisher, maxAttempts: 20, metrics: metrics)
                    try await engine.withProjectionsRunning {
                        try await engine.waitUntilSettled(timeout: .seconds(120))
                        #expect(try await Self.eventually { try engine.status(ofReaction: "Webhooks") == .live })
                    }

                    let expected = Set(ids.map { $0.uuidString.lowercased() })
                    for (name, receiver) in [("hummingbird", inbox), ("raw", rawInbox)] {
                        let deliveries = receiver.deliveries
                        let accepted = receiver.accepted
                        #expect(Set(accepted.map(\.key)) == expected, "\(name): every event accepted")
                        #expect(accepted.count >= 200, "\(name)")
                        #expect(deliveries.count > 200, "\(name): retries reached the receiver")
                        #expect(deliveries.allSatisfy { $0.signatureValid }, "\(name): every request signed")
                        #expect(deliveries.allSatisfy { $0.headers["cqrs-event-id"] == $0.key }, "\(name)")
                        #expect(deliveries.allSatisfy { $0.envelope?.id == $0.key }, "\(name)")
                        let positions = accepted.compactMap { $0.envelope?.position }
                        #expect(positions == positions.sorted(), "\(name): in log order")
                    }
                    // Every fault was retried: 40 503s and 8 timeouts at Hummingbird, 28 dropped connections
                    // at the raw receiver; an event that failed at both (positions 28, 35, 70, 105, 140, 175)
                    // is retried once for both. Endpoints that accepted are not sent a retry.
                    #expect(inbox.deliveries.count >= 200 + 40 + 8)
                    #expect(rawInbox.deliveries.count >= 200 + 28)
                    #expect(try Self.counter(metrics, "cqrs_reaction_retries_total") >= 40 + 8 + 28 - 6)
                    #expect(try Self.counter(metrics, "cqrs_reaction_events_delivered_total") == 200)
                    #expect(try Self.counter(metrics, "cqrs_reaction_refusals_total") == 0)
                }
            }
        }
    }

    @Test("A 4xx refuses that event only: it is not retried, the others arrive, the reaction stays live")
    func clientErrorSkipsTheEvent() async throws {
        let metrics = TestMetrics()
        try await withHTTPClient { client in
            try await withHummingbirdReceiver(rule: { position, _ in position == 3 ? .status(400) : .status(200) }) {
                hooks, inbox in
                let store = InMemoryEventStore()
                let ids = try await appendTransfers(10, to: store)
                let publisher = WebhookPublisher(
                    WebhookConfiguration(
                        endpoints: [hooks], eventTypes: [Self.eventType], secret: testSecret, start: .beginning,
                        client: client))
                let engine = try Self.engine(store: store, publisher: publisher, maxAttempts: 5, metrics: metrics)
                try await engine.withProjectionsRunning {
                    try await engine.waitUntilSettled(timeout: .seconds(30))
                    #expect(try await Self.eventually { try engine.status(ofReaction: "Webhooks") == .live })
                }
                let refused = try #require(inbox.deliveries.first { $0.envelope?.position == 3 })
                #expect(inbox.deliveries.filter { $0.key == refused.key }.count == 1, "a 4xx is not retried")
                let expected = Set(ids.map { $0.uuidString.lowercased() }).subtracting([refused.key])
                #expect(Set(inbox.accepted.map(\.key)) == expected)
                #expect(inbox.deliveries.count == 10)
                #expect(try Self.counter(metrics, "cqrs_reaction_refusals_total") == 1)
                #expect(try Self.counter(metrics, "cqrs_reaction_retries_total") == 0)
                #expect(try Self.counter(metrics, "cqrs_reaction_events_delivered_total") == 10)
            }
        }
    }

    @Test("408 and 429 are retried, like a 5xx")
    func timeoutAndTooManyRequestsAreRetried() async throws {
        let metrics = TestMetrics()
        try await withHTTPClient { client in
            let rule: AnswerRule = { position, attempt in
                guard attempt == 1 else { return .status(204) }
                return position == 1 ? .status(408) : position == 2 ? .status(429) : .status(204)
            }
            try await withHummingbirdReceiver(rule: rule) { hooks, inbox in
                let store = InMemoryEventStore()
                let ids = try await appendTransfers(3, to: store)
                let publisher = WebhookPublisher(
                    WebhookConfiguration(
                        endpoints: [hooks], eventTypes: [Self.eventType], secret: testSecret, start: .beginning,
                        client: client))
                let engine = try Self.engine(store: store, publisher: publisher, maxAttempts: 5, metrics: metrics)
                try await engine.withProjectionsRunning {
                    try await engine.waitUntilSettled(timeout: .seconds(30))
                }
                #expect(Set(inbox.accepted.map(\.key)) == Set(ids.map { $0.uuidString.lowercased() }))
                #expect(inbox.deliveries.count == 5)
                #expect(try Self.counter(metrics, "cqrs_reaction_retries_total") == 2)
                #expect(try Self.counter(metrics, "cqrs_reaction_refusals_total") == 0)
            }
        }
    }

    @Test(
        "A receiver that keeps answering 500 stops the reaction, failed on that event; the rest of the engine goes on")
    func persistentServerErrorFailsTheReaction() async throws {
        let metrics = TestMetrics()
        let healthy = Flag()
        let recorder = Recorder()
        try await withHTTPClient { client in
            try await withHummingbirdReceiver(rule: { _, _ in healthy.isSet ? .status(200) : .status(500) }) {
                hooks, inbox in
                let store = InMemoryEventStore()
                let ids = try await appendTransfers(5, to: store)
                let publisher = WebhookPublisher(
                    WebhookConfiguration(
                        endpoints: [hooks], eventTypes: [Self.eventType], secret: testSecret, start: .beginning,
                        client: client))
                let engine = try Self.engine(
                    store: store, publisher: publisher, others: [recorder], maxAttempts: 3, metrics: metrics)
                try await engine.withProjectionsRunning {
                    let head = try await store.headPosition()
                    await #expect(throws: ReactionFailure.self) {
                        try await engine.waitUntil(reaction: "Webhooks", hasProcessed: head, timeout: .seconds(30))
                    }
                    guard case .failed(let failure) = try engine.status(ofReaction: "Webhooks") else {
                        Issue.record("the reaction should have failed: \(try engine.status(ofReaction: "Webhooks"))")
                        return
                    }
                    #expect(failure.position == 1)
                    #expect(failure.eventType == Self.eventType)
                    #expect(failure.eventID == ids[0])
                    #expect(failure.attempts == 3)
                    let error = try #require(failure.underlyingError as? WebhookDeliveryError)
                    #expect(error.eventID == ids[0])
                    #expect(error.endpoint == hooks)
                    guard case .status(500, _) = error.reason else {
                        Issue.record("unexpected reason \(error.reason)")
                        return
                    }
                    #expect(inbox.deliveries.count == 3)
                    #expect(inbox.deliveries.allSatisfy { $0.key == ids[0].uuidString.lowercased() })

                    // The other reaction goes on, and the log keeps growing.
                    let more = try await appendTransfers(5, to: store, firstStream: 1)
                    let newHead = try await store.headPosition()
                    try await engine.waitUntil(reaction: "Recorder", hasProcessed: newHead, timeout: .seconds(30))
                    #expect(recorder.seen == ids + more)
                    #expect(try await Self.eventually { try engine.status(ofReaction: "Recorder") == .live })
                    #expect(try engine.status(ofReaction: "Webhooks") == .failed(failure))

                    // Once the receiver is back, a resume publishes everything from the failed event on.
                    healthy.set()
                    try engine.reactionRunner("Webhooks").resume()
                    try await engine.waitUntilSettled(timeout: .seconds(30))
                    #expect(Set(inbox.accepted.map(\.key)) == Set((ids + more).map { $0.uuidString.lowercased() }))
                }
                #expect(try Self.counter(metrics, "cqrs_reaction_failures_total") == 1)
            }
        }
    }

    @Test("The filter passes events over without a request; the checkpoint still moves")
    func filter() async throws {
        let metrics = TestMetrics()
        try await withHTTPClient { client in
            try await withHummingbirdReceiver(rule: { _, _ in .status(200) }) { hooks, inbox in
                let store = InMemoryEventStore()
                let ids = try await appendTransfers(10, to: store)
                let publisher = WebhookPublisher(
                    WebhookConfiguration(
                        endpoints: [hooks], eventTypes: [Self.eventType], secret: testSecret, start: .beginning,
                        client: client,
                        filter: { event in
                            let payload = try? EventPayload.decode(TestPayload.self, from: event)
                            return (payload?.n ?? 0) >= 7
                        }))
                let engine = try Self.engine(store: store, publisher: publisher, maxAttempts: 5, metrics: metrics)
                try await engine.withProjectionsRunning {
                    try await engine.waitUntilSettled(timeout: .seconds(30))
                }
                #expect(inbox.deliveries.map(\.key) == ids[7...].map { $0.uuidString.lowercased() })
                #expect(inbox.deliveries.compactMap { $0.envelope?.data.n } == [7, 8, 9])
            }
        }
    }

    @Test("A request carries the documented headers, and the body embeds the stored payload verbatim")
    func headersAndBody() async throws {
        let metrics = TestMetrics()
        let delivery = try await withHTTPClient { client in
            try await withHummingbirdReceiver(rule: { _, _ in .status(200) }) { hooks, inbox in
                let store = InMemoryEventStore()
                try await appendTransfers(1, to: store)
                let publisher = WebhookPublisher(
                    WebhookConfiguration(
                        endpoints: [hooks], eventTypes: [Self.eventType], secret: testSecret, start: .beginning,
                        client: client))
                let engine = try Self.engine(store: store, publisher: publisher, maxAttempts: 5, metrics: metrics)
                try await engine.withProjectionsRunning {
                    try await engine.waitUntilSettled(timeout: .seconds(30))
                }
                return try #require(inbox.deliveries.first)
            }
        }
        #expect(delivery.headers["content-type"] == "application/json")
        #expect(delivery.headers["idempotency-key"] == delivery.headers["cqrs-event-id"])
        let timestamp = try #require(delivery.headers["cqrs-timestamp"].flatMap { Int64($0) })
        #expect(abs(Double(timestamp) - Date().timeIntervalSince1970) < 3600)
        let signature = try #require(delivery.headers["cqrs-signature"])
        #expect(signature == WebhookSignature.sign(body: delivery.body, timestamp: timestamp, secret: testSecret))

        let envelope = try #require(delivery.envelope)
        #expect(envelope.type == Self.eventType)
        #expect(envelope.stream.category == "Transfer" && envelope.stream.id == "t0")
        #expect(envelope.version == 1 && envelope.position == 1 && envelope.schemaVersion == 1)
        #expect(envelope.correlationId != nil && envelope.causationId != nil)
        #expect(envelope.data == TestPayload(n: 0))
        #expect(try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(envelope.recordedAt) <= Date())
        #expect(envelope.recordedAt.contains("."), "fractional seconds")
        let payload = try EventPayload.encode(TestPayload(n: 0))
        let tail: [UInt8] = Array(#""data":"#.utf8) + Array(payload) + Array("}".utf8)
        #expect(Array(delivery.body.suffix(tail.count)) == tail)

        // The receiver's side: the publisher's header verifies; a changed body, another secret, or a
        // time far from the timestamp do not.
        let now = Date(timeIntervalSince1970: TimeInterval(timestamp))
        let verify = { (body: [UInt8], secret: [UInt8], now: Date) throws(WebhookSignatureError) in
            try WebhookSignature.verify(
                body: body, timestamp: "\(timestamp)", signature: signature, secret: secret, now: now)
        }
        try verify(delivery.body, testSecret, now)
        #expect(throws: WebhookSignatureError.mismatch) {
            try verify(
                Array(String(decoding: delivery.body, as: UTF8.self).replacing("\"n\":0", with: "\"n\":1").utf8),
                testSecret, now)
        }
        #expect(throws: WebhookSignatureError.mismatch) {
            try verify(delivery.body, Array("another secret".utf8), now)
        }
        #expect(throws: WebhookSignatureError.timestampOutsideTolerance(timestamp)) {
            try verify(delivery.body, testSecret, now.addingTimeInterval(301))
        }
    }
}

/// A reaction that only records the events it is given.
final class Recorder: EventReaction, Sendable {
    typealias Command = NoCommand
    private let events = Mutex<[UUID]>([])

    var name: String { "Recorder" }
    var eventTypes: Set<String> { [WebhookPublisherTests.eventType] }
    var start: ReactionStart { .beginning }
    var seen: [UUID] { events.withLock { $0 } }

    func react(to event: RecordedEvent) async throws -> [NoCommand] {
        events.withLock { $0.append(event.eventID) }
        return []
    }
}

/// A switch tests flip while a receiver reads it.
final class Flag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}
