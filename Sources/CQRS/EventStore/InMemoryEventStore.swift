import Foundation
import Synchronization

/// An ``EventStore`` in memory: for tests, prototypes and benchmarks. Safe under concurrent use; every
/// operation is one critical section.
///
/// ```swift
/// let store = InMemoryEventStore()
/// let engine = try Engine(eventStore: store, readStore: InMemoryReadStore(), projections: [])
/// ```
public final class InMemoryEventStore: EventStore, DirectAppendNotifying {
    /// A stream: its last event's index in the log, and its version. The stream's earlier events are
    /// found through ``State/previousInStream``.
    struct Stream {
        var last: Int32
        var version: Int64
    }

    /// What a command id appended: the log index of its last event and how many there were.
    struct CommandRecord {
        var last: Int32
        var count: Int32
    }

    struct State {
        var log: [RecordedEvent] = []
        /// For each event in the log, the index of the previous event of its stream (-1 for the first).
        var previousInStream: [Int32] = []
        var streams: [StreamID: Stream] = [:]
        var commands: [UUID: CommandRecord] = [:]
        /// Commands that appended no event (their result cannot be rebuilt from the log).
        var emptyCommands: [UUID: AppendResult] = [:]
        var snapshots: [StreamID: Snapshot] = [:]
        /// Whether an inline transaction is open: appends wait for it (it appends when it commits).
        var inlineOpen = false

        /// Appends in the critical section: the idempotency and version checks, then the events stamped
        /// `now()` (inside the critical section, so that recordedAt never decreases along the log); the result
        /// and where the appended events are in the log (empty for a duplicate).
        mutating func append(_ request: AppendRequest, now: () -> Date) throws -> (AppendResult, Range<Int>) {
            if let commandID = request.commandID, let recorded = result(of: commandID) {
                return (recorded, 0..<0)
            }
            let stream = streams[request.stream]
            let actual = stream?.version
            guard request.expectedVersion.isSatisfied(by: actual) else {
                throw WrongExpectedVersion(stream: request.stream, expected: request.expectedVersion, actual: actual)
            }
            var version = actual ?? 0
            guard !request.events.isEmpty else {
                let result = AppendResult(
                    stream: request.stream, version: version, position: 0, eventCount: 0, commandID: request.commandID)
                if let commandID = request.commandID { emptyCommands[commandID] = result }
                return (result, 0..<0)
            }
            let recordedAt = now()
            let first = log.count
            var previous = stream?.last ?? -1
            for event in request.events {
                version += 1
                previousInStream.append(previous)
                previous = Int32(log.count)
                log.append(
                    RecordedEvent(
                        eventID: event.eventID,
                        streamID: request.stream,
                        streamVersion: version,
                        position: Int64(log.count + 1),
                        eventType: event.eventType,
                        schemaVersion: event.schemaVersion,
                        recordedAt: recordedAt,
                        causationID: request.commandID,
                        correlationID: request.correlationID,
                        metadata: request.metadata,
                        payload: event.payload
                    )
                )
            }
            streams[request.stream] = Stream(last: previous, version: version)
            if let commandID = request.commandID {
                commands[commandID] = CommandRecord(last: previous, count: Int32(request.events.count))
            }
            let result = AppendResult(
                stream: request.stream,
                version: version,
                position: Int64(log.count),
                eventCount: request.events.count,
                commandID: request.commandID
            )
            return (result, first..<log.count)
        }

        func result(of commandID: UUID) -> AppendResult? {
            if let record = commands[commandID] {
                let last = log[Int(record.last)]
                return AppendResult(
                    stream: last.streamID,
                    version: last.streamVersion,
                    position: last.position,
                    eventCount: Int(record.count),
                    commandID: commandID,
                    isDuplicate: true
                )
            }
            guard !emptyCommands.isEmpty, var result = emptyCommands[commandID] else { return nil }
            result.isDuplicate = true
            return result
        }
    }

