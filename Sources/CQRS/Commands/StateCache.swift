import Synchronization

/// Recently used aggregate states by stream: a bounded two-generation cache (an O(1) approximation of
/// least-recently-used). Entries are tagged with the definition type, so that two definitions of one
/// category never share a state.
@usableFromInline
final class StateCache: Sendable {
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline var definition: ObjectIdentifier
        @usableFromInline var version: Int64
        @usableFromInline var state: any Sendable

        @usableFromInline
        init(definition: ObjectIdentifier, version: Int64, state: any Sendable) {
            self.definition = definition
            self.version = version
            self.state = state
        }
    }

    private struct Generations {
        var current: [StreamID: Entry] = [:]
        var previous: [StreamID: Entry] = [:]
    }

    private let generationSize: Int
    private let generations = Mutex(Generations())

    init(capacity: Int) {
        generationSize = max(capacity / 2, 0)
    }

    @usableFromInline
    func entry(for stream: StreamID) -> Entry? {
        guard generationSize > 0 else { return nil }
        return generations.withLock { generations in
            if let entry = generations.current[stream] { return entry }
            guard let entry = generations.previous.removeValue(forKey: stream) else { return nil }
            Self.insert(entry, for: stream, into: &generations, size: generationSize)
            return entry
        }
    }

    @usableFromInline
    func store(_ entry: Entry, for stream: StreamID) {
        guard generationSize > 0 else { return }
        generations.withLock { Self.insert(entry, for: stream, into: &$0, size: generationSize) }
    }

    @usableFromInline
    func remove(_ stream: StreamID) {
        generations.withLock { generations in
            generations.current.removeValue(forKey: stream)
            generations.previous.removeValue(forKey: stream)
        }
    }

    private static func insert(_ entry: Entry, for stream: StreamID, into generations: inout Generations, size: Int) {
        generations.current[stream] = entry
        if generations.current.count >= size {
            generations.previous = generations.current
            generations.current = Dictionary(minimumCapacity: size)
        }
    }
}
