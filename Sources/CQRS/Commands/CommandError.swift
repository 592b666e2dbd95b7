/// Why the runtime refused a command (the user's own errors from `decide` pass through unchanged).
///
/// ```swift
/// catch CommandError.streamNotFound(let stream) { … }
/// ```
public enum CommandError: Error, Sendable, CustomStringConvertible {
    /// A command that does not create its stream named one that does not exist.
    case streamNotFound(StreamID)
    /// A creating command named a stream that already exists.
    case streamAlreadyExists(StreamID)
    /// Other writers kept changing the stream: the last conflict, after `attempts` tries.
    case concurrencyConflict(WrongExpectedVersion, attempts: Int)

    /// A sentence naming the stream.
    public var description: String {
        switch self {
        case .streamNotFound(let stream): "stream \(stream) does not exist"
        case .streamAlreadyExists(let stream): "stream \(stream) already exists"
        case .concurrencyConflict(let conflict, let attempts): "gave up after \(attempts) attempts: \(conflict)"
        }
    }
}
