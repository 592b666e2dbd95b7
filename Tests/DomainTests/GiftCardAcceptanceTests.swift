import CQRS
import CQRSTestSupport
import Foundation
import Testing

/// The gift card list as its UI uses it, on every store: filters by an id prefix and by what is left, a
/// count under the same filter, paging loops that end, and watched queries that push each change.
@Suite("Gift cards: acceptance", .timeLimit(.minutes(1)))
struct GiftCardAcceptanceTests {
    func giftCards(_ kind: StoreKind) async throws -> GiftCards.Application {
        let (events, rows) = try await kind.makeSharedStores()
        return try GiftCards.Application(eventStore: events, readStore: rows, giftCard: GiftCardRules())
    }

    /// Cards `GC-01` … `GC-24` worth 10 … 240, and `XY-1` … `XY-3` worth 5 each; returns the last receipt.
    @discardableResult
    func issueCards(_ cards: GiftCards.Application) async throws -> CommandReceipt {
        var last: CommandReceipt?
        for number in 1...24 {
            last = try await cards.send(
                GiftCards.GiftCard.Issue(giftCardId: String(format: "GC-%02d", number), amount: number * 10))
        }
        for number in 1...3 {
            last = try await cards.send(GiftCards.GiftCard.Issue(giftCardId: "XY-\(number)", amount: 5))
        }
        return last!
    }

