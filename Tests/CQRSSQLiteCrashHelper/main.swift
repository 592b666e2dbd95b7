import CQRS
import CQRSSQLite
import Foundation

// A child process for the SQLite crash test, which SIGKILLs it mid-projection and then checks that a
// restarted runner leaves exactly the read model a full replay builds.
//
//   cqrs-sqlite-crash-helper run PATH EVENTS     append EVENTS events while projecting them (slowly), forever
//   cqrs-sqlite-crash-helper resume PATH         project until caught up with the head, then exit
//   cqrs-sqlite-crash-helper replay PATH TARGET  rebuild the read model from PATH's log into TARGET, then exit

/// Per user: how many events and the sum of their numbers. The first event of a user inserts its row (an
/// event applied twice would fail on the taken key or count twice).
struct Totals: ReadModelProjection {
    static let schema = ReadModelSchema(
        name: "Totals",
        columns: [
            .init(name: "user", type: .string), .init(name: "events", type: .int), .init(name: "sum", type: .int),
            .init(name: "lastPosition", type: .int),
        ],
        key: ["user"],
        indexes: [["events"]]
    )

    struct Added: Codable {
        var user: String
        var number: Int64
    }

    /// A pause per event, so that the projection is still running when the parent kills it.
    var delay: Duration = .zero

    var name: String { Self.schema.name }
    var schema: ReadModelSchema { Self.schema }
    var eventTypes: Set<String> { ["Crash.Added"] }

    func apply(_ event: RecordedEvent, to batch: ProjectionBatch) async throws {
        if delay > .zero { try await Task.sleep(for: delay) }
        let added = try EventPayload.decode(Added.self, from: event.payload)
        let key: [ColumnValue] = [.string(added.user)]
        if let row = try await batch.row(key: key), case .int(let events) = row[1], case .int(let sum) = row[2] {
            batch.upsert([.string(added.user), .int(events + 1), .int(sum + added.number), .int(event.position)])
        } else {
            try await batch.insert([.string(added.user), .int(1), .int(added.number), .int(event.position)])
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("cqrs-sqlite-crash-helper: \(message)\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: run PATH EVENTS | resume PATH | replay PATH TARGET") }
let store = try SQLiteStore(path: arguments[2])

switch arguments[1] {
case "run":
    guard arguments.count == 4, let count = Int(arguments[3]) else { fail("usage: run PATH EVENTS") }
    let runner = ProjectionRunner(
        projection: Totals(delay: .milliseconds(1)),
        eventStore: store,
        readStore: store,
        configuration: .init(batchSize: 7)
    )
    let projecting = Task { try await runner.run() }
    for number in 1...count {
        let added = Totals.Added(user: "user-\(number % 13)", number: Int64(number))
        let event = NewEvent(eventType: "Crash.Added", schemaVersion: 1, payload: try EventPayload.encode(added))
        _ = try await store.append(
            AppendRequest(
                stream: StreamID(category: "Crash", id: "\(number % 5)"), expectedVersion: .any, events: [event],
                commandID: UUID()))
    }
    print("appended \(count)")
    _ = await projecting.result  // until killed
case "resume":
    let runner = ProjectionRunner(projection: Totals(), eventStore: store, readStore: store)
    let head = try await store.headPosition()
    let projecting = Task { try await runner.run() }
    try await runner.waitUntilProcessed(head, timeout: .seconds(120))
    projecting.cancel()
    _ = await projecting.result
    print("resumed to \(head)")
case "replay":
    guard arguments.count == 4 else { fail("usage: replay PATH TARGET") }
    let target = try SQLiteStore(path: arguments[3])
    try await ProjectionRunner(projection: Totals(), eventStore: store, readStore: target).rebuild()
    print("replayed")
default:
    fail("unknown mode \(arguments[1])")
}
