import CQRS
import CQRSTestSupport
import CQRSTesting
import Foundation
import Testing

/// The generated code of a state-stored aggregate (`Locker`, `storage: state`), on every store: its state's
/// fields in columns of `Locker_state` (an optional, an enum, a date, an array and a union as JSON), its
/// handler changing the state in place, and the write side read back.
@Suite("Generated code: a state-stored aggregate")
struct StateStoredTests {
    func makeApp(_ kind: StoreKind) async throws -> (Edge.Application, any ReadStore) {
        let (events, rows) = try await kind.makeSharedStores()
        let app = try Edge.Application(
            eventStore: events, readStore: rows, room: RoomRules(), guest: GuestRules(), ticket: TicketRules(),
            locker: LockerRules(), audit: AuditTrail(), busiestRooms: Busiest(), auditCount: CountAudit())
        return (app, rows)
    }

    @Test("The state is a row of columns, saved with its events", arguments: StoreKind.tested)
    func theStateIsARow(kind: StoreKind) async throws {
        let (app, rows) = try await makeApp(kind)
        let tags = [Edge.Tag(name: "blue", weight: 0.5)]
        let assigned = try await app.sendReturningState(
            Edge.AssignLocker(lockerId: "L1", holder: "ada", size: .high, tags: tags))
        #expect(assigned.receipt.version == 1 && assigned.state.holder == "ada" && assigned.state.uses == 1)

        #expect(
            Edge.Locker.Definition.stateSchema.columns.map(\.type) == [
                .string, .int, .string, .string, .date, .json, .json, .int,
            ])
        let row = try #require(try await rows.row(in: "Locker_state", key: [.string("L1")]))
        #expect(row.prefix(4) == [.string("L1"), .int(1), .string("ada"), .string("high")])

        try await app.send(Edge.ReleaseLocker(lockerId: "L1"))
        let current = try #require(try await app.state(of: "L1", in: Edge.Locker.self))
        #expect(current.version == 2)
        #expect(
            current.state
                == Edge.Locker.State(
                    holder: nil, size: .high, openedAt: Date(timeIntervalSince1970: 1_714_564_800), tags: tags,
                    message: nil, uses: 1))
        await #expect(throws: LockerRules.Taken()) { try await app.send(Edge.ReleaseLocker(lockerId: "L1")) }
        let events = try await app.engine.eventStore.readStream(StreamID(category: "Locker", id: "L1"))
        #expect(events.map(\.eventType) == ["Locker.LockerAssigned", "Locker.LockerReleased"])
    }

    @Test("A decide scenario starts from a stored state and sees the state decide changed")
    func decideScenario() throws {
        let definition = Edge.Locker.Definition(LockerRules())
        try DecideScenario(definition)
            .given(state: .init(holder: "ada", size: .low, uses: 3), version: 7)
            .when(Edge.ReleaseLocker(lockerId: "L1"))
            .then(.lockerReleased(.init()))
            .thenState { $0.holder == nil && $0.uses == 3 }
        try DecideScenario(definition)
            .when(Edge.AssignLocker(lockerId: "L1", holder: "bob", size: .high, tags: []))
            .thenState { $0.holder == "bob" && $0.uses == 1 }
        try DecideScenario(definition)
            .when(Edge.ReleaseLocker(lockerId: "L1"))
            .thenThrows(CommandError.self)
    }
}
