import CQRS
import Logging
import PostgresNIO
import Synchronization

/// Projection leases across processes: a session advisory lock (`pg_try_advisory_lock`) per projection,
/// held on a connection of its own. The server releases it when that connection ends, so a process that
/// dies (even by SIGKILL) gives its leases up at once, and a waiter, trying again every
/// ``PostgresStoreConfiguration/leaseRetryInterval``, takes over. Within one process, runners queue on an
/// in-process lease first, so they hand over without waiting for the next try.
final class PostgresLeaseProvider: ProjectionLeaseProvider {
    private let database: Database
    private let rowCache: LeasedRowCache
    private let local = LocalLeaseProvider()

    init(database: Database, rowCache: LeasedRowCache) {
        self.database = database
        self.rowCache = rowCache
    }

    func acquire(_ projection: String) async throws -> any ProjectionLease {
        try await database.ensureReady()
        let localLease = try await local.acquire(projection)
        do {
            let connection = try await lock(projection)
            rowCache.hold(projection)
            return PostgresLease(
                projection: projection,
                connection: connection,
                key: lockKey(projection),
                local: localLease,
                rowCache: rowCache,
                logger: database.logger
            )
        } catch {
            await localLease.release()
            throw error
        }
    }

    private func lockKey(_ projection: String) -> Int64 {
        SQLText.lockKey("lease", schema: database.schema.name, projection)
    }

    /// A connection holding the projection's advisory lock; waits (cancellably) until it gets it.
    private func lock(_ projection: String) async throws -> PostgresConnection {
        let key = lockKey(projection)
        let interval = database.configuration.leaseRetryInterval
        while true {
            try Task.checkCancellation()
            let connection: PostgresConnection
            do {
                connection = try await database.connect(purpose: "lease-\(projection)")
            } catch {
                if Task.isCancelled { throw CancellationError() }
                database.logger.warning(
                    "cannot connect to take a projection's lease",
                    metadata: ["projection": "\(projection)", "error": "\(DatabaseFailure.describe(error))"])
                try await Task.sleep(for: interval)
                continue
            }
            do {
                while !connection.isClosed {
                    let rows = try await connection.query(
                        "SELECT pg_try_advisory_lock(\(key))", logger: database.logger
                    ).collect()
                    if try rows.first?.decode(Bool.self) == true { return connection }
                    try await Task.sleep(for: interval)
                }
            } catch {
                try? await connection.close()
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                database.logger.warning(
                    "lost the connection while waiting for a projection's lease",
                    metadata: ["projection": "\(projection)", "error": "\(DatabaseFailure.describe(error))"])
                continue
            }
            try? await connection.close()
        }
    }
}

/// A held projection lease: the advisory lock on its connection, kept alive by a ping every second; lost
/// when the connection ends.
final class PostgresLease: ProjectionLease {
    private let projection: String
    private let connection: PostgresConnection
    private let key: Int64
    private let local: any ProjectionLease
    private let rowCache: LeasedRowCache
    private let logger: Logger
    private let released = Atomic<Bool>(false)
    private let keepAlive: Task<Void, Never>

    init(
        projection: String,
        connection: PostgresConnection,
        key: Int64,
        local: any ProjectionLease,
        rowCache: LeasedRowCache,
        logger: Logger
    ) {
        self.projection = projection
        self.connection = connection
        self.key = key
        self.local = local
        self.rowCache = rowCache
        self.logger = logger
        keepAlive = Task { [connection, rowCache, logger] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                if Task.isCancelled { return }
                do {
                    _ = try await connection.untilClosed { connection in
                        try await connection.query("SELECT 1", logger: logger).collect()
                    }
                } catch {
                    if Task.isCancelled { return }
                    logger.warning(
                        "lost a projection's lease",
                        metadata: ["projection": "\(projection)", "error": "\(DatabaseFailure.describe(error))"])
                    rowCache.release(projection)
                    try? await connection.close()
                    return
                }
            }
        }
    }

    deinit {
        keepAlive.cancel()
        if !released.load(ordering: .acquiring) {
            rowCache.release(projection)
            connection.close().whenComplete { _ in }
            let local = self.local
            Task { await local.release() }
        }
    }

    func isHeld() async -> Bool {
        guard !released.load(ordering: .acquiring), await local.isHeld() else { return false }
        if connection.isClosed {
            rowCache.release(projection)
            return false
        }
        return true
    }

    func release() async {
        guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
        keepAlive.cancel()
        rowCache.release(projection)
        _ = try? await connection.query("SELECT pg_advisory_unlock(\(key))", logger: logger)
        try? await connection.close()
        await local.release()
    }
}
