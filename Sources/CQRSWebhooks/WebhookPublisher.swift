import AsyncHTTPClient
import CQRS
import Foundation
import NIOCore
import Synchronization

/// A reaction that POSTs events to HTTP endpoints, signed: the event log is the outbox, and the
/// reaction's checkpoint says how far it has been published.
///
/// Each event of ``WebhookConfiguration/eventTypes`` (that ``WebhookConfiguration/filter`` lets through)
/// is sent to every endpoint of ``WebhookConfiguration/endpoints``, one after the other, as a JSON object
/// (``body(for:)``) with the headers `Content-Type: application/json`, `Idempotency-Key` and `CQRS-Event-Id`
/// (the event id), `CQRS-Timestamp` (seconds since 1970) and `CQRS-Signature`
/// (``WebhookSignature``). The event is done when every endpoint has answered it:
///
/// - 2xx: accepted.
/// - 4xx other than 408 and 429: refused. Retrying cannot help, so `react(to:)` throws
///   `ReactionRefusal`: the runner logs and counts it (`cqrs_reaction_refusals_total`) and goes on
///   with the next event.
/// - 5xx, 408, 429, another status, a timeout, a connection error: `react(to:)` throws
///   ``WebhookDeliveryError`` and the runner retries the event with backoff
///   (`ReactionConfiguration`); once the attempts run out the reaction stops in
///   `ReactionStatus.failed(_:)` on that event, and `ReactionRunner.resume()` tries again.
///
/// The publisher does not retry within a delivery: the runner owns retries, so its status and metrics
/// tell the truth. When a retry comes, endpoints that already answered the event are not sent it again
/// (within this process). Delivery is at least once: after a crash, or a timeout after the receiver had
/// in fact accepted, an endpoint gets the event again with the same `Idempotency-Key`, which receivers
/// deduplicate by.
///
/// ```swift
/// let publisher = WebhookPublisher(
///     WebhookConfiguration(
///         endpoints: [URL(string: "https://hooks.example.com/transfers")!],
///         eventTypes: ["Transfer.TransferRequested"], secret: Array("whsec_change_me".utf8)))
/// let engine = try Engine(eventStore: store, readStore: readStore, projections: [], reactions: [publisher])
/// ```
public struct WebhookPublisher: EventReaction {
    /// A publisher only calls out.
    public typealias Command = NoCommand

    /// Responses' bodies are read (so that the connection can carry the next request) up to this many
    /// bytes; a longer one closes the connection instead.
    static let maxResponseBody = 64 * 1024
    /// How much of a response's body an error quotes.
    static let quotedResponseBody = 512

    /// What it publishes, where, and how it signs.
    public let configuration: WebhookConfiguration
    /// Which endpoints have answered the event being delivered, across the runner's retries.
    private let progress = DeliveryProgress()

    /// Creates a publisher; hand it to an `Engine` among its reactions.
    public init(_ configuration: WebhookConfiguration) {
        self.configuration = configuration
    }

    /// The configuration's name.
    public var name: String { configuration.name }
    /// The configuration's event types.
    public var eventTypes: Set<String> { configuration.eventTypes }
    /// The configuration's start.
    public var start: ReactionStart { configuration.start }

    /// Sends the event to every endpoint that has not answered it yet.
    ///
    /// - Throws: ``WebhookDeliveryError`` (retried by the runner) when an endpoint failed in a way a retry
    ///   may fix; `ReactionRefusal` when every endpoint answered and one refused (4xx).
    public func react(to event: RecordedEvent) async throws -> [NoCommand] {
        if let filter = configuration.filter, !filter(event) { return [] }
        let body = Self.body(for: event)
        var answered = progress.answers(for: event.eventID)
        var retryable: WebhookDeliveryError?
        for (index, endpoint) in configuration.endpoints.enumerated() where answered[index] == nil {
            switch try await post(body, of: event, to: endpoint) {
            case .answered(let refusal):
                answered[index] = .some(refusal)
                progress.record(answered, for: event.eventID)
            case .failed(let error):
                retryable = retryable ?? error
            }
        }
        if let retryable { throw retryable }
        progress.forget(event.eventID)
        let refusals = configuration.endpoints.indices.compactMap { answered[$0] ?? nil }
        if !refusals.isEmpty { throw ReactionRefusal(refusals.joined(separator: "; ")) }
        return []
    }

