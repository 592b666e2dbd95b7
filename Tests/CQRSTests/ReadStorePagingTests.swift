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
}
