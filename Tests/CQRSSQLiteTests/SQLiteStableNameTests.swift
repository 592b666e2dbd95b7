import CQRS
import CQRSTestSupport
import Foundation
import GRDB
import Testing

@testable import CQRSSQLite

/// Read models as other tools see them on SQLite: the view `rm_<Model>` over the live table, with
/// readable columns, read with the sqlite3 shell.
@Suite("SQLite: read models under their stable names", .timeLimit(.minutes(2)))
struct SQLiteStableNameTests {
    @Test("Every column type reads in the sqlite3 shell as the query API returns it")
    func everyColumnTypeInTheShell() async throws {
        let store = try SQLiteTestDatabase.makeStore()
        _ = try await store.prepare(ReadableColumns.schema)
        try await store.commit(
            ReadableColumns.rows.map { .upsert($0) }, to: "AllTypes", expected: 0, checkpoint: 1)
        let api = try await store.rows(in: "AllTypes", matching: [], orderBy: [], page: nil).rows
        #expect(api == ReadableColumns.rows)
        let select = """
            SELECT n, flag, ratio, amount, label, doc, at, id, iif(bytes IS NULL, NULL, hex(bytes)),
                datetime(at, 'unixepoch') FROM rm_AllTypes ORDER BY n
            """
        let output = try ReadableColumns.run(
            "sqlite3", ["-batch", "-noheader", "-separator", "|", "-nullvalue", "NULL", store.path, select])
        let expected = api.map { row in (row.map(Self.shellText) + [Self.dateTime(row[6])]).joined(separator: "|") }
        #expect(output.split(separator: "\n").map(String.init) == expected)
        // A person filters and sorts by the readable columns, too.
        let byText = try ReadableColumns.run(
            "sqlite3",
            [
                store.path,
                "SELECT n FROM rm_AllTypes WHERE id = '0f8fad5b-d9cb-469f-a165-70867728950e' AND amount = '30'",
            ])
        #expect(byText == "1\n")
    }

    /// What the shell prints for a value, by the documented storage (``ColumnStorage``).
    static func shellText(_ value: ColumnValue) -> String {
        switch value {
        case .null: "NULL"
        case .bool(let flag): flag ? "1" : "0"
        case .int(let number): "\(number)"
        case .double(let number): "\(number)"
        case .decimal(let number): number.description
        case .string(let text), .json(let text): text
        case .date(let date): "\(date.timeIntervalSince1970)"
        case .uuid(let id): id.uuidString.lowercased()
        case .data(let bytes): bytes.map { String(format: "%02X", $0) }.joined()
        }
    }

