import Foundation

/// An aggregate's state at a version, saved so that loading need not replay every event.
///
/// The command processor writes these every `snapshotEvery` events and uses one only when its
/// `stateVersion` equals the aggregate definition's.
public struct Snapshot: Sendable, Hashable, Codable {
    /// The stream.
    public var stream: StreamID
    /// The stream version the state includes.
    public var version: Int64
    /// The aggregate definition's ``AggregateDefinition/stateVersion`` when the state was encoded.
    public var stateVersion: String
    /// The state, in the format of `EventPayload` (module `CQRSPayload`).
    public var state: Data
    /// When the snapshot was taken.
    public var takenAt: Date

    /// Creates a snapshot.
    public init(stream: StreamID, version: Int64, stateVersion: String, state: Data, takenAt: Date = Date()) {
        self.stream = stream
        self.version = version
        self.stateVersion = stateVersion
        self.state = state
        self.takenAt = takenAt
    }
}
