import CQRS
import CQRSPostgres
import CQRSTestSupport
import Foundation
import Logging
import PostgresNIO
import Testing

/// Read models as real tables: column types, keys and indexes, paging against the in-memory store's
/// order (nulls, mixed directions, every column type), blue-green reshapes.
@Suite(
    "PostgreSQL: read model tables", .enabled(if: PostgresTestDatabase.isEnabled, PostgresTestDatabase.skipComment),
    .timeLimit(.minutes(2)))
struct PostgresReadModelTests {
    static let schema = ReadModelSchema(
        name: "Everything",
        columns: [
            .init(name: "id", type: .uuid),
            .init(name: "group", type: .string),
            .init(name: "flag", type: .bool, nullable: true),
            .init(name: "count", type: .int, nullable: true),
            .init(name: "ratio", type: .double),
            .init(name: "amount", type: .decimal, nullable: true),
            .init(name: "at", type: .date),
            .init(name: "blob", type: .data, nullable: true),
            .init(name: "doc", type: .json, nullable: true),
            .init(name: "label", type: .string, nullable: true),
        ],
        key: ["id"],
        indexes: [["group"], ["group", "count"]]
    )

    /// 60 rows with ties, nulls and awkward values.
    static func rows() -> [[ColumnValue]] {
        (0..<60).map(row)
    }

    static func row(_ index: Int) -> [ColumnValue] {
        let labels: [String?] = [nil, "a", "B", "é", "Z", "a b", "", "日本"]
        let flag: ColumnValue = index % 5 == 0 ? .null : .bool(index.isMultiple(of: 2))
        let count: ColumnValue = index % 4 == 0 ? .null : .int(Int64(index % 6) - 2)
        let ratio: ColumnValue = .double(index % 7 == 0 ? -0.5 : Double(index % 5) * 1.25)
        let amount: ColumnValue =
            index % 6 == 0 ? .null : .decimal(Decimal(string: "\(index % 9).\(index % 4)5", locale: nil)!)
        let at: ColumnValue = .date(Date(timeIntervalSince1970: 1_700_000_000 + Double(index % 10) * 0.25))
        let blob: ColumnValue = index % 3 == 0 ? .null : .data(Data([UInt8(index % 4), UInt8.random(in: 0...255)]))
        let doc: ColumnValue = index % 8 == 0 ? .null : .json("{\"n\":\(index % 3),\"s\":\"x\"}")
        let label: ColumnValue = labels[index % labels.count].map { .string($0) } ?? .null
        return [
            .uuid(UUID()), .string(index.isMultiple(of: 3) ? "red" : "blue"), flag, count, ratio, amount, at, blob,
            doc, label,
        ]
    }

    func pages(
        _ store: any ReadStore,
        matching filter: [ColumnFilter],
        orderBy: [ColumnOrdering],
        limit: Int
    ) async throws -> [[ColumnValue]] {
        var rows: [[ColumnValue]] = []
        var request: PageRequest? = .first(limit)
        var count = 0
        while let page = request, count < 200 {
            let result = try await store.rows(in: "Everything", matching: filter, orderBy: orderBy, page: page)
            rows += result.rows
            request = result.nextCursor.map { PageRequest(limit: limit, after: $0) }
            count += 1
        }
        return rows
    }

    @Test func pagesInTheSameOrderAsTheInMemoryStoreForEveryColumnTypeNullsAndDirections() async throws {
        let postgres = try PostgresTestDatabase.makeSharedPoolStore()
        let memory = InMemoryReadStore()
        let rows = Self.rows()
        for store in [postgres as any ReadStore, memory] {
            let preparation = try await store.prepare(Self.schema)
            try await store.commit(rows.map { .upsert($0) }, to: preparation.target, expected: 0, checkpoint: 1)
        }
        for row in rows {
            #expect(try await postgres.row(in: "Everything", key: [row[0]]) == row)
        }
        let orderings: [[ColumnOrdering]] = [
            [], [.init(column: "count")], [.init(column: "count", descending: true)],
            [.init(column: "label"), .init(column: "ratio", descending: true)],
            [.init(column: "flag", descending: true), .init(column: "amount")],
            [.init(column: "at"), .init(column: "blob", descending: true)],
            [.init(column: "doc"), .init(column: "group")],
        ]
        let filters: [[ColumnFilter]] = [
            [], [.init(column: "group", value: .string("red"))],
            [.init(column: "group", value: .string("blue")), .init(column: "count", value: .null)],
        ]
        for filter in filters {
            for orderBy in orderings {
                for limit in [1, 7, 100] {
                    let expected = try await pages(memory, matching: filter, orderBy: orderBy, limit: limit)
                    let actual = try await pages(postgres, matching: filter, orderBy: orderBy, limit: limit)
                    #expect(actual == expected, "filter \(filter), order \(orderBy), limit \(limit)")
                }
            }
        }
    }

