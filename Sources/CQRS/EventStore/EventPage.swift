/// One batch of the global log.
///
/// ```swift
/// var after: Int64 = 0
/// while true {
///     let page = try await store.readAll(after: after, limit: 500, eventTypes: ["Order.OrderPlaced"])
///     if page.lastPosition == after { break }
///     // … handle page.events …
///     after = page.lastPosition
/// }
/// ```
public struct EventPage: Sendable, Hashable {
    /// The events, in position order (only the requested types).
    public var events: [RecordedEvent]
    /// The position up to which the log was considered: the last event's position, or further when
    /// events of other types were skipped. Read on from here. Equal to the `after` of the request when the
    /// log has nothing more.
    public var lastPosition: Int64

    /// Creates a page.
    public init(events: [RecordedEvent], lastPosition: Int64) {
        self.events = events
        self.lastPosition = lastPosition
    }
}
