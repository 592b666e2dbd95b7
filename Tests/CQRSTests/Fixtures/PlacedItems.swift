import CQRS
import Foundation
import Testing

/// A raw-row read model of placed orders per user, in two shapes: for the reshape and lease tests.
enum PlacedItems {
    static let name = "PlacedItems"

    /// The first shape: orders per user.
    static let v1 = ReadModelSchema(
        name: name,
        columns: [.init(name: "userId", type: .string), .init(name: "orders", type: .int)],
        key: ["userId"]
    )

    /// The second shape: the items too, and an index on the order count.
    static let v2 = ReadModelSchema(
        name: name,
        columns: [
            .init(name: "userId", type: .string), .init(name: "orders", type: .int), .init(name: "items", type: .int),
        ],
        key: ["userId"],
        indexes: [["orders"]]
    )

    /// Counts `OrderPlaced` events into rows of `schema` (either shape); waits at the gate's position.
    struct Projection: ReadModelProjection {
        var schema: ReadModelSchema
        var gate: Gate?

        init(schema: ReadModelSchema, gate: Gate? = nil) {
            self.schema = schema
            self.gate = gate
        }

        var name: String { PlacedItems.name }
        var eventTypes: Set<String> { [Shop.OrderPlaced.eventType] }

        func apply(_ event: RecordedEvent, to batch: ProjectionBatch) async throws {
            await gate?.pass(event.position)
            let placed = try EventPayload.decode(Shop.OrderPlaced.self, from: event)
            let key: [ColumnValue] = [.string(placed.userId)]
            let old = try await batch.row(key: key)
            func count(_ index: Int) -> Int64 {
                guard let old, case .int(let value) = old[index] else { return 0 }
                return value
            }
            if schema.columns.count == 2 {
                batch.upsert([.string(placed.userId), .int(count(1) + 1)])
            } else {
                batch.upsert([.string(placed.userId), .int(count(1) + 1), .int(count(2) + Int64(placed.items.count))])
            }
        }
    }
}

/// Holds a projection before the event at one position until the test opens it.
final class Gate: Sendable {
    let position: Int64
    private let reached = AsyncStream.makeStream(of: Void.self)
    private let opened = AsyncStream.makeStream(of: Void.self)

    init(position: Int64) {
        self.position = position
    }

    /// Waits while closed if `position` is the gate's.
    func pass(_ position: Int64) async {
        guard position == self.position else { return }
        reached.continuation.yield()
        for await _ in opened.stream { break }
    }

    /// Returns once a projection waits at the gate.
    func waitUntilReached() async {
        for await _ in reached.stream { break }
    }

    /// Lets every waiter (and later passer) through.
    func open() {
        opened.continuation.finish()
    }
}

/// Polls `condition` until it holds; records an issue after `limit` (a safety net, not a timing assertion).
func eventually(
    _ what: String,
    limit: Duration = .seconds(30),
    _ condition: @Sendable () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("never happened: \(what)")
            return
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}
