import Synchronization

/// In-process leases: one holder per projection name per provider instance; `acquire` waits while another
/// holds it, and waiters get the lease in arrival order.
///
/// A store returns one instance from ``ReadStore/leaseProvider()`` so that every runner over it shares it.
///
/// ```swift
/// let leases = LocalLeaseProvider()
/// let lease = try await leases.acquire("UserOrders")  // a second acquire waits until release()
/// await lease.release()
/// ```
public final class LocalLeaseProvider: ProjectionLeaseProvider {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<any ProjectionLease, any Error>
    }

    private struct Holding {
        var holder: UInt64
        var waiters: [Waiter] = []
    }

    private struct State {
        var projections: [String: Holding] = [:]
        var nextID: UInt64 = 0
    }

    private final class Lease: ProjectionLease {
        let provider: LocalLeaseProvider
        let projection: String
        let id: UInt64

        init(provider: LocalLeaseProvider, projection: String, id: UInt64) {
            self.provider = provider
            self.projection = projection
            self.id = id
        }

        func isHeld() async -> Bool { provider.isHeld(projection, id: id) }

        func release() async { provider.release(projection, id: id) }
    }

    private let state = Mutex(State())

    /// Creates a provider with no lease held.
    public init() {}

    /// Waits (cancellably) until the projection's lease is free, then holds it.
    public func acquire(_ projection: String) async throws -> any ProjectionLease {
        try Task.checkCancellation()
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<any ProjectionLease, any Error>) in
                let granted: Result<any ProjectionLease, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if state.projections[projection] == nil {
                        state.projections[projection] = Holding(holder: id)
                        return .success(Lease(provider: self, projection: projection, id: id))
                    }
                    state.projections[projection]!.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let granted { continuation.resume(with: granted) }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Waiter? in
                guard let index = state.projections[projection]?.waiters.firstIndex(where: { $0.id == id }) else {
                    return nil
                }
                return state.projections[projection]!.waiters.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }

    private func isHeld(_ projection: String, id: UInt64) -> Bool {
        state.withLock { $0.projections[projection]?.holder == id }
    }

    private func release(_ projection: String, id: UInt64) {
        let next = state.withLock { state -> Waiter? in
            guard var holding = state.projections[projection], holding.holder == id else { return nil }
            guard !holding.waiters.isEmpty else {
                state.projections[projection] = nil
                return nil
            }
            let next = holding.waiters.removeFirst()
            holding.holder = next.id
            state.projections[projection] = holding
            return next
        }
        if let next {
            next.continuation.resume(returning: Lease(provider: self, projection: projection, id: next.id))
        }
    }
}
