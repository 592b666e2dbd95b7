import CQRS
import CQRSPostgres
import CQRSSQLite
import CQRSTestSupport
import Foundation
import Testing

/// A writer of a state-stored aggregate killed with SIGKILL at random moments, three times: after each
/// kill, every state row and its stream in the log agree (the row's version is the stream's last, its
/// state the last event's), since both are written in one transaction; a new writer carries on from them.
@Suite("State-stored aggregates: killed writers", .timeLimit(.minutes(3)))
struct StateStoredKillTests {
    static let durable = StoreKind.tested.filter { $0 != .inMemory }

    @Test("The state rows and the log agree after every kill", arguments: durable)
    func theRowsAndTheLogAgree(kind: StoreKind) async throws {
        let path = SQLiteTestDatabase.newPath()
        let schema = PostgresTestDatabase.freshSchema()
        let arguments: [String]
        let store: any EventStore & ReadStore
        switch kind {
        case .sqlite:
            arguments = ["sqlite", path]
            store = try SQLiteStore(path: path)
        case .postgres:
            arguments = ["postgres", try PostgresTestDatabase.url(), schema]
            store = try PostgresTestDatabase.makeStore(schema: schema)
        case .inMemory:
            return
        }
        var written = 0
        for round in 1...3 {
            let writer = try ChildProcess("cqrs-state-writer", arguments)
            // Kill it at a random moment once it has written a little more.
            // (Counted, not by position: PostgreSQL's positions are far apart.)
            let target = written + Int.random(in: 20...200)
            while try await store.countEvents(after: 0, atMost: .max) < target {
                try await Task.sleep(for: .milliseconds(5))
                guard writer.isRunning else {
                    Issue.record("the writer exited: \(writer.output)")
                    return
                }
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...30)))
            writer.killAndWait()
            written = try await store.countEvents(after: 0, atMost: .max)
            try await expectRowsAgreeWithTheLog(store, round: round)
        }
        // A processor of this process carries on from the rows.
        let engine = try Engine(eventStore: store, readStore: store, projections: [])
        let before = try #require(try await engine.commands.state(of: "s0", in: Seats()))
        let after = try await engine.commands.handle(SetSeats("s0", seats: 7), with: Seats())
        #expect(after.version == before.version + 1)
    }

    func expectRowsAgreeWithTheLog(_ store: any EventStore & ReadStore, round: Int) async throws {
        var written = 0
        for number in 0..<8 {
            let stream = Seats.streamID("s\(number)")
            let events = try await store.readStream(stream)
            let row = try await store.row(in: Seats.stateModelName, key: [.string(stream.id)])
            guard let last = events.last else {
                #expect(row == nil, "round \(round): s\(number) has a row but no events")
                continue
            }
            guard case .changed(let changed) = try Seats.decode(last) else { continue }
            #expect(
                row == [
                    .string(stream.id), .int(last.streamVersion), .string("ada"), .int(Int64(changed.seats)),
                    .int(Int64(events.count)),
                ],
                "round \(round): s\(number)")
            written += events.count
        }
        print("round \(round): \(written) events, every row at its stream's version")
    }
}