    /// An endpoint's answer to one request.
    private enum Outcome {
        /// Accepted (`nil`) or refused, with the reason.
        case answered(String?)
        /// Worth retrying.
        case failed(WebhookDeliveryError)
    }

    /// POSTs the body to one endpoint.
    private func post(_ body: [UInt8], of event: RecordedEvent, to endpoint: URL) async throws -> Outcome {
        let eventID = event.eventID.uuidString.lowercased()
        let timestamp = Int64(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "swift-cqrs-webhooks")
        request.headers.add(name: "Idempotency-Key", value: eventID)
        request.headers.add(name: "CQRS-Event-Id", value: eventID)
        request.headers.add(name: "CQRS-Timestamp", value: "\(timestamp)")
        request.headers.add(
            name: "CQRS-Signature",
            value: WebhookSignature.sign(
                body: body, timestamp: timestamp, secret: configuration.secret)
        )
        request.body = .bytes(ByteBuffer(bytes: body))
        let failure = { (reason: WebhookDeliveryError.Reason) in
            Outcome.failed(WebhookDeliveryError(endpoint: endpoint, eventID: event.eventID, reason: reason))
        }
        let response: HTTPClientResponse
        do {
            response = try await configuration.client.execute(request, timeout: Self.timeAmount(configuration.timeout))
        } catch {
            try Task.checkCancellation()
            if let error = error as? HTTPClientError,
                [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error)
            {
                return failure(.timedOut(configuration.timeout))
            }
            return failure(.transport("\(error)"))
        }
        // The status decides; a body cut short changes nothing (but a cancellation still stops).
        let quoted = try await Self.drain(response.body)
        let code = Int(response.status.code)
        switch code {
        case 200..<300:
            return .answered(nil)
        case 408, 429:
            return failure(.status(code, body: quoted))
        case 400..<500:
            return .answered(
                "\(endpoint.absoluteString) refused the event: HTTP \(code)\(quoted.isEmpty ? "" : ": ")\(quoted)")
        default:
            return failure(.status(code, body: quoted))
        }
    }

    /// Reads a response's body to its end, at most ``maxResponseBody`` bytes, and returns its first
    /// ``quotedResponseBody`` bytes as text.
    private static func drain(_ body: HTTPClientResponse.Body) async throws -> String {
        var quoted: [UInt8] = []
        var read = 0
        do {
            for try await chunk in body {
                if quoted.count < quotedResponseBody {
                    quoted += chunk.readableBytesView.prefix(quotedResponseBody - quoted.count)
                }
                read += chunk.readableBytes
                if read > maxResponseBody { break }
            }
        } catch {
            try Task.checkCancellation()
        }
        return String(decoding: quoted, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A `Duration` as NIO's `TimeAmount`.
    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanoseconds.overflow else { return .nanoseconds(.max) }
        return .nanoseconds(max(nanoseconds.partialValue + attoseconds / 1_000_000_000, 0))
    }
}

/// The answers endpoints gave to the event being delivered: `nil` accepted, or the refusal's reason.
private final class DeliveryProgress: Sendable {
    private let state = Mutex<(eventID: UUID, answers: [Int: String?])?>(nil)

    /// The answers already given to the event (none for a new event).
    func answers(for eventID: UUID) -> [Int: String?] {
        state.withLock { state in
            guard let state, state.eventID == eventID else { return [:] }
            return state.answers
        }
    }

    /// Keeps the answers given to the event so far.
    func record(_ answers: [Int: String?], for eventID: UUID) {
        state.withLock { $0 = (eventID, answers) }
    }

    /// Drops the event's answers once it is done.
    func forget(_ eventID: UUID) {
        state.withLock { state in
            if state?.eventID == eventID { state = nil }
        }
    }
}
