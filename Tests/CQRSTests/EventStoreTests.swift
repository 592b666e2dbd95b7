import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// The `EventStore` contract, once, for every store kind.
@Suite("Event store", .timeLimit(.minutes(1)))
struct EventStoreTests {
    let order = StreamID(category: "Order", id: "1")
    let other = StreamID(category: "Order", id: "2")

    @Test(arguments: StoreKind.tested)
    func appendsAndReadsAStreamWithEveryField(kind: StoreKind) async throws {
        let clock = SteppingClock()
        let store = try await kind.makeEventStore(now: clock.now)
        let commandID = UUID()
        let correlationID = UUID()
        let first = testEvent("Order.Placed", 1)
        let second = testEvent("Order.Paid", 2)

        let result = try await store.append(
            AppendRequest(
                stream: order,
                expectedVersion: .noStream,
                events: [first, second],
                commandID: commandID,
                correlationID: correlationID,
                metadata: ["user": "ada"]
            )
        )

        #expect(
            result
                == AppendResult(
                    stream: order, version: 2, position: result.position, eventCount: 2, commandID: commandID))
        if kind.numbersPositionsDensely { #expect(result.position == 2) }
        let events = try await store.readStream(order)
        #expect(events.count == 2)
        let recorded = try #require(events.first)
        #expect(recorded.eventID == first.eventID)
        #expect(recorded.streamID == order)
        #expect(recorded.streamVersion == 1)
        #expect(recorded.position == result.position - 1)
        #expect(recorded.eventType == "Order.Placed")
        #expect(recorded.schemaVersion == 1)
        #expect(recorded.recordedAt == clock.time(ofReading: 0))
        #expect(recorded.causationID == commandID)
        #expect(recorded.correlationID == correlationID)
        #expect(recorded.metadata == ["user": "ada"])
        #expect(recorded.payload == first.payload)
        #expect(events.map(\.streamVersion) == [1, 2])
        #expect(try await store.headPosition() == result.position)
    }

    @Test(arguments: StoreKind.tested)
    func readsAStreamFromAVersion(kind: StoreKind) async throws {
        let store = try await kind.makeEventStore()
        _ = try await store.append(
            AppendRequest(stream: order, expectedVersion: .any, events: (1...5).map { testEvent("T", $0) })
        )
        #expect(try await store.readStream(order, from: 3).map(\.streamVersion) == [3, 4, 5])
        #expect(try await store.readStream(order, from: 6).isEmpty)
        #expect(try await store.readStream(other).isEmpty)
    }

    @Test(arguments: StoreKind.tested)
    func readsAStreamAsItWasAtAVersionOrAMoment(kind: StoreKind) async throws {
        let clock = SteppingClock()
        let store = try await kind.makeEventStore(now: clock.now)
        for number in 1...4 {
            _ = try await store.append(
                AppendRequest(stream: order, expectedVersion: .any, events: [testEvent("T", number)]))
        }

        let upToVersion = try await store.readStream(order, until: .version(2))
        #expect(upToVersion.map(\.streamVersion) == [1, 2])

        // The third append was stamped with the clock's third reading.
        let asOfThird = try await store.readStream(order, until: .recordedAt(clock.time(ofReading: 2)))
        #expect(asOfThird.map(\.streamVersion) == [1, 2, 3])

        let beforeAll = try await store.readStream(order, until: .recordedAt(clock.start.addingTimeInterval(-1)))
        #expect(beforeAll.isEmpty)

        let window = try await store.readStream(order, from: 2, until: .version(3))
        #expect(window.map(\.streamVersion) == [2, 3])
    }

    @Test(arguments: StoreKind.tested)
    func enforcesTheExpectedVersion(kind: StoreKind) async throws {
        let store = try await kind.makeEventStore()
        _ = try await store.append(AppendRequest(stream: order, expectedVersion: .noStream, events: [testEvent()]))

        let noStream = await #expect(throws: WrongExpectedVersion.self) {
            try await store.append(AppendRequest(stream: order, expectedVersion: .noStream, events: [testEvent()]))
        }
        #expect(noStream == WrongExpectedVersion(stream: order, expected: .noStream, actual: 1))