    static func dateTime(_ value: ColumnValue) -> String {
        guard case .date(let date) = value else { return "NULL" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    @Test("Keys, filters, ordering and paging on decimals, UUIDs and dates still use the indexes")
    func plansUseTheIndexes() async throws {
        let store = try SQLiteTestDatabase.makeStore()
        _ = try await store.prepare(ReadableColumns.schema)
        for (column, value) in [
            ("amount", ColumnValue.decimal(30)), ("id", .uuid(UUID())), ("at", .date(Date())),
        ] {
            let filtered = try await store.queryPlan(
                forRowsIn: "AllTypes", matching: [ColumnFilter(column: column, value: value)], orderBy: [],
                page: .first(10))
            #expect(filtered.contains { $0.contains("USING INDEX") }, "\(column): \(filtered)")
            let ordered = try await store.queryPlan(
                forRowsIn: "AllTypes", matching: [], orderBy: [ColumnOrdering(column: column)],
                page: .first(10))
            #expect(!ordered.contains { $0.contains("TEMP B-TREE") }, "\(column): \(ordered)")
            print("EXPLAIN QUERY PLAN, \(column) filtered:", filtered, "ordered:", ordered)
        }
    }

    @Test("A promotion while another connection reads the stable name: no error, no mixed state")
    func promotionIsAtomicForReaders() async throws {
        let store = try SQLiteTestDatabase.makeStore()
        let reader = try DatabaseQueue(path: store.path)
        let seen = try await PromotionWhileReading.run(store) {
            // GRDB's async read runs on the queue's own thread, not on the cooperative pool.
            try await reader.read { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT count(*), min(generation), max(generation) FROM rm_Shelf")
                else { return "none" }
                return "\(row[0] as Int64)/\(row[1] as Int64)/\(row[2] as Int64)"
            }
        }
        #expect(Set(seen).isSubset(of: PromotionWhileReading.allowed), "\(Set(seen))")
        #expect(Set(seen) == PromotionWhileReading.allowed, "both the old and the new model were seen")
        let columns = try ReadableColumns.run("sqlite3", [store.path, "SELECT * FROM rm_Shelf WHERE id = 1"])
        #expect(columns == "1|2|n\n")
    }
}

/// A database written before the readable layout: its tables are still read, and rebuilt in the
/// readable layout (then shown under the stable name) by the next preparation's blue-green reshape.
@Suite("SQLite: tables of the legacy layout", .timeLimit(.minutes(2)))
struct SQLiteLegacyLayoutTests {
    @Test("A legacy table is read, rebuilt beside itself and promoted into the readable layout")
    func legacyTableIsRebuilt() async throws {
        let store = try SQLiteTestDatabase.makeStore()
        _ = try await store.checkpoint(of: "AllTypes")  // the store's own tables
        let schema = ReadableColumns.schema
        let legacyName = "rm_AllTypes_\(schema.shapeHash)"
        let legacy = ReadModelTable(model: "AllTypes", schema: schema, table: legacyName, layout: .legacy)
        let definition = String(decoding: try JSONEncoder().encode(schema), as: UTF8.self)
        try await store.pool.write { db in
            for statement in legacy.createStatements { try db.execute(sql: statement) }
            let upsert = try db.raw(legacy.upsertSQL)
            for row in ReadableColumns.rows {
                legacy.bindUpsert(row, in: upsert)
                try upsert.execute()
            }
            try db.execute(
                sql: """
                    INSERT INTO read_models (model, staging_of, table_name, shape_hash, schema_json, checkpoint, layout)
                    VALUES ('AllTypes', NULL, ?, ?, ?, 7, 1)
                    """,
                arguments: [legacyName, schema.shapeHash, definition])
        }
        // Legacy UUIDs are blobs: 16 bytes, not text.
        let stored = try ReadableColumns.run(
            "sqlite3", [store.path, "SELECT length(id) FROM \(legacyName) WHERE n = 1"])
        #expect(stored == "16\n")
        #expect(try await store.rows(in: "AllTypes", matching: [], orderBy: [], page: nil).rows == ReadableColumns.rows)

        let preparation = try await store.prepare(schema)
        #expect(preparation == ModelPreparation(target: schema.stagingName, isStaging: true))
        #expect(try await store.row(in: "AllTypes", key: [.int(1)]) == ReadableColumns.rows[0])
        try await store.commit(
            ReadableColumns.rows.map { .upsert($0) }, to: preparation.target, expected: 0, checkpoint: 7)
        try await store.promote(schema)
        #expect(try await store.rows(in: "AllTypes", matching: [], orderBy: [], page: nil).rows == ReadableColumns.rows)
        let readable = try ReadableColumns.run(
            "sqlite3", [store.path, "SELECT id, amount FROM rm_AllTypes WHERE n = 1"])
        #expect(readable == "0f8fad5b-d9cb-469f-a165-70867728950e|30\n")
        let tables = try ReadableColumns.run(
            "sqlite3", [store.path, "SELECT name FROM sqlite_master WHERE name LIKE 'rm_AllTypes%' AND type = 'table'"])
        #expect(tables == "\(ReadModelTable.tableName(for: schema))\n")
        #expect(try await store.prepare(schema) == ModelPreparation(target: "AllTypes", isStaging: false))
    }
}

/// The two texts a decimal is stored as.
@Suite("SQLite: decimal texts")
struct SortableDecimalTests {
    static let values = [
        "0", "30", "-30", "12.5", "-1234.5678", "0.001", "-0.000125", "300", "1e20", "-7e-20",
        "99999999999999999999999999999999999999", "0.1", "1.10", "123456789.000000001",
    ]

    @Test("The plain text is Decimal's own; the sortable text reads back and orders numerically")
    func texts() {
        let decimals = Self.values.map { Decimal(string: $0, locale: nil)! }
        for value in decimals {
            let texts = SortableDecimal.encodings(of: value)
            #expect(texts.plain == value.description, "\(value)")
            #expect(SortableDecimal.decode(texts.sortable) == value, "\(value)")
            #expect(texts.sortable == SortableDecimal.encode(value))
        }
        let byText = decimals.sorted { SortableDecimal.encode($0) < SortableDecimal.encode($1) }
        #expect(byText == decimals.sorted())
    }
}
