/// Where a projection's catch-up reads the log: the event store itself, or pages read once for several
/// projections that rebuild together (``SharedLogPages``).
protocol EventPageSource: Sendable {
    /// The next page of the events of `eventTypes` after `position`, with the payloads decoded for it so far,
    /// if the page is shared.
    func page(after position: Int64, limit: Int, eventTypes: Set<String>) async throws -> SourcedPage
}

/// A page of the log and, when other projections apply the same page, the payloads they share.
struct SourcedPage: Sendable {
    var page: EventPage
    /// Each payload decoded once for every projection applying the page; `nil` for a page of one's own.
    var payloads: DecodedPayloads?
}

/// The event store's own pages.
struct StorePages: EventPageSource {
    let store: any EventStore

    func page(after position: Int64, limit: Int, eventTypes: Set<String>) async throws -> SourcedPage {
        SourcedPage(page: try await store.readAll(after: position, limit: limit, eventTypes: eventTypes))
    }
}