        let stale = await #expect(throws: WrongExpectedVersion.self) {
            try await store.append(AppendRequest(stream: order, expectedVersion: .exact(0), events: [testEvent()]))
        }
        #expect(stale == WrongExpectedVersion(stream: order, expected: .exact(0), actual: 1))

        let missing = await #expect(throws: WrongExpectedVersion.self) {
            try await store.append(AppendRequest(stream: other, expectedVersion: .exact(1), events: [testEvent()]))
        }
        #expect(missing == WrongExpectedVersion(stream: other, expected: .exact(1), actual: nil))
        #expect(missing?.description.contains("does not exist") == true)

        let exact = try await store.append(
            AppendRequest(stream: order, expectedVersion: .exact(1), events: [testEvent()]))
        #expect(exact.version == 2)
        let any = try await store.append(AppendRequest(stream: order, expectedVersion: .any, events: [testEvent()]))
        #expect(any.version == 3)
        #expect(try await store.readStream(order).count == 3)
    }

    @Test(arguments: StoreKind.tested)
    func aRepeatedCommandIDAppendsNothingAndReturnsTheFirstResult(kind: StoreKind) async throws {
        let store = try await kind.makeEventStore()
        let commandID = UUID()
        let first = try await store.append(
            AppendRequest(stream: order, expectedVersion: .noStream, events: [testEvent()], commandID: commandID)
        )
        #expect(first.isDuplicate == false)

        // Same command id, even with an expectation that would now fail.
        let second = try await store.append(
            AppendRequest(
                stream: order, expectedVersion: .noStream, events: [testEvent(), testEvent()], commandID: commandID)
        )
        var expected = first
        expected.isDuplicate = true
        #expect(second == expected)
        #expect(try await store.appendResult(forCommand: commandID) == expected)
        #expect(try await store.appendResult(forCommand: UUID()) == nil)
        #expect(try await store.readStream(order).count == 1)
        #expect(try await store.headPosition() == first.position)
    }

    @Test(arguments: StoreKind.tested)
    func readsTheGlobalLogInBatches(kind: StoreKind) async throws {
        let store = try await kind.makeEventStore()
        var positions: [Int64] = []
        for number in 1...5 {
            let stream = number.isMultiple(of: 2) ? order : other
            positions.append(
                try await store.append(
                    AppendRequest(stream: stream, expectedVersion: .any, events: [testEvent("T", number)])
                ).position)
        }
        #expect(positions == positions.sorted() && Set(positions).count == 5)
        if kind.numbersPositionsDensely { #expect(positions == [1, 2, 3, 4, 5]) }
        try await store.waitUntilReadable(through: positions[4])
        let first = try await store.readAll(after: 0, limit: 2)
        #expect(first.events.map(\.position) == Array(positions[0..<2]))
        #expect(first.lastPosition == positions[1])
        let rest = try await store.readAll(after: first.lastPosition, limit: 10)
        #expect(rest.events.map(\.position) == Array(positions[2...]))
        #expect(rest.lastPosition == positions[4])
        let end = try await store.readAll(after: positions[4], limit: 10)
        #expect(end.events.isEmpty)
        #expect(end.lastPosition == positions[4])
    }

    @Test(arguments: StoreKind.tested)
    func aFilteredReadAdvancesPastEventsOfOtherTypes(kind: StoreKind) async throws {
        let store = try await kind.makeEventStore()
        let types = ["A", "B", "B", "A", "B", "B"]
        var positions: [Int64] = []
        for type in types {
            positions.append(
                try await store.append(AppendRequest(stream: order, expectedVersion: .any, events: [testEvent(type)]))
                    .position)
        }
        try await store.waitUntilReadable(through: positions[5])

        let firstA = try await store.readAll(after: 0, limit: 1, eventTypes: ["A"])
        #expect(firstA.events.map(\.position) == [positions[0]])
        #expect(firstA.lastPosition == positions[0])

        let secondA = try await store.readAll(after: firstA.lastPosition, limit: 1, eventTypes: ["A"])
        #expect(secondA.events.map(\.position) == [positions[3]])
        #expect(secondA.lastPosition == positions[3])

        // Nothing more of type A, but the reader still moves to the end of the log.
        let none = try await store.readAll(after: secondA.lastPosition, limit: 10, eventTypes: ["A"])
        #expect(none.events.isEmpty)
        #expect(none.lastPosition == positions[5])

        // A filtered read looks at a window of the log at a time (on PostgreSQL, of transaction ids, which
        // other tests use up meanwhile): read on from each page's lastPosition to the end.
        var either: [RecordedEvent] = []
        var position: Int64 = 0
        while position < positions[5] {
            let page = try await store.readAll(after: position, limit: 10, eventTypes: ["A", "B"])
            either += page.events
            guard page.lastPosition > position else { break }
            position = page.lastPosition
        }
        #expect(either.map(\.position) == positions)
    }

    @Test(arguments: StoreKind.tested)
    func wakesSubscribersOnAppend(kind: StoreKind) async throws {
        let store = try await kind.makeEventStore()
        let notifications = store.appendNotifications()
        var iterator = notifications.makeAsyncIterator()

        let first = try await store.append(
            AppendRequest(stream: order, expectedVersion: .any, events: [testEvent()]))
        #expect(await iterator.next() == first.position)

        // Several appends while nobody listens: the newest head is kept.
        _ = try await store.append(AppendRequest(stream: order, expectedVersion: .any, events: [testEvent()]))
        let last = try await store.append(
            AppendRequest(stream: order, expectedVersion: .any, events: [testEvent(), testEvent()]))
        #expect(await iterator.next() == last.position)
    }

    @Test(arguments: StoreKind.tested)
    func wakesAWaitingSubscriber(kind: StoreKind) async throws {
        let store = try await kind.makeEventStore()
        let notifications = store.appendNotifications()
        async let woken: Int64? = {
            var iterator = notifications.makeAsyncIterator()
            return await iterator.next()
        }()
        let appended = try await store.append(
            AppendRequest(stream: order, expectedVersion: .any, events: [testEvent()]))
        #expect(await woken == appended.position)
    }

    @Test(arguments: StoreKind.tested)
    func keepsTheLatestSnapshotPerStream(kind: StoreKind) async throws {
        let store = try await kind.makeEventStore()
        #expect(try await store.loadSnapshot(for: order) == nil)
        let older = Snapshot(stream: order, version: 3, stateVersion: "s1", state: Data("{}".utf8), takenAt: fixedDate)
        let newer = Snapshot(
            stream: order, version: 6, stateVersion: "s1", state: Data("{\"a\":1}".utf8), takenAt: fixedDate)
        try await store.saveSnapshot(older)
        try await store.saveSnapshot(newer)
        #expect(try await store.loadSnapshot(for: order) == newer)
        #expect(try await store.loadSnapshot(for: other) == nil)
    }

    @Test(arguments: StoreKind.tested)
    func concurrentAppendsWithExpectedVersionsNeverLoseOrDuplicateEvents(kind: StoreKind) async throws {
        let store = try await kind.makeEventStore()
        let writers = 8
        let appendsPerWriter = 25
        let stream = order
        let successes = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<writers {
                group.addTask {
                    var done = 0
                    while done < appendsPerWriter {
                        let version = try await store.readStream(stream).last?.streamVersion
                        do {
                            _ = try await store.append(
                                AppendRequest(
                                    stream: stream,
                                    expectedVersion: version.map { .exact($0) } ?? .noStream,
                                    events: [testEvent()]
                                )
                            )
                            done += 1
                        } catch is WrongExpectedVersion {
                            continue
                        }
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(successes == writers * appendsPerWriter)
        let events = try await store.readStream(stream)
        #expect(events.map(\.streamVersion) == Array(1...Int64(writers * appendsPerWriter)))
        #expect(Set(events.map(\.position)).count == events.count)
    }
}
