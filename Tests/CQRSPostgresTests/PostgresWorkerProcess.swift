import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `cqrs-postgres-worker` child process running the Ledger projection, which the tests kill with
/// SIGKILL.
final class PostgresWorkerProcess: @unchecked Sendable {
    /// The worker's executable is not next to the test bundle.
    struct NotBuilt: Error, CustomStringConvertible {
        var description: String { "cqrs-postgres-worker was not found next to the test binary" }
    }

    let writer: String
    private let process = Process()
    let log: URL

    /// Starts a worker for `schema`, naming itself `writer` (its connections are `cqrs-worker-<writer>…`).
    init(url: String, schema: String, writer: String, delayMilliseconds: Int, batchSize: Int) throws {
        self.writer = writer
        process.executableURL = try Self.executable()
        process.arguments = [url, schema, writer, "\(delayMilliseconds)", "\(batchSize)"]
        log = FileManager.default.temporaryDirectory.appendingPathComponent("cqrs-worker-\(schema)-\(writer).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Kills the process with SIGKILL and waits for it to end.
    func kill() {
        guard process.isRunning else { return }
        signalKill(process.processIdentifier)
        process.waitUntilExit()
    }

    /// What the worker printed.
    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning {
            signalKill(process.processIdentifier)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: log)
    }

    private static func executable() throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("cqrs-postgres-worker")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw NotBuilt()
    }
}

/// Sends SIGKILL.
private func signalKill(_ pid: Int32) {
    #if canImport(Glibc)
        _ = Glibc.kill(pid, SIGKILL)
    #elseif canImport(Darwin)
        _ = Darwin.kill(pid, SIGKILL)
    #endif
}
