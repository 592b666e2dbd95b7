import Foundation
import Synchronization

/// A clock for the demo: starts at a fixed time and moves on a few hours at every reading, so that
/// the orders spread over several days and the output is the same on every run.
final class DemoClock: Sendable {
    private let next: Mutex<Date>
    private let step: TimeInterval

    init(start: Date, step: TimeInterval) {
        self.next = Mutex(start)
        self.step = step
    }

    func now() -> Date {
        next.withLock { date in
            defer { date += step }
            return date
        }
    }
}
