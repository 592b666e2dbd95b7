import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// The `ReadStore` contract, once, for every store kind.
@Suite("Read store")
struct ReadStoreTests {
    static let schema = People.schema

    static func person(_ id: Int64, _ team: String, _ score: Int64, _ nickname: String? = nil) -> [ColumnValue] {
        People.row(id, team, score, nickname)
    }

    func prepared(_ kind: StoreKind) async throws -> any ReadStore {
        let store = try await kind.makeReadStore()
        _ = try await store.prepare(Self.schema)
        return store
    }

    @Test(arguments: StoreKind.tested)
    func commitsRowsAndTheCheckpointTogether(kind: StoreKind) async throws {
        let store = try await prepared(kind)
        #expect(try await store.checkpoint(of: "People") == 0)
        try await store.commit(
            [.upsert(Self.person(1, "red", 10)), .upsert(Self.person(2, "blue", 5))], to: "People", expected: 0,
            checkpoint: 7)
        #expect(try await store.checkpoint(of: "People") == 7)
        #expect(try await store.row(in: "People", key: [.int(1)]) == Self.person(1, "red", 10))

        try await store.commit(
            [.upsert(Self.person(1, "red", 11, "Ace")), .delete(key: [.int(2)])], to: "People", expected: 7,
            checkpoint: 9)
        #expect(try await store.row(in: "People", key: [.int(1)]) == Self.person(1, "red", 11, "Ace"))
        #expect(try await store.row(in: "People", key: [.int(2)]) == nil)
        #expect(try await store.checkpoint(of: "People") == 9)

        // Only the checkpoint moves.
        try await store.commit([], to: "People", expected: 9, checkpoint: 12)
        #expect(try await store.checkpoint(of: "People") == 12)
    }

