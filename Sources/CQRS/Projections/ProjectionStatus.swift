/// What a projection runner is doing.
public enum ProjectionStatus: Sendable, Hashable, CustomStringConvertible {
    /// Waiting for the projection's lease: another runner (here or in another process) runs it.
    case waitingForLease
    /// Preparing its table and reading its checkpoint.
    case starting
    /// Reading the log in batches.
    case catchingUp
    /// Caught up; waiting for appends.
    case live
    /// Stopped by a failing handler or store; only a rebuild resumes it.
    case failed(ProjectionFailure)
    /// Not running.
    case stopped

    /// The status in a word or two (with the failure).
    public var description: String {
        switch self {
        case .waitingForLease: "waiting for the lease"
        case .starting: "starting"
        case .catchingUp: "catching up"
        case .live: "live"
        case .failed(let failure): "failed: \(failure)"
        case .stopped: "stopped"
        }
    }
}
