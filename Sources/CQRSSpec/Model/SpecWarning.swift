/// A kind of warning: a spec that validates but is probably not what its author meant. Each has a stable
/// kebab-case name, shown after the message (`… is read by no query [unread-projection]`), by which the
/// declaration it is about silences it: `silence: [unread-projection]`.
public enum SpecWarning: String, CaseIterable, Hashable, Sendable {
    /// An aggregate none of whose commands creates its stream: every command fails with `streamNotFound`.
    case uncreatedAggregate = "uncreated-aggregate"
    /// A command field that reads as a second identifier beside the one every command has (`id` beside
    /// `giftCardId`).
    case secondIdentifier = "second-id"
    /// An event that no command emits.
    case unemittedEvent = "unemitted-event"
    /// A projection that no query reads.
    case unreadProjection = "unread-projection"
    /// An index on the fields of the key.
    case indexRepeatsKey = "index-repeats-key"
    /// An `upsert` that resets a field another entry of the projection increments.
    case upsertResetsCounter = "upsert-resets-counter"
    /// `orderBy` or `pageSize` on a query that finds one row or is custom, where they have no effect.
    case ineffectivePaging = "ineffective-paging"
    /// A name in `silence` that silences nothing (so that stale silences are cleaned up); it cannot be
    /// silenced itself.
    case unusedSilence = "unused-silence"

    /// The kinds of declaration that warn, and may silence their warnings.
    public enum Declaration: String, Hashable, Sendable, CaseIterable {
        case aggregate, command, event, projection, query
    }

    /// The kind of declaration the warning is about, whose `silence` drops it; `nil` for
    /// ``unusedSilence``, which no declaration silences.
    public var declaration: Declaration? {
        switch self {
        case .uncreatedAggregate: .aggregate
        case .secondIdentifier: .command
        case .unemittedEvent: .event
        case .unreadProjection, .indexRepeatsKey, .upsertResetsCounter: .projection
        case .ineffectivePaging: .query
        case .unusedSilence: nil
        }
    }
}
