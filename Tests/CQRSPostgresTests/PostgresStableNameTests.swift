import CQRS
import CQRSPostgres
import CQRSTestSupport
import Foundation
import PostgresNIO
import Testing

/// Read models as other tools see them on PostgreSQL: the view `"rm_<Model>"` in the store's schema,
/// over the live table, read with psql.
@Suite(
    "PostgreSQL: read models under their stable names",
    .enabled(if: PostgresTestDatabase.isEnabled, PostgresTestDatabase.skipComment), .timeLimit(.minutes(2)))
struct PostgresStableNameTests {
    @Test("Every column type reads in psql as the query API returns it")
    func everyColumnTypeInPsql() async throws {
        let store = try PostgresTestDatabase.makeStore()
        _ = try await store.prepare(ReadableColumns.schema)
        try await store.commit(
            ReadableColumns.rows.map { .upsert($0) }, to: "AllTypes", expected: 0, checkpoint: 1)
        let api = try await store.rows(in: "AllTypes", matching: [], orderBy: [], page: nil).rows
        #expect(api == ReadableColumns.rows)
        let columns = ReadableColumns.columnNames.map { "\"\($0)\"" }.joined(separator: ", ")
        let output = try ReadableColumns.run(
            PostgresTestDatabase.psql,
            [
                try PostgresTestDatabase.url(), "-X", "-A", "-t", "-F", "|", "-P", "null=NULL", "-c",
                "SELECT \(columns) FROM \(store.schemaName).\"rm_AllTypes\" ORDER BY n",
            ],
            environment: ["PGTZ": "UTC"])
        let expected = api.map { $0.map(Self.psqlText).joined(separator: "|") }
        #expect(output.split(separator: "\n").map(String.init) == expected)
    }

    /// What psql prints for a value of each column type (``ColumnSQL``'s native types).
    static func psqlText(_ value: ColumnValue) -> String {
        switch value {
        case .null: return "NULL"
        case .bool(let flag): return flag ? "t" : "f"
        case .int(let number): return "\(number)"
        case .double(let number): return "\(number)"
        case .decimal(let number): return number.description
        case .string(let text), .json(let text): return text
        case .date(let date):
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            let seconds = date.timeIntervalSince1970
            let micros = Int(((seconds - seconds.rounded(.down)) * 1_000_000).rounded())
            var fraction = micros == 0 ? "" : "." + String(format: "%06d", micros)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            return formatter.string(from: date) + fraction + "+00"
        case .uuid(let id): return id.uuidString.lowercased()
        case .data(let bytes): return "\\x" + bytes.map { String(format: "%02x", $0) }.joined()
        }
    }

    @Test("A model prepared before views existed gets its stable name at the next prepare")
    func missingViewIsAdded() async throws {
        let store = try PostgresTestDatabase.makeStore()
        _ = try await store.prepare(ReadableColumns.schema)
        let view = "\(store.schemaName).\"rm_AllTypes\""
        try await store.withConnection { connection in
            _ = try await connection.query(
                PostgresQuery(unsafeSQL: "DROP VIEW \(view)"), logger: Logger(label: "cqrs.test"))
        }
        _ = try await store.prepare(ReadableColumns.schema)
        let count = try ReadableColumns.run(
            PostgresTestDatabase.psql,
            [try PostgresTestDatabase.url(), "-X", "-A", "-t", "-c", "SELECT count(*) FROM \(view)"])
        #expect(count == "0\n")
    }

    @Test("A promotion while another connection reads the stable name: no error, no mixed state")
    func promotionIsAtomicForReaders() async throws {
        let store = try PostgresTestDatabase.makeStore()
        let view = "\(store.schemaName).\"rm_Shelf\""
        let seen = try await PromotionWhileReading.run(store) {
            try await store.withConnection { connection in
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT count(*)::bigint, min(generation), max(generation) FROM \(view)"),
                    logger: Logger(label: "cqrs.test"))
                var seen = "none"
                for try await (count, low, high) in rows.decode((Int64, Int64, Int64).self) {
                    seen = "\(count)/\(low)/\(high)"
                }
                return seen
            }
        }
        #expect(Set(seen).isSubset(of: PromotionWhileReading.allowed), "\(Set(seen))")
        #expect(Set(seen) == PromotionWhileReading.allowed, "both the old and the new model were seen")
        let row = try ReadableColumns.run(
            PostgresTestDatabase.psql,
            [try PostgresTestDatabase.url(), "-X", "-A", "-t", "-c", "SELECT * FROM \(view) WHERE id = 1"])
        #expect(row == "1|2|n\n")
    }
}
