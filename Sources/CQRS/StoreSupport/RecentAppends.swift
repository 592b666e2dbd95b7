import Synchronization

/// The event types of a store's latest appends in this process, by position: so that a runner woken by an
/// append can see, without reading the log, that the positions since its checkpoint hold none of its
/// event types. For a store whose positions are 1, 2, 3, … (SQLite): a position it does not know (another
/// process appended it, or it is older than the window) means "may hold anything".
package final class RecentAppends: Sendable {
    private struct Slot {
        var position: Int64 = 0
        var eventType = ""
    }

    private let slots: Mutex<[Slot]>
    private let capacity: Int

    /// A window of the latest `capacity` positions.
    package init(capacity: Int = 4_096) {
        self.capacity = max(capacity, 1)
        self.slots = Mutex(Array(repeating: Slot(), count: max(capacity, 1)))
    }

    /// Records appended events: `eventTypes[i]` at position `first + i`.
    package func record(first: Int64, eventTypes: some Collection<String>) {
        slots.withLock { slots in
            var position = first
            for eventType in eventTypes {
                slots[Int(position % Int64(capacity))] = Slot(position: position, eventType: eventType)
                position += 1
            }
        }
    }

    /// Whether every position after `position` through `head` is known and none holds an event of `types`.
    package func holdsNone(of types: Set<String>, after position: Int64, through head: Int64) -> Bool {
        guard head > position else { return true }
        guard head - position <= Int64(capacity) else { return false }
        return slots.withLock { slots in
            var next = position + 1
            while next <= head {
                let slot = slots[Int(next % Int64(capacity))]
                guard slot.position == next, !types.contains(slot.eventType) else { return false }
                next += 1
            }
            return true
        }
    }
}
