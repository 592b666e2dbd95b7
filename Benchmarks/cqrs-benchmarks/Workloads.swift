import ArgumentParser
import CQRS
import Foundation

// The workloads every store's benchmark runs the same way: W1/W1c (place and pay), W2 (rebuild) and
// reading the log back.

/// `orders` orders placed then paid through `processor`, one command per transaction, by `clients`
/// concurrent clients; events per second. Checks that the log holds exactly the events written.
func placeAndPayConcurrently(eventStore: any EventStore, orders: Int, clients: Int) async throws -> Double {
    try await placeAndPayConcurrently(
        processor: CommandProcessor(eventStore: eventStore), orders: orders, clients: clients)
}

/// W1 with UserOrders inline (W1-inline): the same commands through an engine whose UserOrders projection
/// changes its rows in each append's transaction, over `store` (events and rows in one database); events
/// per second. Checks the log, and that every order has its row.
func placeAndPayInline(eventStore: any EventStore, readStore: any ReadStore, orders: Int, clients: Int)
    async throws -> Double
{
    let engine = try Engine(eventStore: eventStore, readStore: readStore, projections: [InlineUserOrders()])
    return try await engine.withProjectionsRunning {
        let rate = try await placeAndPayConcurrently(processor: engine.commands, orders: orders, clients: clients)
        let rows = try await readStore.rows(in: Shop.UserOrders.name, matching: [], orderBy: [], page: nil).rows.count
        guard rows == orders else { throw ValidationError("expected \(orders) UserOrders rows, found \(rows)") }
        return rate
    }
}

/// UserOrders, inline: its rows change in the transaction of each append.
struct InlineUserOrders: ReadModelProjection {
    let base = Shop.UserOrders.Projection(UserOrdersHandler())
    var name: String { base.name }
    var schema: ReadModelSchema { base.schema }
    var eventTypes: Set<String> { base.eventTypes }
    var consistency: ProjectionConsistency { .inline }
    func apply(_ event: RecordedEvent, to batch: ProjectionBatch) async throws {
        try await base.apply(event, to: batch)
    }
}

private func placeAndPayConcurrently(processor: CommandProcessor, orders: Int, clients: Int) async throws -> Double {
    let eventStore = processor.eventStore
    let definition = Shop.Order.Definition(OrderRules())
    let before = try await eventStore.headPosition()
    let clock = ContinuousClock()
    let start = clock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for client in 0..<clients {
            group.addTask {
                var index = client
                while index < orders {
                    let place = Shop.PlaceOrder(userId: "user-\(index % 1_000)", items: ["book", "pen"], totalUSD: 12)
                    try await processor.handle(place, with: definition)
                    let pay = Shop.PayOrder(orderId: place.orderId, amountUSD: 12)
                    try await processor.handle(pay, with: definition)
                    index += clients
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = (clock.now - start).benchmarkSecondsValue
    let events = try await eventStore.countEvents(after: before, atMost: .max)
    guard events == orders * 2 else { throw ValidationError("expected \(orders * 2) events, found \(events)") }
    return Double(orders * 2) / elapsed
}

/// Rebuilds UserOrders from the whole log (of `events` events) into `readStore`; events per second.
/// Checks that the checkpoint reached the end of the log.
func rebuildUserOrders(eventStore: any EventStore, readStore: any ReadStore, batchSize: Int, events: Int)
    async throws -> Double
{
    let runner = ProjectionRunner(
        projection: Shop.UserOrders.Projection(UserOrdersHandler()), eventStore: eventStore, readStore: readStore,
        configuration: ProjectionConfiguration(batchSize: batchSize))
    let clock = ContinuousClock()
    let start = clock.now
    try await runner.rebuild()
    let elapsed = (clock.now - start).benchmarkSecondsValue
    guard try await readStore.checkpoint(of: "UserOrders") == (try await eventStore.headPosition()) else {
        throw ValidationError("the rebuild did not reach the end of the log")
    }
    return Double(events) / elapsed
}

/// Rebuilds UserOrders and SalesDashboard from the whole log (of `events` events) into `readStore`, together
/// (``Engine/rebuild(projections:)``: one read of the log, each payload decoded once) or one after the
/// other; events of the log per second. Checks that both checkpoints reached the end of the log.
func rebuildBothProjections(
    eventStore: any EventStore, readStore: any ReadStore, batchSize: Int, events: Int, together: Bool
) async throws -> Double {
    let engine = try Engine(
        eventStore: eventStore, readStore: readStore,
        projections: [
            Shop.UserOrders.Projection(UserOrdersHandler()), Shop.SalesDashboard.Projection(SalesDashboardHandler()),
        ],
        configuration: EngineConfiguration(projections: ProjectionConfiguration(batchSize: batchSize)))
    let names = ["UserOrders", "SalesDashboard"]
    let clock = ContinuousClock()
    let start = clock.now
    if together {
        try await engine.rebuild(projections: names)
    } else {
        for name in names { try await engine.rebuild(projection: name) }
    }
    let elapsed = (clock.now - start).benchmarkSecondsValue
    let head = try await eventStore.headPosition()
    for name in names where try await readStore.checkpoint(of: name) != head {
        throw ValidationError("the rebuild of \(name) did not reach the end of the log")
    }
    return Double(events) / elapsed
}

/// The median of `rounds` measurements (more rounds of W2 make it the bulk of a profile).
func medianOfRounds(_ rounds: Int, _ measure: () async throws -> Double) async throws -> Double {
    var values: [Double] = []
    for _ in 0..<max(rounds, 1) { values.append(try await measure()) }
    return values.sorted()[values.count / 2]
}

/// Reads the whole log in batches, decoding every event and nothing more; events per second. With
/// `eventTypes`, reads as a projection does (every event of the benchmark's log is of one of its types).
func readWholeLog(_ store: any EventStore, batchSize: Int, events: Int, eventTypes: Set<String>? = nil)
    async throws -> Double
{
    let clock = ContinuousClock()
    let start = clock.now
    var after: Int64 = 0
    var count = 0
    while true {
        let page = try await store.readAll(after: after, limit: batchSize, eventTypes: eventTypes)
        if page.lastPosition == after { break }
        count += page.events.count
        after = page.lastPosition
    }
    guard count == events else { throw ValidationError("read \(count) of \(events) events") }
    return Double(count) / (clock.now - start).benchmarkSecondsValue
}

/// A whole number with its thousands grouped by commas: `12,345`.
func groupDigits(_ value: Double) -> String {
    var digits = String(Int(value.rounded()))
    var groups: [String] = []
    while digits.count > 3 {
        groups.insert(String(digits.suffix(3)), at: 0)
        digits.removeLast(3)
    }
    groups.insert(digits, at: 0)
    return groups.joined(separator: ",")
}
