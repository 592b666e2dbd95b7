import CQRS
import CQRSTestSupport
import Foundation
import Testing

@Suite("Snapshots")
struct SnapshotTests {
    let store = InMemoryEventStore()
    let stream = StreamID(category: "Tally", id: "t")

    @Test func aSnapshotIsWrittenWhenTheVersionCrossesAMultiple() async throws {
        let processor = CommandProcessor(eventStore: store)
        try await processor.add(1, to: "t", using: TallyV1(), creates: true)
        try await processor.add(2, to: "t", using: TallyV1())
        #expect(try await store.loadSnapshot(for: stream) == nil)
        try await processor.add(3, to: "t", using: TallyV1())

        let snapshot = try #require(try await store.loadSnapshot(for: stream))
        #expect(snapshot.version == 3)
        #expect(snapshot.stateVersion == "tally-1")
        #expect(try EventPayload.decode(Tally.State.self, from: snapshot.state) == Tally.State(total: 6, additions: 3))

        // A command appending two events from version 5 crosses 6.
        try await processor.add(4, to: "t", using: TallyV1())
        try await processor.add(5, to: "t", using: TallyV1())
        let two = try await processor.handle(
            AdHocCommand("t") { _, _ in [Tally.Emits.added(.init(amount: 1)), .added(.init(amount: 1))] },
            with: TallyV1()
        )
        #expect(two.version == 7)
        #expect(try await store.loadSnapshot(for: stream)?.version == 7)
    }

    /// Saves a snapshot whose state differs from what the events fold into, so that using it shows.
    func plantSnapshot(stateVersion: String) async throws {
        let writer = CommandProcessor(eventStore: store, configuration: .init(usesSnapshots: false))
        for amount in [1, 2, 3, 4] { try await writer.add(amount, to: "t", using: TallyV1(), creates: amount == 1) }
        let planted = Tally.State(total: 1000, additions: 3)
        try await store.saveSnapshot(
            Snapshot(stream: stream, version: 3, stateVersion: stateVersion, state: try EventPayload.encode(planted))
        )
    }

    @Test func loadingStartsFromTheSnapshotAndReadsOnlyLaterEvents() async throws {
        try await plantSnapshot(stateVersion: "tally-1")
        let spy = SpyEventStore(store)
        let processor = CommandProcessor(eventStore: spy)
        let seen = Seen<Tally.State>()
        try await processor.handle(
            AdHocCommand("t") { state, _ in
                seen.record(state)
                return [Tally.Emits]()
            },
            with: TallyV1()
        )
        #expect(spy.snapshotLoads == 1)
        #expect(spy.streamReads == [4])
        #expect(seen.last == Tally.State(total: 1004, additions: 4))
    }

    @Test func aSnapshotOfAnotherStateVersionIsIgnored() async throws {
        try await plantSnapshot(stateVersion: "tally-1")
        let spy = SpyEventStore(store)
        let processor = CommandProcessor(eventStore: spy)
        let seen = Seen<Tally.State>()
        try await processor.handle(
            AdHocCommand("t") { state, _ in
                seen.record(state)
                return [Tally.Emits]()
            },
            with: TallyV2()
        )
        #expect(spy.streamReads == [1])
        #expect(seen.last == Tally.State(total: 10, additions: 4))
    }

    @Test func aCachedStateIsPreferredToTheSnapshot() async throws {
        try await plantSnapshot(stateVersion: "tally-1")
        let spy = SpyEventStore(store)
        let processor = CommandProcessor(eventStore: spy)
        try await processor.add(1, to: "t", using: TallyV1())
        let loads = spy.snapshotLoads
        try await processor.add(1, to: "t", using: TallyV1())
        #expect(spy.snapshotLoads == loads)
        // The first command read the events after the snapshot; the second was decided on the cached state.
        #expect(spy.streamReads == [4])
    }
}
