/// The right to run one projection, held until released (or lost).
public protocol ProjectionLease: Sendable {
    /// False once the lease is lost (e.g. the database connection holding it dropped) or released.
    func isHeld() async -> Bool
    /// Gives the lease up; the next waiter, if any, gets it. Releasing twice does nothing.
    func release() async
}
