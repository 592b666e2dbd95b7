import CQRS
import Synchronization

/// Wakes the store's readers again while committed events wait behind the read horizon.
///
/// Readers read only below the oldest transaction still in flight (docs/Stores.md), so a reader woken by
/// an append may find it not yet readable: an older append (of any process) is still committing. That
/// append's own notification may never come (it can roll back, or carry an older head than the one
/// already passed on), so the reader that found events waiting reports it here, and every subscriber is
/// woken again after a pause: 1 ms, doubling while reads keep finding the horizon closed, at most 100 ms
/// (a long write transaction elsewhere in the cluster then costs each live projection ten reads a second).
/// The usual blocker is this process's own: a projection's batch commit, or an append, in flight while the
/// next page is read. So when one of those ends while a read waits, the subscribers are woken at once.
final class HorizonWaker: Sendable {
    private let blockedReads = Atomic<Int>(0)
    private let isWaiting = Atomic<Bool>(false)
    private let hub: HeadNotifier
    private let pending: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init(hub: HeadNotifier) {
        self.hub = hub
        (pending, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// A read found committed events beyond the horizon (`true`), or none (`false`).
    func readFound(eventsWaiting: Bool) {
        if eventsWaiting {
            blockedReads.add(1, ordering: .relaxed)
            isWaiting.store(true, ordering: .releasing)
            continuation.yield()
        } else if blockedReads.load(ordering: .relaxed) != 0 {
            blockedReads.store(0, ordering: .relaxed)
        }
    }

    /// A write transaction of this process ended: a read waiting behind it may go on.
    func transactionEnded() {
        guard isWaiting.load(ordering: .acquiring) else { return }
        if isWaiting.exchange(false, ordering: .acquiringAndReleasing) { hub.wake() }
    }

    /// The pause before looking again after `attempt` (from 1) reads in a row found the horizon closed:
    /// 1 ms, doubling, at most 100 ms.
    static func pause(after attempt: Int) -> Duration {
        .milliseconds(min(1 << min(max(attempt - 1, 0), 7), 100))
    }

    /// Wakes the subscribers after each blocked read, until cancelled.
    func run() async {
        for await _ in pending {
            do {
                try await Task.sleep(for: Self.pause(after: blockedReads.load(ordering: .relaxed)))
            } catch {
                return
            }
            isWaiting.store(false, ordering: .releasing)
            hub.wake()
        }
    }

    /// Ends ``run()``.
    func finish() { continuation.finish() }
}
