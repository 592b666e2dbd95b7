import CQRS
import CQRSPostgres
import CQRSTestSupport
import Foundation
import PostgresNIO
import Testing

/// Schema version 4 numbers positions from transaction ids: a log written by version 3 (positions 1…N)
/// migrates in place, its events stay first, and a log that would not stay first is refused.
@Suite(
    "PostgreSQL: migrating a version 3 log",
    .enabled(if: PostgresTestDatabase.isEnabled, PostgresTestDatabase.skipComment))
struct PostgresMigrationTests {
    /// A store whose schema is set back to version 3 with `positions` appended the old way.
    static func versionThreeLog(positions: [Int64]) async throws -> String {
        let schema = PostgresTestDatabase.freshSchema()
        let store = try PostgresTestDatabase.makeStore(schema: schema)
        try await store.prepareSchema()
        try await store.withConnection { connection in
            for (index, position) in positions.enumerated() {
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            INSERT INTO "\(schema)".events (position, category, stream_id, stream_version, event_id,
                                event_type, schema_version, recorded_at, payload)
                            VALUES (\(position), 'Old', 'o', \(index + 1), gen_random_uuid(), 'Old.Happened', 1, now(),
                                '{"old":\(index + 1)}'::bytea)
                            """),
                    logger: PostgresGapTests.logger)
            }
            try await connection.query(
                PostgresQuery(unsafeSQL: "UPDATE \"\(schema)\".schema_version SET version = 3"),
                logger: PostgresGapTests.logger)
        }
        await store.shutdown()
        return schema
    }

    @Test func anOldLogKeepsItsPositionsAndNewAppendsFollowIt() async throws {
        let schema = try await Self.versionThreeLog(positions: [1, 2, 3])
        let store = try PostgresTestDatabase.makeStore(schema: schema)
        let appended = try await store.append(
            AppendRequest(
                stream: StreamID(category: "Old", id: "o"), expectedVersion: .exact(3),
                events: [testEvent("Old.Happened", 4)]))
        #expect(appended.version == 4)
        #expect(appended.position > 3)
        try await store.waitUntilReadable(through: appended.position)
        let log = try await store.readAll(after: 0, limit: 10, eventTypes: nil)
        #expect(log.events.map(\.position) == [1, 2, 3, appended.position])
        #expect(log.events.map(\.streamVersion) == [1, 2, 3, 4])
        let version = try await store.withConnection { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT version FROM \"\(schema)\".schema_version"),
                logger: PostgresGapTests.logger
            ).collect().first?.decode(Int32.self)
        }
        #expect(version.map(Int.init) == PostgresStore.schemaVersion)
        await store.shutdown()
    }

    @Test func aLogAheadOfTheFirstNewPositionIsRefusedAndLeftAsItWas() async throws {
        let schema = try await Self.versionThreeLog(positions: [1, Int64.max / 2])
        let store = try PostgresTestDatabase.makeStore(schema: schema)
        let error = await #expect(throws: PostgresStoreError.self) { try await store.headPosition() }
        #expect(error.map { "\($0)" }?.contains("the log's head is above the first position") == true)
        await store.shutdown()
        // Nothing was migrated: the setup transaction rolled back.
        let connection = try await PostgresTestDatabase.connect(id: 960)
        let version = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT version FROM \"\(schema)\".schema_version"),
            logger: PostgresGapTests.logger
        ).collect().first?.decode(Int32.self)
        try await connection.close()
        #expect(version == 3)
    }
}
