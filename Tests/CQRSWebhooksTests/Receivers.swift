import AsyncHTTPClient
import CQRS
import CQRSWebhooks
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The shared secret of the tests.
let testSecret = Array("whsec_test_0123456789abcdef0123456789abcdef".utf8)

/// The payload of the tests' events.
struct TestPayload: Codable, Sendable, Hashable {
    var n: Int
}

/// The body of a webhook request, as a receiver decodes it.
struct Envelope: Decodable, Sendable {
    struct Stream: Decodable, Sendable {
        var category: String
        var id: String
    }
    var id: String
    var type: String
    var stream: Stream
    var version: Int64
    var position: Int64
    var recordedAt: String
    var schemaVersion: Int
    var correlationId: String?
    var causationId: String?
    var data: TestPayload
}

/// One request a test receiver got.
struct Delivery: Sendable {
    /// The headers, by lowercase name.
    var headers: [String: String]
    var body: [UInt8]
    /// The body decoded; `nil` when it is not an envelope.
    var envelope: Envelope?
    /// Which attempt of this idempotency key it is at this receiver, from 1.
    var attempt: Int
    /// Whether `WebhookSignature.verify` accepted it.
    var signatureValid: Bool
    /// What the receiver answered.
    var answer: ReceiverAnswer

    var key: String { headers["idempotency-key"] ?? "" }
}

/// What a test receiver does with a request.
enum ReceiverAnswer: Sendable, Equatable {
    /// Answers this status.
    case status(Int)
    /// Waits, then answers this status (longer than the publisher's timeout: a timeout).
    case slow(Duration, status: Int)
    /// Closes the connection without answering (the raw receiver only).
    case drop

    var accepted: Bool {
        switch self {
        case .status(let code), .slow(_, let code): (200..<300).contains(code)
        case .drop: false
        }
    }
}

/// Decides the answer to a delivery from its envelope's position and its attempt number.
typealias AnswerRule = @Sendable (_ position: Int64, _ attempt: Int) -> ReceiverAnswer

/// Every request a receiver got, in order.
final class Inbox: Sendable {
    private let state = Mutex<(attempts: [String: Int], deliveries: [Delivery])>(([:], []))

    /// Records a request, deciding its answer.
    func receive(headers: [String: String], body: [UInt8], rule: AnswerRule) -> Delivery {
        let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(body))
        var signatureValid = true
        do {
            try WebhookSignature.verify(
                body: body, timestamp: headers["cqrs-timestamp"] ?? "",
                signature: headers["cqrs-signature"] ?? "", secret: testSecret)
        } catch {
            signatureValid = false
        }
        return state.withLock { state in
            let key = headers["idempotency-key"] ?? ""
            let attempt = (state.attempts[key] ?? 0) + 1
            state.attempts[key] = attempt
            let answer = rule(envelope?.position ?? 0, attempt)
            let delivery = Delivery(
                headers: headers, body: body, envelope: envelope, attempt: attempt, signatureValid: signatureValid,
                answer: answer)
            state.deliveries.append(delivery)
            return delivery
        }
    }

    var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    /// The deliveries the receiver accepted.
    var accepted: [Delivery] { deliveries.filter(\.answer.accepted) }
}

/// Runs `body` with a Hummingbird receiver listening on 127.0.0.1 (a port of the system's choosing) at
/// `/hooks`, then stops it.
func withHummingbirdReceiver<T: Sendable>(
    rule: @escaping AnswerRule, _ body: (URL, Inbox) async throws -> T
) async throws -> T {
    let inbox = Inbox()
    let router = Router()
    router.post("/hooks") { request, _ -> HTTPResponse.Status in
        let bytes = try await request.body.collect(upTo: 1 << 20)
        let headers = Dictionary(
            request.headers.map { ($0.name.canonicalName, $0.value) }, uniquingKeysWith: { first, _ in first })
        let delivery = inbox.receive(headers: headers, body: Array(buffer: bytes), rule: rule)
        switch delivery.answer {
        case .status(let code):
            return HTTPResponse.Status(code: code)
        case .slow(let wait, let code):
            try await Task.sleep(for: wait)
            return HTTPResponse.Status(code: code)
        case .drop:
            return .internalServerError
        }
    }
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "webhook-receiver")
    logger.logLevel = .warning
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
        logger: logger
    )
    let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }
        do {
            guard let port = await ports.first(where: { _ in true }) else { throw CancellationError() }
            let result = try await body(URL(string: "http://127.0.0.1:\(port)/hooks")!, inbox)
            // A graceful shutdown: requests in flight finish, idle connections close.
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Runs `body` with a bare HTTP/1.1 receiver on NIO, which can do what a Hummingbird route cannot: close
/// the connection after reading a request, without answering.
func withRawReceiver<T: Sendable>(
    rule: @escaping AnswerRule, _ body: (URL, Inbox) async throws -> T
) async throws -> T {
    let inbox = Inbox()
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                try channel.pipeline.syncOperations.addHandler(RawReceiverHandler(inbox: inbox, rule: rule))
            }
        }
        .bind(host: "127.0.0.1", port: 0)
        .get()
    do {
        let port = channel.localAddress?.port ?? 0
        let result = try await body(URL(string: "http://127.0.0.1:\(port)/hooks")!, inbox)
        try await channel.close()
        return result
    } catch {
        try? await channel.close()
        throw error
    }
}

/// Collects a request, then answers it or closes the connection.
private final class RawReceiverHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let inbox: Inbox
    let rule: AnswerRule
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(inbox: Inbox, rule: @escaping AnswerRule) {
        self.inbox = inbox
        self.rule = rule
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let chunk):
            body += chunk.readableBytesView
        case .end:
            guard let head else { return }
            let headers = Dictionary(
                head.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
            let delivery = inbox.receive(headers: headers, body: body, rule: rule)
            switch delivery.answer {
            case .drop:
                context.close(promise: nil)
            case .status(let code), .slow(_, let code):
                var responseHeaders = HTTPHeaders()
                responseHeaders.add(name: "Content-Length", value: "0")
                let status = HTTPResponseStatus(statusCode: code)
                context.write(
                    Self.wrapOutboundOut(
                        .head(HTTPResponseHead(version: head.version, status: status, headers: responseHeaders))),
                    promise: nil)
                context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}

/// A client of the test's own, shut down after `body`, so that no connection outlives the receivers.
func withHTTPClient<T: Sendable>(_ body: (HTTPClient) async throws -> T) async throws -> T {
    let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// Appends `count` events of type `Transfer.TransferRequested`, five to a stream, with payloads
/// `{"n": 0}`, `{"n": 1}`, …; returns their ids in order.
@discardableResult
func appendTransfers(_ count: Int, to store: some EventStore, firstStream: Int = 0) async throws -> [UUID] {
    var ids: [UUID] = []
    var index = 0
    while index < count {
        let events = try (index..<min(index + 5, count)).map { n in
            NewEvent(
                eventType: "Transfer.TransferRequested", schemaVersion: 1,
                payload: try EventPayload.encode(TestPayload(n: n)))
        }
        _ = try await store.append(
            AppendRequest(
                stream: StreamID(category: "Transfer", id: "t\(firstStream + index / 5)"), expectedVersion: .any,
                events: events, commandID: UUID(), correlationID: UUID()))
        ids += events.map(\.eventID)
        index += events.count
    }
    return ids
}
