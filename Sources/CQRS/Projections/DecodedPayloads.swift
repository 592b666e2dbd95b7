import Synchronization

/// The payloads of one page of the log, each decoded once for every projection that applies the page (when
/// several rebuild together, ``Engine/rebuild(projections:)``): ``RecordedEvent/decode(_:)`` looks here
/// first while a catch-up applies a shared page.
final class DecodedPayloads: Sendable {
    /// The payloads of the page being applied by the current task, if it is shared.
    @TaskLocal static var current: DecodedPayloads?

    private struct Key: Hashable {
        var position: Int64
        var type: ObjectIdentifier
    }

    private let values = Mutex<[Key: any Sendable]>([:])

    /// The payload of the event at `position` as `T`: decoded by `decode` the first time, remembered after.
    ///
    /// The decode runs under the lock, so that projections applying the page at the same moment wait for
    /// one decode instead of each running its own (a payload decodes in microseconds).
    func payload<T: Sendable>(at position: Int64, as type: T.Type, decode: () throws -> T) throws -> T {
        let key = Key(position: position, type: ObjectIdentifier(T.self))
        return try values.withLock { values in
            if let known = values[key] as? T { return known }
            let decoded = try decode()
            values[key] = decoded
            return decoded
        }
    }
}
