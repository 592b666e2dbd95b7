import Foundation
import Synchronization

extension UUID {
    /// A time-ordered (version 7, RFC 9562) UUID: the Unix time in milliseconds in its first 48 bits, then a
    /// 12-bit counter, then random bits. Identifiers made one after another in a process sort in the order
    /// they were made, even within one millisecond (the counter; past 4,096 in one millisecond the time
    /// moves on by one), and a clock that steps back does not reorder them.
    ///
    /// Stored as text or as PostgreSQL's `uuid`, they sort by creation time: new rows go to the end of an
    /// index rather than anywhere in it. A spec asks for them with `id: UUIDv7`.
    ///
    /// ```swift
    /// let first = UUID.timeOrdered()
    /// let second = UUID.timeOrdered()
    /// assert(first.uuidString < second.uuidString)
    /// ```
    public static func timeOrdered() -> UUID {
        let now = UInt64(max(Date().timeIntervalSince1970 * 1_000, 0))
        let (milliseconds, counter) = TimeOrderedClock.shared.next(now: now)
        var uuid = UUID.fastRandom().uuid
        uuid.0 = UInt8(truncatingIfNeeded: milliseconds >> 40)
        uuid.1 = UInt8(truncatingIfNeeded: milliseconds >> 32)
        uuid.2 = UInt8(truncatingIfNeeded: milliseconds >> 24)
        uuid.3 = UInt8(truncatingIfNeeded: milliseconds >> 16)
        uuid.4 = UInt8(truncatingIfNeeded: milliseconds >> 8)
        uuid.5 = UInt8(truncatingIfNeeded: milliseconds)
        uuid.6 = 0x70 | UInt8(truncatingIfNeeded: counter >> 8)
        uuid.7 = UInt8(truncatingIfNeeded: counter)
        uuid.8 = (uuid.8 & 0x3F) | 0x80
        return UUID(uuid: uuid)
    }
}

/// The last time and counter handed out, so that each time-ordered UUID sorts after the one before.
private final class TimeOrderedClock: Sendable {
    static let shared = TimeOrderedClock()

    private let last = Mutex<(milliseconds: UInt64, counter: UInt16)>((0, 0))

    /// The time and counter of the next identifier at Unix time `now` (milliseconds).
    func next(now: UInt64) -> (milliseconds: UInt64, counter: UInt16) {
        last.withLock { last in
            if now > last.milliseconds {
                last = (now, 0)
            } else if last.counter < 0x0FFF {
                last.counter += 1
            } else {
                last = (last.milliseconds + 1, 0)
            }
            return last
        }
    }
}
