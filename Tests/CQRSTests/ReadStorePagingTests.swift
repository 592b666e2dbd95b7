import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// Paging by cursor over several ordering columns, mixed directions and NULLs, for every store kind: the
/// pages concatenated are the rows in the order `ColumnValue` defines.
@Suite("Read store paging")
struct ReadStorePagingTests {
    static let schema = ReadModelSchema(
        name: "Things",
        columns: [
            .init(name: "id", type: .uuid),
            .init(name: "group", type: .string),
            .init(name: "rank", type: .int, nullable: true),
            .init(name: "price", type: .decimal),
            .init(name: "at", type: .date, nullable: true),
            .init(name: "flag", type: .bool),
        ],
        key: ["id"],
        indexes: [["group"], ["rank", "price"]]
    )

    /// 40 rows with many ties and NULLs.
    static let rows: [[ColumnValue]] = (0..<40).map(row)

    static func row(_ number: Int) -> [ColumnValue] {
        let idText = String(format: "%08X-0000-4000-8000-%012X", number * 7919 % 40, number)
        let groups = ["a", "b", "é", "B"]
        let rank: ColumnValue = number % 5 == 0 ? .null : .int(Int64(number % 3) - 1)
        let price = Decimal(number % 6) / 4 - 1
        let seconds = Double(number % 4) * 1.5
        let at: ColumnValue = number % 7 == 0 ? .null : .date(Date(timeIntervalSince1970: seconds))
        return [
            .uuid(UUID(uuidString: idText)!), .string(groups[number % 4]), rank, .decimal(price), at,
            .bool(number % 2 == 0),
        ]
    }

    static let orderings: [[ColumnOrdering]] = [
        [],
        [.init(column: "rank")],
        [.init(column: "rank", descending: true)],
        [.init(column: "price", descending: true), .init(column: "rank")],
        [.init(column: "at"), .init(column: "flag", descending: true)],
        [.init(column: "group", descending: true), .init(column: "at", descending: true)],
    ]

    /// The expected order: by the orderings, then the key ascending.
    static func sorted(_ rows: [[ColumnValue]], by orderings: [ColumnOrdering]) -> [[ColumnValue]] {
        let positions = orderings.map { (schema.columnIndex($0.column)!, $0.descending) } + [(0, false)]
        return rows.sorted { lhs, rhs in
            for (index, descending) in positions {
                let order = ColumnValue.compare(lhs[index], rhs[index])
                if order != 0 { return descending ? order > 0 : order < 0 }
            }
            return false
        }
    }

    @Test(arguments: StoreKind.tested, orderings.indices)
    func pagesFollowTheColumnValueOrder(kind: StoreKind, ordering: Int) async throws {
        let store = try await kind.makeReadStore()
        _ = try await store.prepare(Self.schema)
        try await store.commit(Self.rows.shuffled().map { .upsert($0) }, to: "Things", expected: 0, checkpoint: 1)
        let orderBy = Self.orderings[ordering]
        for filter in [[], [ColumnFilter(column: "group", value: .string("b"))]] {
            var collected: [[ColumnValue]] = []
            var request: PageRequest? = .first(3)
            while let page = request {
                let result = try await store.rows(in: "Things", matching: filter, orderBy: orderBy, page: page)
                #expect(result.rows.count <= 3)
                collected += result.rows
                request = result.nextCursor.map { PageRequest(limit: 3, after: $0) }
            }
            let matching = Self.rows.filter { filter.isEmpty || $0[1] == .string("b") }
            #expect(collected == Self.sorted(matching, by: orderBy))
            let unpaged = try await store.rows(in: "Things", matching: filter, orderBy: orderBy, page: nil).rows
            #expect(unpaged == collected)
        }
    }

    @Test(arguments: StoreKind.tested, orderings.indices)
    func numberedPagesAreTheSameRowsAndCountsAreExact(kind: StoreKind, ordering: Int) async throws {
        let store = try await kind.makeReadStore()
        _ = try await store.prepare(Self.schema)
        try await store.commit(Self.rows.shuffled().map { .upsert($0) }, to: "Things", expected: 0, checkpoint: 1)
        let orderBy = Self.orderings[ordering]
        for filter in [
            [], [ColumnFilter(column: "group", value: .string("b"))], [ColumnFilter(column: "rank", value: .null)],
        ] {
            let matching = Self.sorted(
                Self.rows.filter { row in
                    filter.allSatisfy { row[Self.schema.columnIndex($0.column)!] == Self.equalValue($0) }
                },
                by: orderBy)
            #expect(try await store.count(in: "Things", matching: filter) == matching.count)
            // Pages of 7 by number: each the slice of the whole order, and a next page until the last.
            let pages = (matching.count + 6) / 7
            for number in 1...(pages + 1) {
                let page = try await store.rows(
                    in: "Things", matching: filter, orderBy: orderBy, page: .number(number, size: 7))
                let start = min((number - 1) * 7, matching.count)
                #expect(page.rows == Array(matching[start..<min(start + 7, matching.count)]))
                #expect((page.nextCursor != nil) == (number < pages))
            }
        }
        // A cursor and an offset: the offset counts from the cursor.
        let first = try await store.rows(in: "Things", matching: [], orderBy: orderBy, page: .first(5))
        let skipped = try await store.rows(
            in: "Things", matching: [], orderBy: orderBy,
            page: PageRequest(limit: 5, after: first.nextCursor, offset: 5))
        #expect(skipped.rows == Array(Self.sorted(Self.rows, by: orderBy)[10..<15]))
        #expect(try await store.count(in: "NoSuchModel", matching: []) == 0)
    }

    static func equalValue(_ filter: ColumnFilter) -> ColumnValue? {
        if case .equals(let value) = filter.condition { value } else { nil }
    }

    @Test func aNumberedPageSaysWhichAndHowMany() async throws {
        let store = InMemoryReadStore()
        _ = try await store.prepare(PlacedCount.schema)
        try await store.commit(
            (1...23).map { .upsert(PlacedCount(userId: "u\($0)", orders: $0 % 3).columns) }, to: "PlacedCount",
            expected: 0, checkpoint: 1)
        let reader = ReadModelReader<PlacedCount>(store: store)
        let third = try await reader.rows(matching: [], orderBy: [], number: 3, size: 10, counting: true)
        #expect(third.rows.count == 3)
        #expect(third.number == 3 && third.total == 23 && third.pageCount == 3 && !third.hasNext)
        let second = try await reader.rows(matching: [], orderBy: [], number: 2, size: 10)
        #expect(second.total == nil && second.pageCount == nil && second.hasNext)
        #expect(try await reader.count(matching: [ColumnFilter(column: "orders", value: .int(0))]) == 7)
    }
}
