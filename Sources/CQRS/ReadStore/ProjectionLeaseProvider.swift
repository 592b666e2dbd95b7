/// Who may run a projection: one holder of a projection's lease at a time (per provider for in-process
/// leases; per database for a store's own leases).
///
/// ```swift
/// let lease = try await readStore.leaseProvider().acquire("UserOrders")
/// defer { Task { await lease.release() } }
/// ```
public protocol ProjectionLeaseProvider: Sendable {
    /// Waits (cancellably) until this process holds the projection's lease.
    func acquire(_ projection: String) async throws -> any ProjectionLease
}
