import CQRS
import Foundation
import Synchronization

/// A read model with a column of every type, for the tests that read read models from outside the
/// toolkit (the sqlite3 shell, psql) through their stable names.
package enum ReadableColumns {
    package static let schema = ReadModelSchema(
        name: "AllTypes",
        columns: [
            .init(name: "n", type: .int),
            .init(name: "flag", type: .bool, nullable: true),
            .init(name: "ratio", type: .double, nullable: true),
            .init(name: "amount", type: .decimal, nullable: true),
            .init(name: "label", type: .string, nullable: true),
            .init(name: "doc", type: .json, nullable: true),
            .init(name: "at", type: .date, nullable: true),
            .init(name: "id", type: .uuid, nullable: true),
            .init(name: "bytes", type: .data, nullable: true),
        ],
        key: ["n"],
        indexes: [["amount"], ["id"], ["at"]]
    )

    /// Rows with values whose text is exact in every tool, and a row of NULLs.
    package static let rows: [[ColumnValue]] = [
        [
            .int(1), .bool(true), .double(2.5), .decimal(Decimal(string: "30")!), .string("plain"),
            .json(#"{"a":[1,2]}"#), .date(Date(timeIntervalSince1970: 1_714_564_800)),
            .uuid(UUID(uuidString: "0F8FAD5B-D9CB-469F-A165-70867728950E")!), .data(Data([0x01, 0x02, 0xFF])),
        ],
        [
            .int(2), .bool(false), .double(-0.125), .decimal(Decimal(string: "-1234.5678")!), .string("é ünïcode"),
            .json("[]"), .date(Date(timeIntervalSince1970: 1_714_564_800.5)),
            .uuid(UUID(uuidString: "FFFFFFFF-0000-4000-8000-000000000001")!), .data(Data()),
        ],
        [.int(3), .null, .null, .null, .null, .null, .null, .null, .null],
    ]

    /// The columns' names, in schema order.
    package static let columnNames = schema.columns.map(\.name)

    /// Runs a command-line tool and returns its standard output; fails with its standard error.
    package static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> String
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailed(
                tool: tool, status: process.terminationStatus, message: String(decoding: errorText, as: UTF8.self))
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A tool exited with an error (or is not installed: status 127).
    package struct ToolFailed: Error, CustomStringConvertible {
        package let tool: String
        package let status: Int32
        package let message: String

        package var description: String { "\(tool) exited with \(status): \(message)" }
    }
}

/// What a concurrent reader saw, in order (for the promotion tests).
package final class Observations: Sendable {
    private let seen = Mutex<[String]>([])

    package init() {}

    package func record(_ observation: String) {
        seen.withLock { $0.append(observation) }
    }

    package var snapshot: [String] { seen.withLock { $0 } }
}

/// A reshape promoted while another connection reads the model's stable name in a loop.
package enum PromotionWhileReading {
    /// The model: `Shelf`, 50 rows of generation 1, reshaped (a column added) into 80 rows of
    /// generation 2.
    package static let first = ReadModelSchema(
        name: "Shelf", columns: [.init(name: "id", type: .int), .init(name: "generation", type: .int)], key: ["id"])
    package static let second = ReadModelSchema(
        name: "Shelf", columns: first.columns + [.init(name: "note", type: .string, nullable: true)], key: ["id"])

    /// What a reader of the stable name may see: the whole old model or the whole new one, as
    /// `count/min(generation)/max(generation)`.
    package static let allowed: Set<String> = ["50/1/1", "80/2/2"]

    /// Runs the reshape while `read` (one `SELECT count(*), min(generation), max(generation)` of
    /// the stable name, as text) runs in a loop; returns what it saw, errors included.
    package static func run(_ store: any ReadStore, read: @escaping @Sendable () async throws -> String)
        async throws -> [String]
    {
        _ = try await store.prepare(first)
        try await store.commit(
            (1...50).map { .upsert([.int(Int64($0)), .int(1)]) }, to: "Shelf", expected: 0, checkpoint: 1)
        let observations = Observations()
        let reading = Task {
            while !Task.isCancelled {
                do {
                    observations.record(try await read())
                } catch {
                    if Task.isCancelled { break }  // done reading
                    observations.record("error: \(String(reflecting: error))")
                }
            }
        }
        while observations.snapshot.isEmpty { try await Task.sleep(for: .milliseconds(1)) }
        let preparation = try await store.prepare(second)
        guard preparation.isStaging else { throw UnexpectedPreparation(preparation: preparation) }
        try await store.commit(
            (1...80).map { .upsert([.int(Int64($0)), .int(2), .string("n")]) }, to: preparation.target, expected: 0,
            checkpoint: 1)
        try await store.promote(second)
        let count = observations.snapshot.count
        while observations.snapshot.count < count + 20 { try await Task.sleep(for: .milliseconds(1)) }
        reading.cancel()
        _ = await reading.result
        return observations.snapshot
    }

    /// The reshape was not prepared as a staging table.
    package struct UnexpectedPreparation: Error {
        package let preparation: ModelPreparation
    }
}
