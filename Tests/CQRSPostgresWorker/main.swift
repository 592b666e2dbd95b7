import CQRS
import CQRSPostgres
import Foundation

// A child process for the PostgreSQL tests: runs the Ledger projection against a schema until killed.
//
//   cqrs-postgres-worker URL SCHEMA WRITER DELAY_MS BATCH_SIZE

let arguments = CommandLine.arguments
guard arguments.count == 6, let delay = Int(arguments[4]), let batchSize = Int(arguments[5]) else {
    FileHandle.standardError.write(Data("usage: cqrs-postgres-worker URL SCHEMA WRITER DELAY_MS BATCH_SIZE\n".utf8))
    exit(2)
}
let writer = arguments[3]
var configuration = try PostgresStoreConfiguration(url: arguments[1], schema: arguments[2])
configuration.applicationName = "cqrs-worker-\(writer)"
configuration.maximumConnections = 2
configuration.leaseRetryInterval = .milliseconds(200)
try await PostgresStore.withStore(configuration: configuration) { store in
    let runner = ProjectionRunner(
        projection: Ledger(writer: writer, delay: .milliseconds(delay)),
        eventStore: store,
        readStore: store,
        configuration: .init(batchSize: batchSize)
    )
    print("worker \(writer) running")
    try await runner.run()
}
