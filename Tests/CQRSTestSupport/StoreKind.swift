import CQRS
import CQRSSQLite
import Foundation

/// The stores the store behaviour tests run against. A durable store joins the suite by adding a case
/// here and its factories below.
package enum StoreKind: String, CaseIterable, Sendable {
    case inMemory
    /// `SQLiteStore` on a new temporary file per store (removed when the test process exits).
    case sqlite
    /// `PostgresStore` in a fresh schema of `CQRS_POSTGRES_URL` (scripts/with-postgres); fails without it.
    case postgres

    /// The stores the shared suite runs against here: every one, less PostgreSQL when
    /// ``PostgresTestDatabase/isEnabled`` is false (the suite "PostgreSQL in the shared suite" then says so).
    package static let tested: [StoreKind] = allCases.filter { $0 != .postgres || PostgresTestDatabase.isEnabled }

    /// Whether the store numbers its events 1, 2, 3, … (PostgreSQL's positions are transaction ids shifted
    /// left, increasing but far apart).
    package var numbersPositionsDensely: Bool { self != .postgres }

    /// A new, empty event store; `now` stamps `recordedAt`.
    package func makeEventStore(now: @escaping @Sendable () -> Date = { Date() }) async throws -> any EventStore {
        switch self {
        case .inMemory: InMemoryEventStore(now: now)
        case .sqlite: try SQLiteTestDatabase.makeStore(now: now)
        case .postgres: try PostgresTestDatabase.makeSharedPoolStore(now: now)
        }
    }

    /// A new, empty event store and a read store in the same database (one object for a durable store), as
    /// inline projections need.
    package func makeSharedStores(now: @escaping @Sendable () -> Date = { Date() }) async throws -> (
        events: any EventStore, rows: any ReadStore
    ) {
        switch self {
        case .inMemory: return (InMemoryEventStore(now: now), InMemoryReadStore())
        case .sqlite:
            let store = try SQLiteTestDatabase.makeStore(now: now)
            return (store, store)
        case .postgres:
            let store = try PostgresTestDatabase.makeSharedPoolStore(now: now)
            return (store, store)
        }
    }

    /// A new, empty read store.
    package func makeReadStore() async throws -> any ReadStore {
        switch self {
        case .inMemory: InMemoryReadStore()
        case .sqlite: try SQLiteTestDatabase.makeStore()
        case .postgres: try PostgresTestDatabase.makeSharedPoolStore()
        }
    }
}
