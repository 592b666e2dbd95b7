import CQRS
import CQRSPostgres
import CQRSSQLite
import CQRSTestSupport
import Foundation

// A child process for the state-stored kill test: changes the seats of eight subscriptions (the
// state-stored `Seats`) from four concurrent tasks until it is killed with SIGKILL. The test then checks
// that every state row and its stream in the log agree.
//
//   cqrs-state-writer sqlite PATH
//   cqrs-state-writer postgres URL SCHEMA

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("cqrs-state-writer: \(message)\n".utf8))
    exit(2)
}

/// Changes seats forever through `engine`.
func write(through engine: Engine) async throws {
    for number in 0..<8 {
        do {
            try await engine.commands.handle(OpenSeats("s\(number)", seats: 1), with: Seats())
        } catch CommandError.streamAlreadyExists {
            // A restarted writer: the subscription is there.
        }
    }
    print("writing")
    try await withThrowingTaskGroup(of: Void.self) { group in
        for task in 0..<4 {
            group.addTask {
                var seats = task * 1_000_000
                while true {
                    seats += 1
                    try await engine.commands.handle(SetSeats("s\(seats % 8)", seats: seats), with: Seats())
                }
            }
        }
        try await group.waitForAll()
    }
}

let arguments = CommandLine.arguments
switch (arguments.count, arguments.dropFirst().first) {
case (3, "sqlite"):
    let store = try SQLiteStore(path: arguments[2])
    try await write(through: try Engine(eventStore: store, readStore: store, projections: []))
case (4, "postgres"):
    var configuration = try PostgresStoreConfiguration(url: arguments[2], schema: arguments[3])
    configuration.applicationName = "cqrs-state-writer"
    configuration.maximumConnections = 4
    try await PostgresStore.withStore(configuration: configuration) { store in
        try await write(through: try Engine(eventStore: store, readStore: store, projections: []))
    }
default:
    fail("usage: sqlite PATH | postgres URL SCHEMA")
}
