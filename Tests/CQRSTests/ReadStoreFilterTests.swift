import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// Filters beyond equality (prefixes, ranges, lists) on every store kind: the rows, the pages and the count
/// are those of a plain evaluation of the conditions, and a filter that does not fit its column is refused.
@Suite("Read store filters")
struct ReadStoreFilterTests {
    typealias Things = ReadStorePagingTests

    /// Whether `row` meets `filter`, evaluated here without the stores' code: `NULL` meets only `equals`.
    static func meets(_ row: [ColumnValue], _ filter: ColumnFilter) -> Bool {
        let value = row[Things.schema.columnIndex(filter.column)!]
        if case .equals(let wanted) = filter.condition { return value == wanted }
        if value == .null { return false }
        switch filter.condition {
        case .equals: return false
        case .startsWith(let prefix):
            if case .string(let text) = value { return text.utf8.starts(with: prefix.utf8) }
            return false
        case .greaterThan(let bound): return bound < value
        case .atLeast(let bound): return !(value < bound)
        case .lessThan(let bound): return value < bound
        case .atMost(let bound): return !(bound < value)
        case .isIn(let values): return values.contains(value)
        }
    }

    static let filters: [[ColumnFilter]] = [
        [ColumnFilter(column: "group", .startsWith("b"))],
        [ColumnFilter(column: "group", .startsWith(""))],
        [ColumnFilter(column: "group", .startsWith("é"))],
        [ColumnFilter(column: "rank", .greaterThan(.int(0)))],
        [ColumnFilter(column: "rank", .atMost(.int(0)))],
        [
            ColumnFilter(column: "price", .atLeast(.decimal(-0.5))),
            ColumnFilter(column: "price", .lessThan(.decimal(0.25))),
        ],
        [ColumnFilter(column: "at", .atLeast(.date(Date(timeIntervalSince1970: 1.5))))],
        [ColumnFilter(column: "id", .lessThan(.uuid(UUID(uuidString: "00000010-0000-4000-8000-000000000000")!)))],
        [ColumnFilter(column: "group", .isIn([.string("a"), .string("é")]))],
        [ColumnFilter(column: "group", .isIn([]))],
        [ColumnFilter(column: "rank", .isIn([.int(0), .int(1)])), ColumnFilter(column: "group", value: .string("b"))],
        [
            ColumnFilter(column: "group", value: .string("b")),
            ColumnFilter(column: "price", .greaterThan(.decimal(-1))),
        ],
    ]

    @Test(arguments: StoreKind.tested, filters.indices)
    func rowsPagesAndCountsMeetTheConditions(kind: StoreKind, filter: Int) async throws {
        let store = try await kind.makeReadStore()
        _ = try await store.prepare(Things.schema)
        try await store.commit(Things.rows.shuffled().map { .upsert($0) }, to: "Things", expected: 0, checkpoint: 1)
        let filter = Self.filters[filter]
        let orderBy = [ColumnOrdering(column: "price", descending: true)]
        let expected = Things.sorted(
            Things.rows.filter { row in filter.allSatisfy { Self.meets(row, $0) } }, by: orderBy)
        #expect(try await store.rows(in: "Things", matching: filter, orderBy: orderBy, page: nil).rows == expected)
        #expect(try await store.count(in: "Things", matching: filter) == expected.count)
        var collected: [[ColumnValue]] = []
        var request: PageRequest? = .first(4)
        while let page = request {
            let result = try await store.rows(in: "Things", matching: filter, orderBy: orderBy, page: page)
            collected += result.rows
            request = result.nextCursor.map { PageRequest(limit: 4, after: $0) }
        }
        #expect(collected == expected)
    }

