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

/// W1 with the order state-stored (W1-state): the same commands against `StoredShop.Order`, whose state is a
/// row written in each append's transaction, over `eventStore` and `readStore` (one database); events per
/// second. Checks the log, and that every order has its row.
func placeAndPayStateStored(eventStore: any EventStore, readStore: any ReadStore, orders: Int, clients: Int)
    async throws -> Double
{
    let engine = try Engine(eventStore: eventStore, readStore: readStore, projections: [])
    let rate = try await placeAndPayConcurrently(
        processor: engine.commands, orders: orders, clients: clients,
        place: { StoredShop.PlaceOrder(userId: $0, items: $1, totalUSD: $2) },
        pay: { StoredShop.PayOrder(orderId: $0, amountUSD: $1) },
        with: StoredShop.Order.Definition(StoredOrderRules()))
    let model = StoredShop.Order.Definition.stateModelName
    let rows = try await readStore.count(in: model, matching: [])
    guard rows == orders else { throw ValidationError("expected \(orders) \(model) rows, found \(rows)") }
    return rate
}

/// How long `state(of:in:)` takes to read an order from the write side with nothing cached (a processor
/// without a state cache: the events of an event-sourced order, the row of a state-stored one), over
/// `reads` orders placed and paid first; the 50th and 99th percentiles in microseconds.
func stateReadLatency(eventStore: any EventStore, readStore: any ReadStore, stateStored: Bool, reads: Int)
    async throws -> (p50: Double, p99: Double)
{
    let writer = try Engine(eventStore: eventStore, readStore: readStore, projections: [])
    let uncached = EngineConfiguration(commands: CommandConfiguration(stateCacheCapacity: 0))
    let reader = try Engine(eventStore: eventStore, readStore: readStore, projections: [], configuration: uncached)
    var ids: [UUID] = []
    for index in 0..<reads {
        if stateStored {
            let place = StoredShop.PlaceOrder(userId: "user-\(index)", items: ["book"], totalUSD: 12)
            let definition = StoredShop.Order.Definition(StoredOrderRules())
            try await writer.commands.handle(place, with: definition)
            try await writer.commands.handle(
                StoredShop.PayOrder(orderId: place.orderId, amountUSD: 12), with: definition)
            ids.append(place.orderId)
        } else {
            let place = Shop.PlaceOrder(userId: "user-\(index)", items: ["book"], totalUSD: 12)
            let definition = Shop.Order.Definition(OrderRules())
            try await writer.commands.handle(place, with: definition)
            try await writer.commands.handle(Shop.PayOrder(orderId: place.orderId, amountUSD: 12), with: definition)
            ids.append(place.orderId)
        }
    }
    let clock = ContinuousClock()
    var samples: [Double] = []
    samples.reserveCapacity(reads)
    for id in ids.shuffled() {
        let start = clock.now
        let version =
            stateStored
            ? try await reader.commands.state(of: id, in: StoredShop.Order.Definition(StoredOrderRules()))?.version
            : try await reader.commands.state(of: id, in: Shop.Order.Definition(OrderRules()))?.version
        samples.append((clock.now - start).benchmarkSecondsValue * 1_000_000)
        guard version == 2 else { throw ValidationError("order \(id) read at version \(version ?? 0), not 2") }
    }
    samples.sort()
    return (samples[samples.count / 2], samples[min(samples.count - 1, samples.count * 99 / 100)])
}

private func placeAndPayConcurrently(processor: CommandProcessor, orders: Int, clients: Int) async throws -> Double {
    try await placeAndPayConcurrently(
        processor: processor, orders: orders, clients: clients,
        place: { Shop.PlaceOrder(userId: $0, items: $1, totalUSD: $2) },
        pay: { Shop.PayOrder(orderId: $0, amountUSD: $1) }, with: Shop.Order.Definition(OrderRules()))
}

/// W1's loop over any order aggregate: `place` makes a creating command, `pay` the payment of its order.
private func placeAndPayConcurrently<A: AggregateDefinition, Place: AggregateCommand<A>, Pay: AggregateCommand<A>>(
    processor: CommandProcessor, orders: Int, clients: Int,
    place makePlace: @escaping @Sendable (String, [String], Decimal) -> Place,
    pay makePay: @escaping @Sendable (A.ID, Decimal) -> Pay,
    with definition: A
) async throws -> Double {
    let eventStore = processor.eventStore
    let before = try await eventStore.headPosition()
    let clock = ContinuousClock()
    let start = clock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for client in 0..<clients {
            group.addTask {
                var index = client
                while index < orders {
                    let place = makePlace("user-\(index % 1_000)", ["book", "pen"], 12)
                    try await processor.handle(place, with: definition)
                    try await processor.handle(makePay(place.aggregateID, 12), with: definition)
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
