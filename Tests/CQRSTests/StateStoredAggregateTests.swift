import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// State-stored aggregates (CQRS without event sourcing), on every store: the state is a row written in the
/// transaction of the append of its events.
@Suite("State-stored aggregates")
struct StateStoredAggregateTests {
    struct Refused: Error, Equatable {}

    func engine(_ stores: (events: any EventStore, rows: any ReadStore)) throws -> Engine {
        try Engine(eventStore: stores.events, readStore: stores.rows, projections: [])
    }

    /// The row of `id` in `Seats_state`.
    func row(_ id: String, in rows: any ReadStore) async throws -> [ColumnValue]? {
        try await rows.row(in: Seats.stateModelName, key: [.string(id)])
    }

    @Test("A command writes the state's row and appends its events, at one version", arguments: StoreKind.tested)
    func theRowAndTheEventsAgree(kind: StoreKind) async throws {
        let stores = try await kind.makeSharedStores()
        let app = try engine(stores)
        let opened = try await app.commands.handleReturningState(OpenSeats("s1", seats: 3), with: Seats())
        #expect(opened.receipt.version == 1 && opened.state == Seats.State(holder: "ada", seats: 3, changes: 1))
        try await app.commands.handle(SetSeats("s1", holder: "bob", seats: 5), with: Seats())

        #expect(try await row("s1", in: stores.rows) == [.string("s1"), .int(2), .string("bob"), .int(5), .int(2)])
        let events = try await stores.events.readStream(Seats.streamID("s1"))
        #expect(events.map(\.streamVersion) == [1, 2])
        #expect(try events.map(Seats.decode) == [.changed(.init(seats: 3)), .changed(.init(seats: 5))])

        // A processor with nothing cached reads the row.
        let other = try engine(stores)
        let current = try await other.commands.state(of: "s1", in: Seats())
        #expect(
            current
                == VersionedState(
                    stream: Seats.streamID("s1"), version: 2, state: .init(holder: "bob", seats: 5, changes: 2)))
        #expect(try await other.commands.state(of: "nobody", in: Seats()) == nil)
        await #expect(throws: CommandError.self) {
            try await other.commands.handle(SetSeats("nobody", seats: 1), with: Seats())
        }
        await #expect(throws: CommandError.self) {
            try await other.commands.handle(OpenSeats("s1", seats: 1), with: Seats())
        }
    }

    @Test("A writer with a stale state conflicts, and is retried on the stored row", arguments: StoreKind.tested)
    func staleWritersRetry(kind: StoreKind) async throws {
        let stores = try await kind.makeSharedStores()
        let first = try engine(stores)
        let second = try engine(stores)
        try await first.commands.handle(OpenSeats("s1", seats: 1), with: Seats())
        try await first.commands.handle(SetSeats("s1", seats: 2), with: Seats())  // first caches version 2
        try await second.commands.handle(SetSeats("s1", seats: 3), with: Seats())  // version 3
        let retried = try await first.commands.handleReturningState(SetSeats("s1", seats: 4), with: Seats())
        #expect(retried.receipt.version == 4 && retried.state == Seats.State(holder: "ada", seats: 4, changes: 4))
        #expect(try await row("s1", in: stores.rows) == [.string("s1"), .int(4), .string("ada"), .int(4), .int(4)])
        #expect(try await stores.events.readStream(Seats.streamID("s1")).map(\.streamVersion) == [1, 2, 3, 4])

        // The version the client saw is checked against the row.
        let stale = CommandOptions(expectedVersion: 3)
        await #expect(throws: CommandError.self) {
            try await second.commands.handle(SetSeats("s1", seats: 9), with: Seats(), options: stale)
        }
    }

    @Test("A resend, a refusal and a decision without events save nothing", arguments: StoreKind.tested)
    func nothingIsSavedWithoutItsEvents(kind: StoreKind) async throws {
        let stores = try await kind.makeSharedStores()
        let app = try engine(stores)
        let options = CommandOptions()
        try await app.commands.handle(OpenSeats("s1", seats: 1), with: Seats())
        let first = try await app.commands.handle(SetSeats("s1", seats: 2), with: Seats(), options: options)
        try await app.commands.handle(SetSeats("s1", seats: 3), with: Seats())
        let resent = try await app.commands.handleReturningState(
            SetSeats("s1", seats: 2), with: Seats(), options: options)
        #expect(resent.receipt.isDuplicate && resent.receipt.version == first.version)
        #expect(resent.state.seats == 3, "a state-stored aggregate keeps only its current state")

        await #expect(throws: Refused()) {
            try await app.commands.handle(SetSeats("s1", seats: 8, refusal: Refused()), with: Seats())
        }
        let unchanged = try await app.commands.handle(SetSeats("s1", seats: nil), with: Seats())
        #expect(unchanged.eventCount == 0 && unchanged.version == 3)
        #expect(try await row("s1", in: stores.rows) == [.string("s1"), .int(3), .string("ada"), .int(3), .int(3)])
        #expect(try await stores.events.headPosition() > 0)
        #expect(try await stores.events.readStream(Seats.streamID("s1")).count == 3)
    }

    @Test("A table of another shape is refused, and its rows are kept", arguments: StoreKind.tested)
    func anotherShapeIsRefused(kind: StoreKind) async throws {
        let stores = try await kind.makeSharedStores()
        let old = ReadModelSchema(
            name: Seats.stateModelName,
            columns: [
                .init(name: "id", type: .string), .init(name: "version", type: .int), .init(name: "seats", type: .int),
            ],
            key: ["id"])
        let preparation = try await stores.rows.prepare(old)
        try await stores.rows.commit(
            [.upsert([.string("s1"), .int(1), .int(5)])], to: preparation.target, expected: 0, checkpoint: 0)

        let app = try engine(stores)
        let error = await #expect(throws: StateStorageError.self) {
            try await app.commands.handle(OpenSeats("s2", seats: 1), with: Seats())
        }
        guard case .shapeChanged(let aggregate, let stored, let expected) = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(aggregate == "Seats" && stored == old.shapeHash && expected == Seats.stateSchema.shapeHash)
        #expect(try await row("s1", in: stores.rows) == [.string("s1"), .int(1), .int(5)])
        #expect(try await stores.events.headPosition() == 0)
    }

    @Test("A stream with events but no row is refused, not read as new", arguments: StoreKind.tested)
    func aRowBehindItsStreamIsRefused(kind: StoreKind) async throws {
        let stores = try await kind.makeSharedStores()
        let event = try Seats.encode(.changed(.init(seats: 2)))
        _ = try await stores.events.append(
            AppendRequest(stream: Seats.streamID("old"), expectedVersion: .noStream, events: [event]))
        let app = try engine(stores)
        let refusal = StateStorageError.rowBehindStream(stream: Seats.streamID("old"))
        await #expect(throws: refusal) { try await app.commands.handle(SetSeats("old", seats: 3), with: Seats()) }
        await #expect(throws: refusal) { try await app.commands.state(of: "old", in: Seats()) }
    }

    @Test func aStateStoredAggregateHasNoHistoryAndNeedsSharedTransactions() async throws {
        let app = try engine((InMemoryEventStore(), InMemoryReadStore()))
        try await app.commands.handle(OpenSeats("s1", seats: 1), with: Seats())
        await #expect(throws: StateStorageError.noHistory(aggregate: "Seats")) {
            try await app.commands.state(of: "s1", in: Seats(), asOf: .version(1))
        }
        let alone = CommandProcessor(eventStore: InMemoryEventStore())
        await #expect(throws: StateStorageError.noSharedTransaction(aggregate: "Seats")) {
            try await alone.handle(OpenSeats("s1", seats: 1), with: Seats())
        }
        #expect("\(StateStorageError.noHistory(aggregate: "Seats"))".contains("storage: state"))
    }
}
