import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An executable of this package run as a child process of the tests (built next to the test binary), its
/// output kept in a temporary file; killed with SIGKILL for the crash tests, and when released.
package final class ChildProcess: @unchecked Sendable {
    /// The executable is missing, or the process failed.
    package struct Failed: Error, CustomStringConvertible {
        package var description: String
    }

    private let process = Process()
    private let log: URL

    /// Starts `executable` (a product of this package) with `arguments`.
    package init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = try Self.find(executable)
        process.arguments = arguments
        log = FileManager.default.temporaryDirectory.appendingPathComponent("\(executable)-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Runs `executable` with `arguments` and waits for it; throws with its output when it fails.
    package static func runToEnd(_ executable: String, _ arguments: [String]) throws {
        let child = try ChildProcess(executable, arguments)
        child.process.waitUntilExit()
        guard child.process.terminationStatus == 0 else {
            throw Failed(description: "\(executable) \(arguments) failed: \(child.output)")
        }
    }

    /// Whether the process still runs.
    package var isRunning: Bool { process.isRunning }

    /// What the process printed so far.
    package var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// SIGKILL, then wait for the process to end.
    package func killAndWait() {
        guard process.isRunning else { return }
        #if canImport(Glibc)
            _ = Glibc.kill(process.processIdentifier, SIGKILL)
        #elseif canImport(Darwin)
            _ = Darwin.kill(process.processIdentifier, SIGKILL)
        #endif
        process.waitUntilExit()
    }

    deinit {
        killAndWait()
        try? FileManager.default.removeItem(at: log)
    }

    private static func find(_ executable: String) throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(executable)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw Failed(description: "\(executable) was not found next to the test binary")
    }
}
