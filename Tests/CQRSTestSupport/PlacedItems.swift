import CQRS
import Foundation

/// A raw-row read model of placed orders per user, in two shapes: for the reshape and lease tests.
package enum PlacedItems {
    package static let name = "PlacedItems"

    /// The first shape: orders per user.
    package static let v1 = ReadModelSchema(
        name: name,
        columns: [.init(name: "userId", type: .string), .init(name: "orders", type: .int)],
        key: ["userId"]
    )

    /// The second shape: the items too, and an index on the order count.
    package static let v2 = ReadModelSchema(
        name: name,
        columns: [
            .init(name: "userId", type: .string), .init(name: "orders", type: .int), .init(name: "items", type: .int),
        ],
        key: ["userId"],
        indexes: [["orders"]]
    )

    /// Counts `OrderPlaced` events into rows of `schema` (either shape); waits at the gate's position.
    package struct Projection: ReadModelProjection {
        package var schema: ReadModelSchema
        var gate: Gate?

        package init(schema: ReadModelSchema, gate: Gate? = nil) {
            self.schema = schema
            self.gate = gate
        }

        package var name: String { PlacedItems.name }
        package var eventTypes: Set<String> { [Shop.OrderPlaced.eventType] }

        package func apply(_ event: RecordedEvent, to batch: ProjectionBatch) async throws {
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
package final class Gate: Sendable {
    package let position: Int64
    private let reached = AsyncStream.makeStream(of: Void.self)
    private let opened = AsyncStream.makeStream(of: Void.self)

    package init(position: Int64) {
        self.position = position
    }

    /// Waits while closed if `position` is the gate's.
    package func pass(_ position: Int64) async {
        guard position == self.position else { return }
        reached.continuation.yield()
        for await _ in opened.stream { break }
    }

    /// Returns once a projection waits at the gate.
    package func waitUntilReached() async {
        for await _ in reached.stream { break }
    }

    /// Lets every waiter (and later passer) through.
    package func open() {
        opened.continuation.finish()
    }
}

/// `eventually` gave up.
package struct NeverHappened: Error, CustomStringConvertible {
    package var what: String
    package var description: String { "never happened: \(what)" }
}

/// Polls `condition` until it holds; throws ``NeverHappened`` after `limit` (a safety net, not a timing
/// assertion).
package func eventually(
    _ what: String,
    limit: Duration = .seconds(30),
    _ condition: @Sendable () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            throw NeverHappened(what: what)
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}
