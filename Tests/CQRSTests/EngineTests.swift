import CQRS
import CQRSTestSupport
import Foundation
import Testing

@Suite("Engine", .timeLimit(.minutes(1)))
struct EngineTests {
    @Test func theShopEndToEnd() async throws {
        let engine = Engine(
            eventStore: InMemoryEventStore(),
            readStore: InMemoryReadStore(),
            projections: [Shop.UserOrders.Projection(UserOrdersHandler())]
        )
        let byUser = [ColumnFilter(column: "userId", value: .string("ada"))]
        let newestFirst = [ColumnOrdering(column: "placedAt", descending: true)]

        try await engine.withProjectionsRunning {
            var last: CommandReceipt?
            var ids: [UUID] = []
            for index in 0..<7 {
                let placedAt = Date(timeIntervalSince1970: 1_700_000_000 + Double(index / 2))  // pairs tie
                let command = Shop.PlaceOrder(userId: index == 3 ? "bob" : "ada", items: ["x"], totalUSD: 5)
                ids.append(command.orderId)
                last = try await engine.commands.handle(
                    command, with: Shop.Order.Definition(OrderRules(now: { placedAt })))
            }
            try await engine.waitUntil(projection: "UserOrders", hasProcessed: last!.position, timeout: .seconds(30))

            let reader = engine.reader(Shop.UserOrders.self)
            var seen: [Shop.UserOrders] = []
            var request: PageRequest? = .first(4)
            while let page = request {
                let result = try await reader.rows(matching: byUser, orderBy: newestFirst, page: page)
                seen += result.rows
                request = result.next
            }
            #expect(seen.count == 6)
            #expect(seen.allSatisfy { $0.userId == "ada" })
            let expected = zip(ids.indices, ids).filter { $0.0 != 3 }.sorted { lhs, rhs in
                if lhs.0 / 2 != rhs.0 / 2 { return lhs.0 / 2 > rhs.0 / 2 }
                return lhs.1.uuidString < rhs.1.uuidString
            }.map(\.1)
            #expect(seen.map(\.orderId) == expected)

            let all = try await reader.all(orderBy: [], page: .first(10))
            #expect(all.rows.count == 7)
            #expect(all.nextCursor == nil)
            #expect(all.next == nil)
        }
    }
}