    @Test(
        "The card list filters by prefix and by value left, and counts under the same filter",
        arguments: StoreKind.tested)
    func theCardListFiltersAndCounts(kind: StoreKind) async throws {
        let cards = try await giftCards(kind)
        try await cards.withProjectionsRunning {
            try await issueCards(cards)
            try await cards.send(GiftCards.GiftCard.Redeem(giftCardId: "GC-03", amount: 25))
            let redeemed = try await cards.send(GiftCards.GiftCard.Cancel(giftCardId: "GC-04"))
            let all = try await cards.ask(GiftCards.CardSummaries(), after: redeemed)
            #expect(all.total == 27 && all.pageCount == 3 && all.rows.count == 10)
            let gc = try await cards.ask(GiftCards.CardSummaries(idPrefix: "GC-1"))
            #expect(gc.rows.map(\.cardId) == (10...19).map { "GC-\($0)" } && gc.total == 10 && !gc.hasNext)
            #expect(try await cards.ask(GiftCards.CountCardSummaries(idPrefix: "GC-")) == 24)
            #expect(try await cards.ask(GiftCards.CountCardSummaries(idPrefix: "gc-")) == 0)
            // What is left: GC-03 has 5 left, GC-04 none, the XY cards 5 each.
            let low = try await cards.ask(GiftCards.CardSummaries(remainingBelow: 10))
            #expect(low.rows.map(\.cardId) == ["GC-03", "GC-04", "XY-1", "XY-2", "XY-3"])
            let band = try await cards.ask(
                GiftCards.CardSummaries(idPrefix: "GC", minRemaining: 100, remainingBelow: 150))
            #expect(band.rows.map(\.cardId) == ["GC-10", "GC-11", "GC-12", "GC-13", "GC-14"] && band.total == 5)
            #expect(
                try await cards.ask(GiftCards.CountCardSummaries(minRemaining: 100, remainingBelow: 150)) == 5)
            let since = try await cards.ask(GiftCards.CardSummaries(issuedSince: Date.distantFuture))
            #expect(since.rows.isEmpty && since.total == 0 && since.pageCount == 1)
            let among = try await cards.ask(GiftCards.CardsAmong(cardIds: ["XY-2", "GC-07", "nope"]))
            #expect(among.rows.map(\.cardId) == ["GC-07", "XY-2"])
            #expect(try await cards.ask(GiftCards.CardsAmong(cardIds: [])).rows.isEmpty)
        }
    }

    @Test(
        "A card's code follows the printed format; an empty one is refused before anything is read",
        arguments: StoreKind.tested)
    func cardCodesAreChecked(kind: StoreKind) async throws {
        let cards = try await giftCards(kind)
        for code in ["", "gc-1", "GC-", "GC-12345678901234"] {
            await #expect(throws: CommandValidationError.self, "\(code)") {
                try await cards.send(GiftCards.GiftCard.Issue(giftCardId: code, amount: 10))
            }
        }
        await #expect(throws: CommandValidationError.self) {
            try await cards.send(GiftCards.GiftCard.Redeem(giftCardId: "", amount: 10))
        }
        #expect(try await cards.engine.eventStore.headPosition() == 0)
        try await cards.send(GiftCards.GiftCard.Issue(giftCardId: "GC-1", amount: 10))
        await #expect(throws: GiftCardError.insufficientFunds(remaining: 10)) {
            try await cards.send(GiftCards.GiftCard.Redeem(giftCardId: "GC-1", amount: 11))
        }
    }

    @Test(
        "A confirmation reads the card from the write side: after a command, as of a version, and in the reply",
        arguments: StoreKind.tested)
    func theConfirmationReadsTheWriteSide(kind: StoreKind) async throws {
        let cards = try await giftCards(kind)
        // No projection runs: the write side answers anyway.
        let issued = try await cards.sendReturningState(GiftCards.GiftCard.Issue(giftCardId: "GC-1", amount: 50))
        #expect(issued.receipt.version == 1 && issued.state == GiftCards.GiftCard.State(remaining: 50))
        let redeemed = try await cards.sendReturningState(GiftCards.GiftCard.Redeem(giftCardId: "GC-1", amount: 20))
        #expect(redeemed.state.remaining == 30)

        let current = try await cards.state(of: "GC-1", in: GiftCards.GiftCard.self)
        #expect(current?.version == 2 && current?.state == GiftCards.GiftCard.State(remaining: 30))
        #expect(try await cards.state(of: "GC-9", in: GiftCards.GiftCard.self) == nil)
        let asIssued = try await cards.state(of: "GC-1", in: GiftCards.GiftCard.self, asOf: .version(1))
        #expect(asIssued?.state.remaining == 50)
        #expect(try await cards.ask(GiftCards.CountCardSummaries()) == 0)
    }

    @Test("After a restart, the list waits for its own read model to catch up", arguments: StoreKind.tested)
    func aRestartedApplicationWaitsForItsModel(kind: StoreKind) async throws {
        let (events, rows) = try await kind.makeSharedStores()
        let before = try GiftCards.Application(eventStore: events, readStore: rows, giftCard: GiftCardRules())
        try await issueCards(before)  // No projection runs: the list is empty.
        #expect(try await before.ask(GiftCards.CountCardSummaries()) == 0)
        let after = try GiftCards.Application(eventStore: events, readStore: rows, giftCard: GiftCardRules())
        try await after.withProjectionsRunning {
            try await after.waitUntilCaughtUp(GiftCards.CardSummary.self)
            #expect(try await after.ask(GiftCards.CountCardSummaries()) == 27)
            await #expect(throws: EngineError.unknownProjection("Nope")) {
                try await after.engine.waitUntilCaughtUp(Nope.self)
            }
        }
    }

    @Test("Every page of a list is read once, and a loop over the pages ends", arguments: StoreKind.tested)
    func pagingLoopsEnd(kind: StoreKind) async throws {
        let cards = try await giftCards(kind)
        try await cards.withProjectionsRunning {
            let receipt = try await issueCards(cards)
            let ids = (1...24).map { String(format: "GC-%02d", $0) } + ["XY-1", "XY-2", "XY-3"]
            var page = try await cards.ask(GiftCards.CardsAmong(cardIds: ids), page: .first(4), after: receipt)
            var seen = page.rows.map(\.cardId)
            while let next = page.next {
                page = try await cards.ask(GiftCards.CardsAmong(cardIds: ids), page: next)
                seen += page.rows.map(\.cardId)
            }
            #expect(Set(seen) == Set(ids) && seen.count == ids.count)
            var streamed: [String] = []
            for try await card in cards.rows(of: GiftCards.CardsAmong(cardIds: ids), pageSize: 5) {
                streamed.append(card.cardId)
            }
            #expect(streamed == seen)
            await #expect(throws: ReadStoreError.invalidPageSize(0)) {
                _ = try await cards.ask(GiftCards.CardsAmong(cardIds: ids), page: .first(0))
            }
            await #expect(throws: ReadStoreError.invalidPageSize(-3)) {
                _ = try await cards.ask(GiftCards.CardSummaries(), page: 1, pageSize: -3)
            }
        }
    }

    @Test(
        "A watched query yields the answer now, then each change, with the position it reflects",
        arguments: StoreKind.tested)
    func watchedQueriesFollowTheirAnswers(kind: StoreKind) async throws {
        let cards = try await giftCards(kind)
        try await cards.withProjectionsRunning {
            try await cards.send(GiftCards.GiftCard.Issue(giftCardId: "GC-01", amount: 50))
            try await cards.waitUntilCaughtUp()
            var card = cards.watch(GiftCards.CardSummaryOf(cardId: "GC-01")).makeAsyncIterator()
            var count = cards.watch(GiftCards.CountCardSummaries(idPrefix: "GC-")).makeAsyncIterator()
            var list = cards.watch(GiftCards.CardSummaries(minRemaining: 20)).makeAsyncIterator()
            #expect(try await card.next()?.answer?.remainingValue == 50)
            #expect(try await count.next()?.answer == 1)
            #expect(try await list.next()?.answer.rows.map(\.cardId) == ["GC-01"])

            let redeemed = try await cards.send(GiftCards.GiftCard.Redeem(giftCardId: "GC-01", amount: 40))
            let changed = try await card.next()
            #expect(changed?.answer?.remainingValue == 10)
            #expect((changed?.position ?? 0) >= redeemed.position)
            // The list's filter no longer holds GC-01: its answer changes too; the count does not.
            #expect(try await list.next()?.answer.rows.isEmpty == true)

            let issued = try await cards.send(GiftCards.GiftCard.Issue(giftCardId: "GC-02", amount: 30))
            let counted = try await count.next()
            #expect(counted?.answer == 2 && (counted?.position ?? 0) >= issued.position)
            #expect(try await list.next()?.answer.rows.map(\.cardId) == ["GC-02"])
        }
    }

    @Test("A slow consumer gets the newest answer, and cancelling the task ends the watch", arguments: StoreKind.tested)
    func slowConsumersGetTheNewestAnswer(kind: StoreKind) async throws {
        let cards = try await giftCards(kind)
        try await cards.withProjectionsRunning {
            var count = cards.watch(GiftCards.CountCardSummaries()).makeAsyncIterator()
            #expect(try await count.next()?.answer == 0)
            // 27 cards while nobody reads: the next answer is the newest (27), not 1.
            let receipt = try await issueCards(cards)
            try await cards.waitUntilCaughtUp()
            var answer = try await count.next()
            var reads = 1
            while let current = answer, current.answer < 27 {
                answer = try await count.next()
                reads += 1
            }
            #expect(answer?.answer == 27 && (answer?.position ?? 0) >= receipt.position)
            #expect(reads <= 3)

            // Cancelling the consuming task ends the loop (without it, the test would time out).
            let (firsts, first) = AsyncStream.makeStream(of: Void.self)
            let watching = Task {
                var updates = 0
                for try await _ in cards.watch(GiftCards.CountCardSummaries()) {
                    updates += 1
                    first.yield()
                }
                return updates
            }
            var started = firsts.makeAsyncIterator()
            _ = await started.next()
            watching.cancel()
            #expect(try await watching.value == 1)
        }
    }
}

/// A read model no application of these tests projects.
private struct Nope: ReadModelRow {
    static let schema = ReadModelSchema(name: "Nope", columns: [.init(name: "id", type: .int)], key: ["id"])
    init(columns: [ColumnValue]) throws {}
    var columns: [ColumnValue] { [.int(0)] }
    var key: [ColumnValue] { [.int(0)] }
}