    @Test(arguments: StoreKind.tested)
    func anInvalidCommitChangesNothing(kind: StoreKind) async throws {
        let store = try await prepared(kind)
        try await store.commit([.upsert(Self.person(1, "red", 10))], to: "People", expected: 0, checkpoint: 1)
        await #expect(throws: ReadStoreError.self) {
            try await store.commit(
                [.upsert(Self.person(2, "red", 3)), .upsert([.int(3), .null, .int(1), .null])],
                to: "People",
                expected: 1,
                checkpoint: 2
            )
        }
        #expect(try await store.row(in: "People", key: [.int(2)]) == nil)
        #expect(try await store.checkpoint(of: "People") == 1)
        await #expect(throws: ReadStoreError.unknownModel("Nobody")) {
            try await store.commit([], to: "Nobody", expected: 0, checkpoint: 1)
        }
    }

    @Test(arguments: StoreKind.tested)
    func resetEmptiesTheModel(kind: StoreKind) async throws {
        let store = try await prepared(kind)
        try await store.commit([.upsert(Self.person(1, "red", 10))], to: "People", expected: 0, checkpoint: 4)
        try await store.reset("People")
        #expect(try await store.checkpoint(of: "People") == 0)
        #expect(try await store.rows(in: "People", matching: [], orderBy: [], page: nil).rows.isEmpty)
    }

    @Test(arguments: StoreKind.tested)
    func preparingAgainKeepsRowsAndAnotherShapeIsBuiltBesideTheOldOne(kind: StoreKind) async throws {
        let store = try await prepared(kind)
        try await store.commit([.upsert(Self.person(1, "red", 10))], to: "People", expected: 0, checkpoint: 4)
        #expect(try await store.prepare(Self.schema) == ModelPreparation(target: "People", isStaging: false))
        #expect(try await store.checkpoint(of: "People") == 4)

        let reshaped = ReadModelSchema(name: "People", columns: Self.schema.columns, key: ["id"], indexes: [])
        let staging = try await store.prepare(reshaped)
        #expect(staging.isStaging)
        #expect(staging.target != "People")
        #expect(try await store.checkpoint(of: staging.target) == 0)
        #expect(try await store.row(in: staging.target, key: [.int(1)]) == nil)
        // The old table still serves, under the model's name.
        #expect(try await store.checkpoint(of: "People") == 4)
        #expect(try await store.row(in: "People", key: [.int(1)]) == Self.person(1, "red", 10))

        // Preparing the new shape again resumes the staging table.
        try await store.commit(
            [.upsert(Self.person(2, "blue", 3))], to: staging.target, expected: 0, checkpoint: 3)
        #expect(try await store.prepare(reshaped) == staging)
        #expect(try await store.checkpoint(of: staging.target) == 3)

        try await store.promote(reshaped)
        #expect(try await store.checkpoint(of: "People") == 3)
        #expect(
            try await store.rows(in: "People", matching: [], orderBy: [], page: nil).rows == [
                Self.person(2, "blue", 3)
            ])
        #expect(try await store.prepare(reshaped) == ModelPreparation(target: "People", isStaging: false))
        // Promoting with nothing staged changes nothing.
        try await store.promote(reshaped)
        #expect(try await store.checkpoint(of: "People") == 3)
    }

    @Test(arguments: StoreKind.tested)
    func aCommitFromAStaleCheckpointIsFencedAndChangesNothing(kind: StoreKind) async throws {
        let store = try await prepared(kind)
        try await store.commit([.upsert(Self.person(1, "red", 10))], to: "People", expected: 0, checkpoint: 5)
        let conflict = await #expect(throws: CheckpointConflict.self) {
            try await store.commit(
                [.upsert(Self.person(2, "red", 3)), .delete(key: [.int(1)])], to: "People", expected: 3, checkpoint: 8)
        }
        #expect(conflict == CheckpointConflict(model: "People", expected: 3, actual: 5))
        #expect(try await store.checkpoint(of: "People") == 5)
        #expect(
            try await store.rows(in: "People", matching: [], orderBy: [], page: nil).rows == [
                Self.person(1, "red", 10)
            ])
        // The writer that is up to date goes on.
        try await store.commit([.upsert(Self.person(2, "red", 3))], to: "People", expected: 5, checkpoint: 8)
        #expect(try await store.checkpoint(of: "People") == 8)
    }

    @Test(arguments: StoreKind.tested)
    func filtersByEquality(kind: StoreKind) async throws {
        let store = try await prepared(kind)
        try await store.commit(
            [
                .upsert(Self.person(1, "red", 10)), .upsert(Self.person(2, "blue", 5)),
                .upsert(Self.person(3, "red", 7, "Tex")),
            ],
            to: "People",
            expected: 0,
            checkpoint: 1
        )
        let reds = try await store.rows(
            in: "People", matching: [.init(column: "team", value: .string("red"))], orderBy: [], page: nil)
        #expect(reds.rows == [Self.person(1, "red", 10), Self.person(3, "red", 7, "Tex")])
        // A filter no index covers.
        let nicknamed = try await store.rows(
            in: "People",
            matching: [.init(column: "team", value: .string("red")), .init(column: "nickname", value: .null)],
            orderBy: [],
            page: nil
        )
        #expect(nicknamed.rows == [Self.person(1, "red", 10)])
        await #expect(throws: ReadStoreError.unknownColumn(model: "People", column: "colour")) {
            try await store.rows(
                in: "People", matching: [.init(column: "colour", value: .null)], orderBy: [], page: nil)
        }
    }

    /// 25 people, scores with many ties, in the order given.
    func populated(_ kind: StoreKind) async throws -> any ReadStore {
        let store = try await prepared(kind)
        let people = (1...25).map { id in Self.person(Int64(id), id.isMultiple(of: 5) ? "blue" : "red", Int64(id % 4)) }
        try await store.commit(people.shuffled().map { .upsert($0) }, to: "People", expected: 0, checkpoint: 1)
        return store
    }

    func allPages(
        _ store: any ReadStore,
        matching filter: [ColumnFilter] = [],
        orderBy: [ColumnOrdering],
        limit: Int
    ) async throws -> [[[ColumnValue]]] {
        var pages: [[[ColumnValue]]] = []
        var request: PageRequest? = .first(limit)
        while let page = request {
            let result = try await store.rows(in: "People", matching: filter, orderBy: orderBy, page: page)
            pages.append(result.rows)
            request = result.nextCursor.map { PageRequest(limit: limit, after: $0) }
        }
        return pages
    }

    @Test(arguments: StoreKind.tested, [false, true])
    func pagesByCursorInOrderWithTheKeyBreakingTies(kind: StoreKind, descending: Bool) async throws {
        let store = try await populated(kind)
        let ordering = [ColumnOrdering(column: "score", descending: descending)]
        let pages = try await allPages(store, orderBy: ordering, limit: 4)

        #expect(pages.map(\.count) == [4, 4, 4, 4, 4, 4, 1])
        let ids = pages.flatMap { $0 }.map { $0[0] }
        let expected = (1...25).sorted { lhs, rhs in
            let (l, r) = (lhs % 4, rhs % 4)
            if l != r { return descending ? l > r : l < r }
            return lhs < rhs
        }
        #expect(ids == expected.map { .int(Int64($0)) })
    }

    @Test(arguments: StoreKind.tested)
    func pagesStayStableWhenRowsChangeBetweenPages(kind: StoreKind) async throws {
        let store = try await populated(kind)
        let ordering = [ColumnOrdering(column: "score", descending: true)]
        let first = try await store.rows(in: "People", matching: [], orderBy: ordering, page: .first(5))
        let cursor = try #require(first.nextCursor)

        // A row that sorts before the cursor appears, and one already seen disappears.
        try await store.commit(
            [.upsert(Self.person(0, "red", 3)), .delete(key: first.rows[0].prefix(1).map { $0 })], to: "People",
            expected: 1, checkpoint: 2)
        let second = try await store.rows(
            in: "People", matching: [], orderBy: ordering, page: PageRequest(limit: 5, after: cursor))

        let seen = Set(first.rows.map { $0[0] })
        #expect(second.rows.allSatisfy { !seen.contains($0[0]) })
        #expect(second.rows.count == 5)
        #expect(!second.rows.contains { $0[0] == .int(0) })
    }

    @Test(arguments: StoreKind.tested)
    func pagesAFilteredQuery(kind: StoreKind) async throws {
        let store = try await populated(kind)
        let pages = try await allPages(
            store,
            matching: [.init(column: "team", value: .string("blue"))],
            orderBy: [.init(column: "score")],
            limit: 2
        )
        #expect(pages.map(\.count) == [2, 2, 1])
        #expect(pages.flatMap { $0 }.map { $0[0] } == [20, 5, 25, 10, 15].map { ColumnValue.int($0) })
    }

    @Test(arguments: StoreKind.tested)
    func rejectsACursorItDidNotMake(kind: StoreKind) async throws {
        let store = try await populated(kind)
        await #expect(throws: ReadStoreError.self) {
            try await store.rows(
                in: "People", matching: [], orderBy: [],
                page: PageRequest(limit: 2, after: Cursor(rawValue: "not a cursor")))
        }
    }
}