    /// Prefixes at the edges of the successor: the greatest scalar, a scalar before the surrogates, none.
    @Test(arguments: StoreKind.tested)
    func prefixesAreExactAtTheEdges(kind: StoreKind) async throws {
        let schema = ReadModelSchema(
            name: "Texts", columns: [.init(name: "text", type: .string)], key: ["text"], indexes: [])
        // "é" precomposed and decomposed: equal to Swift, different bytes to every store.
        let texts = [
            "", "a", "ab", "abz", "ac", "ab\u{10FFFF}", "ab\u{10FFFF}x", "b", "\u{10FFFF}", "\u{10FFFF}\u{10FFFF}z",
            "a\u{D7FF}", "a\u{D7FF}q", "a\u{E000}", "A", "\u{E9}t\u{E9}", "e\u{301}t\u{E9}",
        ]
        let store = try await kind.makeReadStore()
        _ = try await store.prepare(schema)
        try await store.commit(texts.map { .upsert([.string($0)]) }, to: "Texts", expected: 0, checkpoint: 1)
        for prefix in [
            "ab", "ab\u{10FFFF}", "\u{10FFFF}", "\u{10FFFF}\u{10FFFF}", "a\u{D7FF}", "a", "", "\u{E9}", "e\u{301}",
        ] {
            let found = try await store.rows(
                in: "Texts", matching: [ColumnFilter(column: "text", .startsWith(prefix))], orderBy: [], page: nil
            ).rows.map { $0[0] }
            let expected = texts.filter { $0.utf8.starts(with: prefix.utf8) }.map { ColumnValue.string($0) }.sorted()
            #expect(found == expected, "prefix \(prefix.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        for text in ["\u{E9}t\u{E9}", "e\u{301}t\u{E9}"] {
            for filter in [
                ColumnFilter(column: "text", value: .string(text)),
                ColumnFilter(column: "text", .isIn([.string(text)])),
            ] {
                let found = try await store.rows(in: "Texts", matching: [filter], orderBy: [], page: nil).rows
                #expect(found.map { $0[0] } == [.string(text)], "\(filter)")
            }
        }
    }

    @Test(arguments: StoreKind.tested)
    func filtersThatDoNotFitTheirColumnAndEmptyPagesAreRefused(kind: StoreKind) async throws {
        let store = try await kind.makeReadStore()
        _ = try await store.prepare(Things.schema)
        try await store.commit(Things.rows.map { .upsert($0) }, to: "Things", expected: 0, checkpoint: 1)
        let refused: [ColumnFilter] = [
            ColumnFilter(column: "rank", .startsWith("1")),
            ColumnFilter(column: "flag", .greaterThan(.bool(false))),
            ColumnFilter(column: "rank", .lessThan(.null)),
            ColumnFilter(column: "rank", .atLeast(.string("1"))),
            ColumnFilter(column: "group", .isIn([.string("a"), .null])),
        ]
        for filter in refused {
            await #expect {
                _ = try await store.rows(in: "Things", matching: [filter], orderBy: [], page: .first(5))
            } throws: { error in
                guard case ReadStoreError.invalidFilter(model: "Things", _) = error else { return false }
                return true
            }
            await #expect(throws: ReadStoreError.self) { _ = try await store.count(in: "Things", matching: [filter]) }
        }
        await #expect(throws: ReadStoreError.unknownColumn(model: "Things", column: "nope")) {
            _ = try await store.count(in: "Things", matching: [ColumnFilter(column: "nope", .startsWith("a"))])
        }
        for size in [0, -1] {
            await #expect(throws: ReadStoreError.invalidPageSize(size)) {
                _ = try await store.rows(in: "Things", matching: [], orderBy: [], page: .first(size))
            }
            await #expect(throws: ReadStoreError.invalidPageSize(size)) {
                _ = try await store.rows(in: "Things", matching: [], orderBy: [], page: .number(2, size: size))
            }
        }
    }

    @Test func allRowsOfAPagedQueryComeOnceEach() async throws {
        let store = InMemoryReadStore()
        _ = try await store.prepare(Things.schema)
        try await store.commit(Things.rows.map { .upsert($0) }, to: "Things", expected: 0, checkpoint: 1)
        let reader = ReadModelReader<Thing>(store: store)
        var seen: [UUID] = []
        for try await thing in PagedRows(first: .first(3), read: { try await reader.all(orderBy: [], page: $0) }) {
            seen.append(thing.id)
        }
        #expect(seen.count == Things.rows.count && Set(seen).count == seen.count)
    }
}

/// The id of a row of ``ReadStorePagingTests/schema``, enough to page it.
private struct Thing: ReadModelRow {
    static let schema = ReadStorePagingTests.schema
    var id: UUID
    init(columns: [ColumnValue]) throws {
        guard case .uuid(let id) = columns[0] else { throw ColumnConversionError(expected: .uuid, found: columns[0]) }
        self.id = id
    }
    var columns: [ColumnValue] { [.uuid(id)] }
    var key: [ColumnValue] { [.uuid(id)] }
}
