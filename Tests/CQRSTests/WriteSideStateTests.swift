import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// Reading the write side: an aggregate's current state, its state as of a version or a moment, and the
/// state a command returns; on every store.
@Suite("Reading the write side")
struct WriteSideStateTests {
    let stream = StreamID(category: "Tally", id: "t")

    /// A tally at versions 1 … 5 (adding 1 … 5), one event a second by `clock`; snapshots at 3.
    func fiveAdditions(_ kind: StoreKind, clock: SteppingClock) async throws -> any EventStore {
        let store = try await kind.makeEventStore(now: clock.now)
        let processor = CommandProcessor(eventStore: store)
        for amount in 1...5 { try await processor.add(amount, to: "t", using: TallyV1(), creates: amount == 1) }
        return store
    }

    @Test("The current state comes from the write side, cached or not", arguments: StoreKind.tested)
    func theCurrentState(kind: StoreKind) async throws {
        let store = try await fiveAdditions(kind, clock: SteppingClock())
        let expected = VersionedState(stream: stream, version: 5, state: Tally.State(total: 15, additions: 5))
        // A new processor has nothing cached: the snapshot at 3 and the events after it.
        let fresh = CommandProcessor(eventStore: store)
        #expect(try await fresh.state(of: "t", in: TallyV1()) == expected)
        // Cached now, and still read on from the store: another writer's event shows.
        try await CommandProcessor(eventStore: store).add(10, to: "t", using: TallyV1())
        let current = try await fresh.state(of: "t", in: TallyV1())
        #expect(current?.version == 6 && current?.state == Tally.State(total: 25, additions: 6))
        #expect(try await fresh.state(of: "nobody", in: TallyV1()) == nil)
    }

    @Test("The state as of a version or a moment folds the events up to it", arguments: StoreKind.tested)
    func theStateAsItWas(kind: StoreKind) async throws {
        let clock = SteppingClock()
        let store = try await fiveAdditions(kind, clock: clock)
        let processor = CommandProcessor(eventStore: store)
        _ = try await processor.state(of: "t", in: TallyV1())  // caches version 5

        let second = try await processor.state(of: "t", in: TallyV1(), asOf: .version(2))
        #expect(second == VersionedState(stream: stream, version: 2, state: Tally.State(total: 3, additions: 2)))
        let fourth = try await processor.state(of: "t", in: TallyV1(), asOf: .version(4))
        #expect(fourth?.state == Tally.State(total: 10, additions: 4))
        let pastTheEnd = try await processor.state(of: "t", in: TallyV1(), asOf: .version(99))
        #expect(pastTheEnd?.version == 5 && pastTheEnd?.state.total == 15)
        #expect(try await processor.state(of: "t", in: TallyV1(), asOf: .version(0)) == nil)

        // The third event was recorded at the clock's third reading (the first store reading is the first).
        let third = try await processor.state(of: "t", in: TallyV1(), asOf: .recordedAt(clock.time(ofReading: 2)))
        #expect(third == VersionedState(stream: stream, version: 3, state: Tally.State(total: 6, additions: 3)))
        let before = clock.start.addingTimeInterval(-1)
        #expect(try await processor.state(of: "t", in: TallyV1(), asOf: .recordedAt(before)) == nil)
        #expect(try await processor.state(of: "nobody", in: TallyV1(), asOf: .version(3)) == nil)
    }

    @Test(
        "A command returns the state it left, and a resend the state the first handling left",
        arguments: StoreKind.tested)
    func theCommandSideReturn(kind: StoreKind) async throws {
        let store = try await kind.makeEventStore()
        let processor = CommandProcessor(eventStore: store)
        let options = CommandOptions()
        let created = try await processor.handleReturningState(
            AdHocCommand("t", CreatesStream.self) { _, _ in [Tally.Emits.added(.init(amount: 7))] },
            with: TallyV1(), options: options)
        #expect(created.receipt.version == 1 && created.state == Tally.State(total: 7, additions: 1))

        try await processor.add(3, to: "t", using: TallyV1())
        let nothing = try await processor.handleReturningState(
            AdHocCommand("t") { _, _ in [Tally.Emits]() }, with: TallyV1())
        #expect(nothing.receipt.eventCount == 0 && nothing.state == Tally.State(total: 10, additions: 2))

        // The resend comes after another command: it gets the state at its first handling's version.
        let resent = try await CommandProcessor(eventStore: store).handleReturningState(
            AdHocCommand("t", CreatesStream.self) { _, _ in [Tally.Emits.added(.init(amount: 7))] },
            with: TallyV1(), options: options)
        #expect(resent.receipt.isDuplicate && resent.receipt.version == 1)
        #expect(resent.state == Tally.State(total: 7, additions: 1))
    }

    @Test func aTemporalReadStartsFromASnapshotOrACachedStateAtOrBeforeItsVersion() async throws {
        let store = InMemoryEventStore()
        let writer = CommandProcessor(eventStore: store)
        for amount in 1...5 { try await writer.add(amount, to: "t", using: TallyV1(), creates: amount == 1) }
        let spy = SpyEventStore(store)
        let reader = CommandProcessor(eventStore: spy)
        #expect(try await reader.state(of: "t", in: TallyV1(), asOf: .version(4))?.state.total == 10)
        #expect(spy.snapshotLoads == 1 && spy.streamReads == [4])
        #expect(try await reader.state(of: "t", in: TallyV1(), asOf: .version(2))?.state.total == 3)
        #expect(spy.streamReads == [4, 1])
        #expect(try await reader.state(of: "t", in: TallyV1(), asOf: .version(3))?.state.total == 6)
        #expect(spy.streamReads == [4, 1], "the snapshot is at 3: no events to read")
        _ = try await reader.state(of: "t", in: TallyV1())
        #expect(try await reader.state(of: "t", in: TallyV1(), asOf: .version(5))?.state.total == 15)
        #expect(spy.streamReads == [4, 1, 4], "the cached state is at 5: no events to read")
    }
}
