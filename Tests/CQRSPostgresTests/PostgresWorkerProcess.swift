import CQRSTestSupport

/// A `cqrs-postgres-worker` child process running the Ledger projection, which the tests kill with
/// SIGKILL.
final class PostgresWorkerProcess: Sendable {
    let writer: String
    private let process: ChildProcess

    /// Starts a worker for `schema`, naming itself `writer` (its connections are `cqrs-worker-<writer>…`).
    init(url: String, schema: String, writer: String, delayMilliseconds: Int, batchSize: Int) throws {
        self.writer = writer
        process = try ChildProcess(
            "cqrs-postgres-worker", [url, schema, writer, "\(delayMilliseconds)", "\(batchSize)"])
    }

    /// Kills the process with SIGKILL and waits for it to end.
    func kill() { process.killAndWait() }

    /// What the worker printed.
    var output: String { process.output }
}