    let state = Mutex(State())
    /// The models inline transactions hold (``InlineProjectionStore``).
    let inlineLocks = AsyncKeyedLock()
    let notifier = HeadNotifier()
    let now: @Sendable () -> Date

    /// Creates an empty store. `now` stamps ``RecordedEvent/recordedAt`` (tests pass a fixed clock).
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    public func append(_ request: AppendRequest) async throws -> AppendResult {
        let now = self.now
        // At once, unless an inline transaction is open: then after it.
        let outcome: (result: AppendResult, appended: Range<Int>)
        if let immediate = try state.withLock({ state in state.inlineOpen ? nil : try state.append(request, now: now) })
        {
            outcome = immediate
        } else {
            outcome = try await inlineLocks.withLock(Self.storeKey) {
                try state.withLock { try $0.append(request, now: now) }
            }
        }
        let (result, appended) = outcome
        if !appended.isEmpty {
            notifier.publish(result.position, after: Int64(appended.lowerBound)) { types in
                request.events.contains { types.contains($0.eventType) }
            }
        }
        return result
    }

    /// The one key inline transactions (and the appends that wait for them) hold: the whole store.
    static let storeKey = ["store"]

    public func appendResult(forCommand commandID: UUID) async throws -> AppendResult? {
        state.withLock { $0.result(of: commandID) }
    }

    public func readStream(
        _ stream: StreamID,
        from version: Int64,
        until limit: StreamReadLimit?
    ) async throws -> [RecordedEvent] {
        state.withLock { state in
            guard let found = state.streams[stream], version <= found.version else { return [] }
            // Walk back from the last event to `version`, then keep the ones within the limit.
            var indices: [Int32] = []
            indices.reserveCapacity(Int(found.version - max(version, 1) + 1))
            var index = found.last
            while index >= 0, state.log[Int(index)].streamVersion >= version {
                indices.append(index)
                index = state.previousInStream[Int(index)]
            }
            var events: [RecordedEvent] = []
            events.reserveCapacity(indices.count)
            for index in indices.reversed() {
                let event = state.log[Int(index)]
                if let limit, !limit.includes(event) { break }
                events.append(event)
            }
            return events
        }
    }

    public func readAll(after position: Int64, limit: Int, eventTypes: Set<String>?) async throws -> EventPage {
        state.withLock { state in
            var events: [RecordedEvent] = []
            var index = Int(max(position, 0))
            var last = position
            // Bound the time spent in the critical section when most events are filtered out.
            let scan = limit.multipliedReportingOverflow(by: 16)
            let budget = scan.overflow ? Int.max : max(scan.partialValue, 4096)
            let end = state.log.count - min(index, state.log.count) <= budget ? state.log.count : index + budget
            while index < end, events.count < limit {
                let event = state.log[index]
                if eventTypes?.contains(event.eventType) ?? true { events.append(event) }
                last = event.position
                index += 1
            }
            return EventPage(events: events, lastPosition: last)
        }
    }

    public func headPosition() async throws -> Int64 {
        state.withLock { Int64($0.log.count) }
    }

    public func appendNotifications() -> AsyncStream<Int64> {
        notifier.subscribe()
    }

    package func notifyAppends(to continuation: AsyncStream<Int64>.Continuation, eventTypes: Set<String>?) {
        notifier.subscribe(continuation, eventTypes: eventTypes)
    }

    package func holdsNone(of types: Set<String>, after position: Int64, through head: Int64) -> Bool {
        state.withLock { state in
            guard position >= 0, head <= Int64(state.log.count), head - position <= 4_096 else { return false }
            return !state.log[Int(position)..<Int(head)].contains { types.contains($0.eventType) }
        }
    }

    public func saveSnapshot(_ snapshot: Snapshot) async throws {
        state.withLock { state in
            if let existing = state.snapshots[snapshot.stream], existing.version > snapshot.version { return }
            state.snapshots[snapshot.stream] = snapshot
        }
    }

    public func loadSnapshot(for stream: StreamID) async throws -> Snapshot? {
        state.withLock { $0.snapshots[stream] }
    }
}
