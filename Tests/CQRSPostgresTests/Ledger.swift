import CQRS
import CQRSTestSupport
import Foundation

/// A projection that records every event it is given as a row keyed by position (an insert: a position
/// seen twice fails the runner), with the runner that applied it: for the gap, lease and crash tests.
/// `cqrs-postgres-worker` runs the same projection in child processes.
struct Ledger: ReadModelProjection {
    static let schema = ReadModelSchema(
        name: "Ledger",
        columns: [
            .init(name: "position", type: .int),
            .init(name: "stream", type: .string),
            .init(name: "version", type: .int),
            .init(name: "eventType", type: .string),
            .init(name: "writer", type: .string),
        ],
        key: ["position"],
        indexes: [["stream"]]
    )

    /// The event types the tests append.
    static let eventTypes: Set<String> = ["Gap.Happened", "Held.Happened"]

    /// Written into every row: which runner applied it.
    var writer = "test"
    /// A pause per event, to keep a runner mid-projection.
    var delay: Duration = .zero

    var name: String { Self.schema.name }
    var schema: ReadModelSchema { Self.schema }
    var eventTypes: Set<String> { Self.eventTypes }

    func apply(_ event: RecordedEvent, to batch: ProjectionBatch) async throws {
        if delay > .zero { try await Task.sleep(for: delay) }
        try await batch.insert([
            .int(event.position), .string(event.streamID.description), .int(event.streamVersion),
            .string(event.eventType), .string(writer),
        ])
    }

    /// The rows without the writer column, in position order.
    static func entries(_ rows: [[ColumnValue]]) -> [[ColumnValue]] {
        rows.map { Array($0.prefix(4)) }.sorted { ColumnValue.compare($0[0], $1[0]) < 0 }
    }
}
