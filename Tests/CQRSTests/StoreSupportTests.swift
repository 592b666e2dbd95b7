import CQRS
import CQRSTestSupport
import Foundation
import Synchronization
import Testing

/// The machinery every store shares (`Sources/CQRS/StoreSupport`), tested on its own.
@Suite("Store support")
struct StoreSupportTests {
    static let schema = ReadModelSchema(
        name: "Orders",
        columns: [
            .init(name: "id", type: .int),
            .init(name: "user", type: .string),
            .init(name: "note", type: .string, nullable: true),
        ],
        key: ["id"],
        indexes: [["user"]]
    )

    // MARK: Row validation

    @Test func aRowMustMatchTheSchema() throws {
        let schema = Self.schema
        try schema.validate(row: [.int(1), .string("ada"), .null])
        #expect(throws: ReadStoreError.self) { try schema.validate(row: [.int(1), .string("ada")]) }
        #expect(throws: ReadStoreError.invalidRow(model: "Orders", reason: "user cannot be null")) {
            try schema.validate(row: [.int(1), .null, .null])
        }
        #expect(throws: ReadStoreError.self) { try schema.validate(row: [.string("1"), .string("ada"), .null]) }
        #expect(throws: ReadStoreError.invalidRow(model: "Orders", reason: "a key of 2 values")) {
            try schema.validate(key: [.int(1), .int(2)])
        }
        #expect(throws: ReadStoreError.self) { try schema.validate(key: [.string("1")]) }
        #expect(throws: ReadStoreError.self) {
            try schema.validate([.upsert([.int(1), .string("ada"), .null]), .delete(key: [.null])])
        }
    }

    // MARK: Row order and the cursor predicate

    /// Renders the condition with `?` placeholders, as SQLite does.
    static func sql(_ order: RowOrder, after values: [ColumnValue]) -> (String, [ColumnValue]) {
        var arguments: [ColumnValue] = []
        let text = order.condition(
            after: values,
            column: { schema.columns[$0].name },
            parameter: { value, _ in
                arguments.append(value)
                return "?"
            }
        )
        return (text, arguments)
    }

    @Test func theOrderEndsWithTheKey() throws {
        let order = try RowOrder(schema: Self.schema, orderBy: [.init(column: "user", descending: true)])
        #expect(order.columns == [1, 0])
        #expect(order.terms.map(\.descending) == [true, false])
        #expect(throws: ReadStoreError.unknownColumn(model: "Orders", column: "nope")) {
            try RowOrder(schema: Self.schema, orderBy: [.init(column: "nope")])
        }
    }

    @Test func ascendingTermsWithoutNullsCompareRowValues() throws {
        let order = try RowOrder(schema: Self.schema, orderBy: [.init(column: "user")])
        let (text, arguments) = Self.sql(order, after: [.string("bob"), .int(7)])
        #expect(text == "(user, id) > (?, ?)")
        #expect(arguments == [.string("bob"), .int(7)])
    }

    @Test func aDescendingNullableTermExpandsNullAware() throws {
        let order = try RowOrder(schema: Self.schema, orderBy: [.init(column: "note", descending: true)])
        let (text, arguments) = Self.sql(order, after: [.string("x"), .int(7)])
        #expect(text == "(((note < ? OR note IS NULL)) OR (note = ? AND id > ?))")
        #expect(arguments == [.string("x"), .string("x"), .int(7)])
        // Nothing sorts after NULL descending: only rows with NULL and a later key.
        let (afterNull, nullArguments) = Self.sql(order, after: [.null, .int(7)])
        #expect(afterNull == "((note IS NULL AND id > ?))")
        #expect(nullArguments == [.int(7)])
    }

    @Test func anAscendingNullCursorValueLetsNonNullRowsFollow() throws {
        let order = try RowOrder(schema: Self.schema, orderBy: [.init(column: "note")])
        let (text, arguments) = Self.sql(order, after: [.null, .int(7)])
        #expect(text == "((note IS NOT NULL) OR (note IS NULL AND id > ?))")
        #expect(arguments == [.int(7)])
    }

    @Test func cursorsAreCheckedAgainstTheOrder() throws {
        let order = try RowOrder(schema: Self.schema, orderBy: [.init(column: "user")])
        #expect(try order.cursorValues(of: nil) == nil)
        #expect(try order.cursorValues(of: .first(5)) == nil)
        let good = Cursor(values: [.string("bob"), .int(7)])
        #expect(try order.cursorValues(of: PageRequest(limit: 5, after: good)) == [.string("bob"), .int(7)])
        for bad in [
            Cursor(values: [.string("bob")]), Cursor(values: [.int(1), .int(7)]), Cursor(rawValue: "%%"),
        ] {
            #expect(throws: ReadStoreError.invalidCursor(bad.rawValue)) {
                try order.cursorValues(of: PageRequest(limit: 5, after: bad))
            }
        }
    }

    @Test func aPageIsCutFromOneRowMoreThanAsked() throws {
        let order = try RowOrder(schema: Self.schema, orderBy: [.init(column: "user")])
        let rows: [[ColumnValue]] = (1...3).map { [.int($0), .string("u\($0)"), .null] }
        let page = order.page(of: rows, limit: 2)
        #expect(page.rows == Array(rows.prefix(2)))
        #expect(try page.nextCursor?.values() == [.string("u2"), .int(2)])
        #expect(order.page(of: Array(rows.prefix(2)), limit: 2).nextCursor == nil)
        #expect(order.page(of: rows, limit: nil) == RowPage(rows: rows, nextCursor: nil))
        #expect(order.page(of: rows, limit: 0) == RowPage(rows: [], nextCursor: nil))
    }

    // MARK: Blue-green

    @Test(
        arguments: [
            // (held, expected target, staging?, create, drop)
            ([(String, String)](), "Orders", false, "Orders", [String]()),
            ([("Orders", "same")], "Orders", false, nil, []),
            ([("Orders", "same"), ("Orders@old", "old")], "Orders", false, nil, ["Orders@old"]),
            ([("Orders", "old")], "Orders@new", true, "Orders@new", []),
            ([("Orders", "old"), ("Orders@new", "new")], "Orders@new", true, nil, []),
            ([("Orders", "old"), ("Orders@other", "other")], "Orders@new", true, "Orders@new", ["Orders@other"]),
            ([("Orders@other", "other")], "Orders", false, "Orders", ["Orders@other"]),
        ] as [([(String, String)], String, Bool, String?, [String])])
    func theBlueGreenPlan(
        held: [(String, String)], target: String, isStaging: Bool, create: String?, drop: [String]
    ) {
        // The schema's real hash stands for "same"/"new"; any other string is another shape.
        let schema = Self.schema
        let resolved = held.map { name, hash in
            BlueGreenPlan.Held(
                name: name == "Orders@new" ? schema.stagingName : name,
                shapeHash: hash == "same" || hash == "new" ? schema.shapeHash : hash)
        }
        let plan = BlueGreenPlan(for: schema, held: resolved)
        let expectedTarget = target == "Orders@new" ? schema.stagingName : target
        #expect(plan.preparation == ModelPreparation(target: expectedTarget, isStaging: isStaging))
        #expect(plan.create == create.map { $0 == "Orders@new" ? schema.stagingName : $0 })
        #expect(plan.drop == drop)
    }

    // MARK: Group commit and the head notifier

    @Test func concurrentAppendsShareBatchesAndKeepTheirOwnResults() async throws {
        let queue = GroupCommit<AppendRequest, AppendResult>(maximumBatch: 4)
        let batches = Mutex<[Int]>([])
        let stream = StreamID(category: "T", id: "1")
        let execute: GroupCommit<AppendRequest, AppendResult>.Execute = { requests in
            batches.withLock { $0.append(requests.count) }
            try? await Task.sleep(for: .milliseconds(5))
            return requests.map { request in
                request.commandID == nil
                    ? .failure(WrongExpectedVersion(stream: stream, expected: .noStream, actual: 1))
                    : .success(
                        AppendResult(
                            stream: stream, version: 1, position: 1, eventCount: 0, commandID: request.commandID))
            }
        }
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask {
                    let request = AppendRequest(
                        stream: stream, expectedVersion: .any, events: [],
                        commandID: index.isMultiple(of: 5) ? nil : UUID())
                    do {
                        let result = try await queue.submit(request, execute: execute)
                        return result.commandID == request.commandID
                    } catch is WrongExpectedVersion {
                        return index.isMultiple(of: 5)
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 20 && results.allSatisfy { $0 })
        let sizes = batches.withLock { $0 }
        #expect(sizes.reduce(0, +) == 20)
        #expect(sizes.allSatisfy { $0 <= 4 })
    }

    /// A leader whose task is cancelled while its batch runs (a client gone, a runner stopping) must not fail
    /// the other callers' writes it carries: the store's write would see the cancellation.
    @Test func aCancelledLeaderDoesNotFailTheWritesItCarries() async throws {
        let queue = GroupCommit<Int, Int>(maximumBatch: 8)
        let execute: GroupCommit<Int, Int>.Execute = { requests in
            try? await Task.sleep(for: .milliseconds(50))
            return requests.map { Task.isCancelled ? .failure(CancellationError()) : .success($0) }
        }
        // The first leads alone; the next two queue meanwhile, and the second of them leads their batch.
        let first = Task { try await queue.submit(1, execute: execute) }
        try await Task.sleep(for: .milliseconds(10))
        let leader = Task { try await queue.submit(2, execute: execute) }
        try await Task.sleep(for: .milliseconds(5))
        let carried = Task { try await queue.submit(3, execute: execute) }
        #expect(try await first.value == 1)
        try await Task.sleep(for: .milliseconds(10))
        leader.cancel()
        #expect(try await carried.value == 3)
        _ = try? await leader.value
    }

    @Test(arguments: [1, 3])
    func noMoreTransactionsThanAllowedRunAtOnceAndEveryAppendIsAnswered(maximumInFlight: Int) async throws {
        let queue = GroupCommit<AppendRequest, AppendResult>(maximumBatch: 2, maximumInFlight: maximumInFlight)
        struct Counts { var running = 0, most = 0, appends = 0 }
        let counts = Mutex(Counts())
        let stream = StreamID(category: "T", id: "1")
        let execute: GroupCommit<AppendRequest, AppendResult>.Execute = { requests in
            counts.withLock {
                $0.running += 1
                $0.most = max($0.most, $0.running)
                $0.appends += requests.count
            }
            try? await Task.sleep(for: .milliseconds(5))
            counts.withLock { $0.running -= 1 }
            return requests.map {
                .success(AppendResult(stream: stream, version: 1, position: 1, eventCount: 0, commandID: $0.commandID))
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    let request = AppendRequest(stream: stream, expectedVersion: .any, events: [], commandID: UUID())
                    let result = try await queue.submit(request, execute: execute)
                    #expect(result.commandID == request.commandID)
                }
            }
            try await group.waitForAll()
        }
        let final = counts.withLock { $0 }
        #expect(final.appends == 24)
        #expect(final.running == 0)
        #expect(final.most <= maximumInFlight)
        // Twenty-four appends that each wait 5 ms: several transactions did overlap when allowed.
        if maximumInFlight > 1 { #expect(final.most > 1) }
    }

    @Test func theNotifierPassesOnlyNewerHeads() async throws {
        let notifier = HeadNotifier()
        let stream = notifier.subscribe()
        notifier.publish(3)
        notifier.publish(2)  // late: dropped
        notifier.publish(5)
        notifier.finish()
        var seen: [Int64] = []
        for await head in stream { seen.append(head) }
        // The stream buffers the newest head only.
        #expect(seen == [5])
    }

    // MARK: The leased row cache

    @Test func aStagingTargetBelongsToItsModel() {
        let schema = Self.schema
        #expect(ReadModelSchema.modelName(ofTarget: schema.stagingName) == "Orders")
        #expect(ReadModelSchema.modelName(ofTarget: "Orders") == "Orders")
        // Not a shape hash after the "@": a model name of its own.
        #expect(ReadModelSchema.modelName(ofTarget: "Orders@eu") == "Orders@eu")
    }

    @Test func underTheLeaseAResetTableAnswersFromMemory() {
        let cache = LeasedRowCache(maximumRows: 10)
        let key: [ColumnValue] = [.int(1)]
        let row: [ColumnValue] = [.int(1), .string("ada"), .null]
        cache.reset("Orders", checkpoint: 0)
        #expect(cache.row(in: "Orders", key: key) == nil, "not held: nothing is known")

        cache.hold("Orders")
        cache.reset("Orders", checkpoint: 0)
        #expect(cache.row(in: "Orders", key: key)?.row == .some(nil), "an emptied table has no rows")
        cache.committed([.upsert(row)], keyIndices: [0], to: "Orders", expected: 0, checkpoint: 5, retried: false)
        #expect(cache.row(in: "Orders", key: key)?.row == row)
        cache.committed([.delete(key: key)], keyIndices: [0], to: "Orders", expected: 5, checkpoint: 6, retried: false)
        #expect(cache.row(in: "Orders", key: key)?.row == .some(nil))

        cache.release("Orders")
        #expect(cache.row(in: "Orders", key: key) == nil, "released: nothing is known")
    }

    @Test func aDoubtfulOrUnexpectedCommitForgetsTheTable() {
        let cache = LeasedRowCache(maximumRows: 10)
        let row: [ColumnValue] = [.int(1), .string("ada"), .null]
        cache.hold("Orders")
        cache.reset("Orders", checkpoint: 0)
        cache.committed([.upsert(row)], keyIndices: [0], to: "Orders", expected: 0, checkpoint: 2, retried: true)
        #expect(cache.row(in: "Orders", key: [.int(1)]) == nil, "a retried commit may have raced")

        cache.reset("Orders", checkpoint: 0)
        // A commit from another checkpoint than the entry's: the entry no longer mirrors the table.
        cache.committed([.upsert(row)], keyIndices: [0], to: "Orders", expected: 7, checkpoint: 8, retried: false)
        #expect(cache.row(in: "Orders", key: [.int(1)])?.row == row)
        #expect(cache.row(in: "Orders", key: [.int(2)]) == nil, "no longer complete")

        cache.forget("Orders")
        #expect(cache.row(in: "Orders", key: [.int(1)]) == nil)
    }

    @Test func aCacheGrownPastItsBoundStartsOver() {
        let cache = LeasedRowCache(maximumRows: 2)
        cache.hold("Orders")
        cache.reset("Orders", checkpoint: 0)
        let rows: [RowChange] = (1...3).map { .upsert([.int($0), .string("u"), .null]) }
        cache.committed(rows, keyIndices: [0], to: "Orders", expected: 0, checkpoint: 3, retried: false)
        #expect(cache.row(in: "Orders", key: [.int(1)]) == nil)
        #expect(cache.row(in: "Orders", key: [.int(9)]) == nil, "no longer known to be empty")
    }

    @Test func aLoadThatRacedACommitIsNotKept() async throws {
        let cache = LeasedRowCache(maximumRows: 10)
        let stale: [ColumnValue] = [.int(1), .string("old"), .null]
        let fresh: [ColumnValue] = [.int(1), .string("new"), .null]
        cache.hold("Orders")
        cache.committed([], keyIndices: [0], to: "Orders", expected: 0, checkpoint: 1, retried: false)
        let loaded = try await cache.row(in: "Orders", key: [.int(1)]) {
            // The table is read, then a commit lands before the row is kept.
            cache.committed([.upsert(fresh)], keyIndices: [0], to: "Orders", expected: 1, checkpoint: 2, retried: false)
            return stale
        }
        #expect(loaded == stale)
        #expect(cache.row(in: "Orders", key: [.int(1)])?.row == fresh)

        let loads = Mutex(0)
        let other = try await cache.row(in: "Orders", key: [.int(2)]) {
            loads.withLock { $0 += 1 }
            return nil
        }
        #expect(other == nil)
        _ = try await cache.row(in: "Orders", key: [.int(2)]) {
            loads.withLock { $0 += 1 }
            return nil
        }
        #expect(loads.withLock { $0 } == 1, "a row known not to exist is not read again")
    }

    @Test func aPromotedStagingTableKeepsWhatWasKnown() {
        let schema = Self.schema
        let cache = LeasedRowCache(maximumRows: 10)
        cache.hold("Orders")
        cache.reset(schema.stagingName, checkpoint: 0)
        cache.rename(schema.stagingName, to: "Orders")
        #expect(cache.row(in: "Orders", key: [.int(1)])?.row == .some(nil))
        #expect(cache.row(in: schema.stagingName, key: [.int(1)]) == nil)
    }
}
