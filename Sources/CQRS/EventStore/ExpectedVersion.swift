/// What an append expects of its stream: the optimistic concurrency check.
///
/// ```swift
/// try await store.append(AppendRequest(stream: stream, expectedVersion: .exact(3), events: [event]))
/// ```
public enum ExpectedVersion: Sendable, Hashable, Codable, CustomStringConvertible {
    /// No check.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream's last event must have this version.
    case exact(Int64)

    /// Whether a stream at `actual` (nil: no stream) satisfies the expectation.
    public func isSatisfied(by actual: Int64?) -> Bool {
        switch self {
        case .any: true
        case .noStream: actual == nil
        case .exact(let version): actual == version
        }
    }

    /// `any`, `no stream` or `version N`.
    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "no stream"
        case .exact(let version): "version \(version)"
        }
    }
}
