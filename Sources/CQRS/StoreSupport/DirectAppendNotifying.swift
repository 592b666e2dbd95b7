/// A store that can yield its heads straight into a stream of the caller's own, as
/// ``EventStore/appendNotifications()`` does into one it makes: the three built-in stores.
///
/// A runner waits on one stream for appends and for its own requests (a resume, a rebuild). Given the
/// store's stream, it needs a task forwarding from one to the other, and that task wakes on every append,
/// even while the runner is busy and would read the append anyway; given its own stream, an append while it
/// is busy costs a buffered element and no task switch.
package protocol DirectAppendNotifying: EventStore {
    /// Yields the head after appends (as ``EventStore/appendNotifications()`` does) to `continuation` until it
    /// finishes: after every append, or (given `eventTypes`) at least after those that hold one of them. A
    /// runner subscribed for its types must still read up to a head it waits for (see
    /// ``CheckpointWaitable``), since appends of other types do not wake it.
    func notifyAppends(to continuation: AsyncStream<Int64>.Continuation, eventTypes: Set<String>?)

    /// Whether the store knows, without reading the log, that no event after `position` through `head` has
    /// one of `types` (the default: it does not know).
    func holdsNone(of types: Set<String>, after position: Int64, through head: Int64) -> Bool

    /// The events after `position` through `head` from memory (of `eventTypes` only, if given), at most
    /// `limit`, as ``EventStore/readAll(after:limit:eventTypes:)`` would page them; `nil` (the default) when
    /// the store does not hold them all.
    func recentPage(after position: Int64, through head: Int64, limit: Int, eventTypes: Set<String>?) -> EventPage?
}

extension DirectAppendNotifying {
    /// It does not know: the runner reads the log.
    package func holdsNone(of types: Set<String>, after position: Int64, through head: Int64) -> Bool { false }

    /// It does not hold them: the runner reads the log.
    package func recentPage(after position: Int64, through head: Int64, limit: Int, eventTypes: Set<String>?)
        -> EventPage?
    { nil }
}

extension EventStore {
    /// Whether the store knows, without reading the log, that no event after `position` through `head` has
    /// one of `types` (`nil`: every type); a runner woken by an append then moves on without reading.
    /// The page after `position` through `head` (the head a runner was woken with), from memory when the store
    /// holds it; otherwise `nil`, and the runner reads the log.
    package func recentPage(after position: Int64, through head: Int64, limit: Int, eventTypes: Set<String>?)
        -> EventPage?
    {
        guard head > position, let direct = self as? any DirectAppendNotifying else { return nil }
        return direct.recentPage(after: position, through: head, limit: limit, eventTypes: eventTypes)
    }

    package func holdsNone(of types: Set<String>?, after position: Int64, through head: Int64) -> Bool {
        guard let types, head > position, let direct = self as? any DirectAppendNotifying else { return false }
        return direct.holdsNone(of: types, after: position, through: head)
    }

    /// Has appends wake `continuation`: directly where the store can; otherwise returns the task that
    /// forwards ``appendNotifications()`` to it, for the caller to run beside its loop (subscribed already,
    /// so that no append between this call and the first read goes unnoticed).
    ///
    /// Given `eventTypes`, appends that the store knows hold none of them may not wake it.
    package func wakeOnAppends(_ continuation: AsyncStream<Int64>.Continuation, eventTypes: Set<String>? = nil)
        -> (@Sendable () async -> Void)?
    {
        if let direct = self as? any DirectAppendNotifying {
            direct.notifyAppends(to: continuation, eventTypes: eventTypes)
            return nil
        }
        let appends = appendNotifications()
        return {
            for await head in appends { continuation.yield(head) }
        }
    }
}
