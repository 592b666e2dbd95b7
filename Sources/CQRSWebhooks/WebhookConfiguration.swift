import AsyncHTTPClient
import CQRS
import Crypto
import Foundation

/// What a ``WebhookPublisher`` sends, where, and how it signs.
///
/// ```swift
/// let configuration = WebhookConfiguration(
///     endpoints: [URL(string: "https://hooks.example.com/transfers")!],
///     eventTypes: ["Transfer.TransferRequested"],
///     secret: Array("whsec_change_me".utf8),
///     start: .now)
/// ```
public struct WebhookConfiguration: Sendable {
    /// The reaction's name, unique among an engine's reactions; its checkpoint is kept under it. Two
    /// publishers (to different receivers, say) need two names.
    public var name: String
    /// The receivers. Each event is POSTed to every endpoint, one after the other; the event is done when
    /// every endpoint has answered it.
    public var endpoints: [URL]
    /// The stored event types to publish (for example `"Transfer.TransferRequested"`).
    public var eventTypes: Set<String>
    /// Which of those events to publish; `nil` publishes all of them. An event the filter turns down is
    /// passed over (and checkpointed) without a request.
    public var filter: (@Sendable (RecordedEvent) -> Bool)?
    /// Where the publisher starts the first time it runs against a store: `ReactionStart.now` (the
    /// default) publishes only events appended from then on; `ReactionStart.beginning` publishes the
    /// whole history first.
    public var start: ReactionStart
    /// The key of the HMAC-SHA256 signature in `CQRS-Signature`, shared with the receivers.
    public var secret: SymmetricKey
    /// How long one request may take, from connecting to the response's head; longer counts as a failed
    /// attempt, retried. (The body of the response, read up to 64 KiB, is bounded by the client's read
    /// timeout.)
    public var timeout: Duration
    /// The HTTP client; by default ``sharedClient``, which follows no redirect.
    public var client: HTTPClient

    /// A client for the process's webhooks that follows no redirect: a POST turned into a body-less GET
    /// must not count as delivered, so a 3xx is retried (and then fails the reaction, naming the status).
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - name: The reaction's name (by default `"Webhooks"`).
    ///   - endpoints: The receivers; each event goes to all of them.
    ///   - eventTypes: The stored event types to publish.
    ///   - secret: The signing key's bytes (`Array("…".utf8)`, a `SymmetricKey`, `Data`): at least 32
    ///     random bytes are advised.
    ///   - start: Where to start the first time: by default the head of the log.
    ///   - timeout: The longest a request may take (by default 10 seconds).
    ///   - client: The HTTP client (by default ``sharedClient``, which follows no redirect).
    ///   - filter: Which events of those types to publish (by default all).
    public init(
        name: String = "Webhooks",
        endpoints: [URL],
        eventTypes: Set<String>,
        secret: some ContiguousBytes,
        start: ReactionStart = .now,
        timeout: Duration = .seconds(10),
        client: HTTPClient = WebhookConfiguration.sharedClient,
        filter: (@Sendable (RecordedEvent) -> Bool)? = nil
    ) {
        self.name = name
        self.endpoints = endpoints
        self.eventTypes = eventTypes
        self.secret = SymmetricKey(data: secret)
        self.start = start
        self.timeout = timeout
        self.client = client
        self.filter = filter
    }
}
