import CQRS
import Foundation
import Synchronization

/// Given-when-then for a projection: append events to an in-memory store, run the projection over them
/// the way its runner does, and compare the rows.
///
/// Events get versions per stream and positions in the order given, and `recordedAt` one second apart from
/// 2024-01-01T00:00:00Z.
///
/// ```swift
/// try await ProjectionScenario(Shop.UserOrders.Projection(UserOrdersHandler()))
///     .given(Shop.Order.Definition.self, id: id, .orderPlaced(placed), .orderPaid(paid))
///     .thenRows([Shop.UserOrders(orderId: id, userId: "ada", itemCount: 1, totalUSD: 12, status: .paid, placedAt: at)])
/// ```
public struct ProjectionScenario<P: ReadModelProjection>: Sendable {
    /// The projection under test.
    public let projection: P
    private var log = ScenarioLog()

    /// The events given so far.
    public var events: [(stream: StreamID, event: NewEvent)] { log.events }

    /// The time the first event is recorded at.
    public static var firstRecordedAt: Date { ScenarioLog.firstRecordedAt }

    /// Starts a scenario with no events.
    public init(_ projection: P) {
        self.projection = projection
    }

    /// Adds events of one aggregate instance, encoded with the aggregate's `encode`.
    public func given<A: AggregateDefinition>(_ aggregate: A.Type, id: A.ID, _ events: A.Event...) throws
        -> ProjectionScenario
    {
        var copy = self
        try copy.log.append(aggregate, id: id, events)
        return copy
    }

    /// Runs the projection over the events and returns its rows, in key order; throws the projection's
    /// `ProjectionFailure` when a handler fails.
    public func rows<Row: ReadModelRow>(_ type: Row.Type = Row.self) async throws -> [Row] {
        let readStore = try await project()
        let page = try await readStore.rows(in: Row.schema.name, matching: [], orderBy: [], page: nil)
        return try page.rows.map { try Row(columns: $0) }
    }

    /// The answer of a generated query (any but a custom one) of the projection's read model, read from the
    /// rows the given events make: a read model and its queries tested together.
    ///
    /// ```swift
    /// let page = try await ProjectionScenario(Shop.UserOrders.Projection())
    ///     .given(Shop.Order.Definition.self, id: orderID, .orderPlaced(placed))
    ///     .answer(Shop.ListUserOrders(userId: "ada"))
    /// #expect(page.rows.map(\.orderId) == [orderID])
    /// ```
    ///
    /// - Throws: the projection's `CQRS.ProjectionFailure`; a read store error of the query.
    public func answer<Query: ReadModelQuery>(_ query: Query) async throws -> Query.Answer {
        try await query.answer(from: ReadModelReader(store: try await project()))
    }

    /// Checks the answer of a generated query of the projected rows.
    ///
    /// - Throws: ``ScenarioFailure`` when it is not `expected`.
    public func thenAnswer<Query: ReadModelQuery>(_ query: Query, _ expected: Query.Answer) async throws
    where Query.Answer: Equatable {
        let actual = try await answer(query)
        guard actual == expected else {
            throw ScenarioFailure(check: "the answer of \(query)", expected: "\(expected)", actual: "\(actual)")
        }
    }

    /// Appends the events to a fresh store and rebuilds the projection from them into a fresh read store.
    private func project() async throws -> InMemoryReadStore {
        let eventStore = try await log.store()
        let readStore = InMemoryReadStore()
        let runner = ProjectionRunner(projection: projection, eventStore: eventStore, readStore: readStore)
        try await runner.rebuild()
        return readStore
    }

    /// Checks that the read model holds exactly these rows (in any order): the failure lists the rows
    /// missing, the rows not expected, and the rows that differ, by key.
    public func thenRows<Row: ReadModelRow>(_ expected: [Row]) async throws {
        let actual = try await rows(Row.self)
        let actualByKey = Dictionary(actual.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let expectedByKey = Dictionary(expected.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var differences: [String] = []
        for row in expected {
            switch actualByKey[row.key] {
            case nil: differences.append("missing \(row)")
            case let found? where found != row:
                differences.append("differs at key \(row.key):\n      expected \(row)\n      actual   \(found)")
            default: break
            }
        }
        for row in actual where expectedByKey[row.key] == nil {
            differences.append("unexpected \(row)")
        }
        guard differences.isEmpty else {
            throw ScenarioFailure(
                check: "rows of \(Row.schema.name):\n    " + differences.joined(separator: "\n    "),
                expected: "\(expected.count) rows",
                actual: "\(actual.count) rows"
            )
        }
    }

    /// Checks that the projection fails, with a failure that `check` accepts.
    public func thenFails(_ check: (ProjectionFailure) -> Bool = { _ in true }) async throws {
        do {
            _ = try await project()
            throw ScenarioFailure(check: "projection fails", expected: "a failure", actual: "no failure")
        } catch let failure as ProjectionFailure {
            guard check(failure) else {
                throw ScenarioFailure(check: "projection fails", expected: "an accepted failure", actual: "\(failure)")
            }
        }
    }
}
