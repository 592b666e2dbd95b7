import Synchronization

/// The latest events a store appended in this process, by position: so that a runner woken by an append
/// reads them from memory rather than from the database, and sees without reading that positions hold none
/// of its event types. For a store whose positions are 1, 2, 3, … (SQLite): a position it does not hold
/// (another process appended it, or it is older than the window) means "read the log".
package final class RecentEvents: Sendable {
    private let slots: Mutex<[RecordedEvent?]>
    private let capacity: Int

    /// A window of the latest `capacity` positions.
    package init(capacity: Int = 2_048) {
        self.capacity = max(capacity, 1)
        self.slots = Mutex(Array(repeating: nil, count: max(capacity, 1)))
    }

    /// Records appended events (each at its position).
    package func record(_ events: [RecordedEvent]) {
        guard !events.isEmpty else { return }
        slots.withLock { slots in
            for event in events { slots[slot(of: event.position)] = event }
        }
    }

    /// Whether every position after `position` through `head` is held and none has an event of `types`.
    package func holdsNone(of types: Set<String>, after position: Int64, through head: Int64) -> Bool {
        guard head > position else { return true }
        guard head - position <= Int64(capacity) else { return false }
        return slots.withLock { slots in
            var next = position + 1
            while next <= head {
                guard let event = slots[slot(of: next)], event.position == next, !types.contains(event.eventType)
                else { return false }
                next += 1
            }
            return true
        }
    }

    /// The events after `position` through `head` (of `eventTypes` only, if given), at most `limit`, as
    /// ``EventStore/readAll(after:limit:eventTypes:)`` would page them when `head` is the log's head; `nil`
    /// when a position in between is not held.
    package func page(after position: Int64, through head: Int64, limit: Int, eventTypes: Set<String>?) -> EventPage? {
        guard head > position, limit > 0, head - position <= Int64(capacity) else { return nil }
        return slots.withLock { slots -> EventPage? in
            var events: [RecordedEvent] = []
            var next = position + 1
            while next <= head {
                guard let event = slots[slot(of: next)], event.position == next else { return nil }
                if eventTypes?.contains(event.eventType) ?? true {
                    events.append(event)
                    if events.count == limit { return EventPage(events: events, lastPosition: next) }
                }
                next += 1
            }
            return EventPage(events: events, lastPosition: head)
        }
    }

    private func slot(of position: Int64) -> Int {
        Int(position % Int64(capacity))
    }
}
