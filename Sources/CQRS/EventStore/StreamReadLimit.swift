import Foundation

/// Where a stream read stops: for reading an aggregate as it was.
///
/// ```swift
/// let asOfNoon = try await store.readStream(stream, from: 1, until: .recordedAt(noon))
/// ```
public enum StreamReadLimit: Sendable, Hashable {
    /// Up to and including this stream version.
    case version(Int64)
    /// Events recorded at or before this moment.
    case recordedAt(Date)

    /// Whether `event` is within the limit.
    public func includes(_ event: RecordedEvent) -> Bool {
        switch self {
        case .version(let version): event.streamVersion <= version
        case .recordedAt(let date): event.recordedAt <= date
        }
    }
}