    @Test func eachModelIsARealTableWithItsKeyAndIndexes() async throws {
        let store = try PostgresTestDatabase.makeSharedPoolStore()
        _ = try await store.prepare(Self.schema)
        let (columns, indexes) = try await store.withConnection { connection in
            let columnRows = try await connection.query(
                """
                SELECT c.column_name, c.data_type, c.is_nullable FROM information_schema.columns c
                JOIN \(unescaped: "\"\(store.schemaName)\"").read_models m ON m.table_name = c.table_name
                WHERE c.table_schema = \(store.schemaName) AND m.name = 'Everything' ORDER BY c.ordinal_position
                """,
                logger: PostgresGapTests.logger
            ).collect()
            let indexRows = try await connection.query(
                """
                SELECT i.indexdef FROM pg_indexes i
                JOIN \(unescaped: "\"\(store.schemaName)\"").read_models m ON m.table_name = i.tablename
                WHERE i.schemaname = \(store.schemaName) AND m.name = 'Everything' ORDER BY i.indexname
                """,
                logger: PostgresGapTests.logger
            ).collect()
            return (
                try columnRows.map { try $0.decode((String, String, String).self) },
                try indexRows.map { try $0.decode(String.self) }
            )
        }
        #expect(columns.map(\.0) == Self.schema.columns.map(\.name))
        #expect(
            columns.map(\.1) == [
                "uuid", "text", "boolean", "bigint", "double precision", "numeric", "timestamp with time zone",
                "bytea", "text", "text",
            ])
        #expect(columns.map(\.2) == Self.schema.columns.map { $0.nullable ? "YES" : "NO" })
        #expect(indexes.count == 3)
        #expect(indexes.contains { $0.contains("UNIQUE") && $0.contains("(id)") })
        #expect(indexes.contains { $0.contains("(\"group\", id)") })
        #expect(indexes.contains { $0.contains("(\"group\", count, id)") })
    }

    @Test func aReshapeBuildsBesideTheOldTableWhichServesUntilPromoted() async throws {
        let store = try PostgresTestDatabase.makeSharedPoolStore()
        let old = ReadModelSchema(
            name: "People", columns: [.init(name: "id", type: .int), .init(name: "name", type: .string)], key: ["id"])
        let new = ReadModelSchema(
            name: "People",
            columns: [
                .init(name: "id", type: .int), .init(name: "name", type: .string), .init(name: "age", type: .int),
            ],
            key: ["id"], indexes: [["age"]])
        _ = try await store.prepare(old)
        try await store.commit([.upsert([.int(1), .string("ada")])], to: "People", expected: 0, checkpoint: 5)

        let staging = try await store.prepare(new)
        #expect(staging.isStaging)
        #expect(staging.target == "People@\(new.shapeHash)")
        try await store.commit(
            [.upsert([.int(1), .string("ada"), .int(36)])], to: staging.target, expected: 0, checkpoint: 5)
        // Queries still read the old table.
        #expect(try await store.row(in: "People", key: [.int(1)]) == [.int(1), .string("ada")])
        #expect(try await store.checkpoint(of: "People") == 5)
        // Preparing again resumes the same staging table.
        #expect(try await store.prepare(new) == staging)
        #expect(try await store.checkpoint(of: staging.target) == 5)

        try await store.promote(new)
        #expect(try await store.row(in: "People", key: [.int(1)]) == [.int(1), .string("ada"), .int(36)])
        #expect(try await store.checkpoint(of: "People") == 5)
        #expect(try await store.prepare(new) == ModelPreparation(target: "People", isStaging: false))
        let tables = try await store.withConnection { connection in
            try await connection.query(
                "SELECT count(*) FROM pg_tables WHERE schemaname = \(store.schemaName) AND tablename LIKE 'rm_%'",
                logger: PostgresGapTests.logger
            ).collect().first?.decode(Int64.self)
        }
        #expect(tables == 1, "the old table was dropped")
    }

    @Test func anotherProcessesPromotionIsSeenByQueries() async throws {
        let schema = PostgresTestDatabase.freshSchema()
        let first = try PostgresTestDatabase.makeStore(schema: schema)
        let second = try PostgresTestDatabase.makeStore(schema: schema)
        let old = ReadModelSchema(name: "Things", columns: [.init(name: "id", type: .int)], key: ["id"])
        let new = ReadModelSchema(
            name: "Things", columns: [.init(name: "id", type: .int), .init(name: "n", type: .int, nullable: true)],
            key: ["id"])
        _ = try await first.prepare(old)
        try await first.commit([.upsert([.int(1)])], to: "Things", expected: 0, checkpoint: 1)
        #expect(try await first.row(in: "Things", key: [.int(1)]) == [.int(1)])

        let staging = try await second.prepare(new)
        try await second.commit([.upsert([.int(1), .int(7)])], to: staging.target, expected: 0, checkpoint: 1)
        try await second.promote(new)
        // The first store's cached table is gone: it looks again.
        #expect(try await first.row(in: "Things", key: [.int(1)]) == [.int(1), .int(7)])
        await first.shutdown()
        await second.shutdown()
    }

    @Test("A count and a numbered page by an index use the index")
    func countsAndNumberedPagesUseTheIndex() async throws {
        let store = try PostgresTestDatabase.makeSharedPoolStore()
        _ = try await store.prepare(Shop.UserOrders.schema)
        let rows = (0..<3_000).map { index in
            Shop.UserOrders(
                orderId: UUID(), userId: "user-\(index % 300)", itemCount: 1, totalUSD: 12, status: .placed,
                placedAt: Date(timeIntervalSince1970: Double(index))
            ).columns
        }
        try await store.commit(rows.map { .upsert($0) }, to: "UserOrders", expected: 0, checkpoint: 1)
        // Statistics, so that the planner knows the table's size.
        let connection = try await PostgresTestDatabase.connect(id: 950)
        try await connection.query("ANALYZE", logger: Logger(label: "test"))
        try await connection.close()
        let filter = [Shop.UserOrders.Column.userId.equals("user-7")]
        let count = try await store.queryPlan(forCountIn: "UserOrders", matching: filter)
        let page = try await store.queryPlan(
            forRowsIn: "UserOrders", matching: filter, orderBy: [Shop.UserOrders.Column.placedAt.descending],
            page: .number(2, size: 5))
        print("EXPLAIN, count by index:", count)
        print("EXPLAIN, numbered page by index:", page)
        #expect(count.contains { $0.contains("Index") })
        #expect(page.contains { $0.contains("Index") })
        #expect(try await store.count(in: "UserOrders", matching: filter) == 10)
        // A prefix and a list are index ranges and lookups too, and counted in one query.
        let prefix = [Shop.UserOrders.Column.userId.startsWith("user-29")]
        let countByPrefix = try await store.queryPlan(forCountIn: "UserOrders", matching: prefix)
        let listed = try await store.queryPlan(
            forCountIn: "UserOrders", matching: [Shop.UserOrders.Column.userId.isIn(["user-1", "user-2"])])
        print("EXPLAIN, count by prefix:", countByPrefix, "in a list:", listed)
        #expect(countByPrefix.contains { $0.contains("Index") })
        #expect(listed.contains { $0.contains("Index") })
        #expect(try await store.count(in: "UserOrders", matching: prefix) == 110)
    }
}
