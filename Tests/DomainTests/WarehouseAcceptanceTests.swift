import CQRS
import CQRSTestSupport
import CQRSTesting
import Foundation
import Testing

/// The warehouse's rules, as its staff would state them, checked through the generated application on
/// every store (stock levels are inline, so the stores share one database).
@Suite("Warehouse: acceptance", .timeLimit(.minutes(1)))
struct WarehouseAcceptanceTests {
    func warehouse(_ kind: StoreKind) async throws -> Warehouse.Application {
        let (events, rows) = try await kind.makeSharedStores()
        return try Warehouse.Application(
            eventStore: events, readStore: rows, item: ItemRules(), lowStock: LowStockQuery())
    }

    func onHand(_ warehouse: Warehouse.Application, _ sku: String, at location: String) async throws -> Int? {
        try await warehouse.ask(Warehouse.StockOf(sku: sku, location: location))?.quantity
    }

    @Test("Stock received or shipped is on hand at once, per item and location", arguments: StoreKind.tested)
    func stockMovesAtOnce(kind: StoreKind) async throws {
        let warehouse = try await warehouse(kind)
        try await warehouse.withProjectionsRunning {
            try await warehouse.send(Warehouse.Item.ListItem(itemId: "milk", name: "Milk 1l", zone: .chilled))
            try await warehouse.send(
                Warehouse.Item.Receive(itemId: "milk", location: "C01", quantity: 40, supplier: "dairy"))
            #expect(try await onHand(warehouse, "milk", at: "C01") == 40)
            try await warehouse.send(Warehouse.Item.Ship(itemId: "milk", location: "C01", quantity: 15, order: "o-1"))
            #expect(try await onHand(warehouse, "milk", at: "C01") == 25)
            try await warehouse.send(
                Warehouse.Item.Receive(itemId: "milk", location: "C02", quantity: 5, supplier: "dairy"))
            #expect(try await onHand(warehouse, "milk", at: "C02") == 5)
            #expect(try await warehouse.ask(Warehouse.CountStockAt(location: "C01")) == 1)
            let c01 = try await warehouse.ask(Warehouse.StockAt(location: "C01")).rows
            #expect(c01 == [Warehouse.StockLevels(sku: "milk", location: "C01", quantity: 25, movements: 2)])
        }
    }

    @Test("Nothing ships that is not on hand at the location", arguments: StoreKind.tested)
    func noNegativeStock(kind: StoreKind) async throws {
        let warehouse = try await warehouse(kind)
        try await warehouse.withProjectionsRunning {
            try await warehouse.send(Warehouse.Item.ListItem(itemId: "peas", name: "Peas", zone: .frozen))
            try await warehouse.send(
                Warehouse.Item.Receive(itemId: "peas", location: "F01", quantity: 3, supplier: "farm"))
            await #expect(throws: WarehouseError.notEnoughStock(location: "F01", onHand: 3)) {
                try await warehouse.send(
                    Warehouse.Item.Ship(itemId: "peas", location: "F01", quantity: 4, order: "o-2"))
            }
            await #expect(throws: WarehouseError.notEnoughStock(location: "F02", onHand: 0)) {
                try await warehouse.send(
                    Warehouse.Item.Ship(itemId: "peas", location: "F02", quantity: 1, order: "o-2"))
            }
            #expect(try await onHand(warehouse, "peas", at: "F01") == 3)
        }
    }

    @Test(
        "A count records the difference, with who counted; the auditors page through every movement",
        arguments: StoreKind.tested)
    func countsAndTheAuditTrail(kind: StoreKind) async throws {
        let warehouse = try await warehouse(kind)
        try await warehouse.withProjectionsRunning {
            try await warehouse.send(Warehouse.Item.ListItem(itemId: "soap", name: "Soap", zone: .ambient))
            for round in 1...6 {
                try await warehouse.send(
                    Warehouse.Item.Receive(itemId: "soap", location: "A01", quantity: round, supplier: "s\(round)"))
            }
            await #expect(throws: WarehouseError.nothingChanged) {
                try await warehouse.send(
                    Warehouse.Item.Count(itemId: "soap", location: "A01", counted: 21, counter: "lee"))
            }
            let last = try await warehouse.send(
                Warehouse.Item.Count(itemId: "soap", location: "A01", counted: 20, counter: "lee", note: "torn box"))
            #expect(try await onHand(warehouse, "soap", at: "A01") == 20)
            // Movements is async: read it after the last command's receipt. Newest first, 5 a page.
            let first = try await warehouse.ask(Warehouse.MovementsOf(sku: "soap"), after: last)
            #expect(first.total == 7 && first.pageCount == 2 && first.rows.count == 5)
            #expect(first.rows[0].change == -1)
            #expect(first.rows[0].reason == .counted(.init(counter: "lee", note: "torn box")))
            let second = try await warehouse.ask(Warehouse.MovementsOf(sku: "soap"), page: 2)
            #expect(second.rows.map(\.change) == [2, 1])
            #expect(second.rows.last?.reason == .received(.init(supplier: "s1")))
            #expect(try await warehouse.ask(Warehouse.CountMovementsOf(sku: "soap")) == 7)
            // Without a receipt: wait until every projection has caught up with the log.
            for round in 1...3 {
                try await warehouse.send(
                    Warehouse.Item.Ship(itemId: "soap", location: "A01", quantity: round, order: "o\(round)"))
            }
            try await warehouse.waitUntilCaughtUp(timeout: .seconds(30))
            #expect(try await warehouse.ask(Warehouse.CountMovementsOf(sku: "soap")) == 10)
        }
    }

    @Test("A receipt names a location like A01 and a quantity of one or more", arguments: StoreKind.tested)
    func receiptsAreChecked(kind: StoreKind) async throws {
        let warehouse = try await warehouse(kind)
        try await warehouse.send(Warehouse.Item.ListItem(itemId: "tea", name: "Tea", zone: .ambient))
        let refused = await #expect(throws: CommandValidationError.self) {
            try await warehouse.send(
                Warehouse.Item.Receive(itemId: "tea", location: "shelf", quantity: 0, supplier: "x"))
        }
        #expect(refused?.violations.map(\.field) == ["location", "quantity"])
        await #expect(throws: CommandError.self) {  // no such item
            try await warehouse.send(
                Warehouse.Item.Receive(itemId: "coffee", location: "A01", quantity: 1, supplier: "x"))
        }
    }

    @Test("The catalog: items by zone, with tags added and removed; low stock on request", arguments: StoreKind.tested)
    func catalogAndLowStock(kind: StoreKind) async throws {
        let warehouse = try await warehouse(kind)
        try await warehouse.withProjectionsRunning {
            for (sku, zone) in [("ice", Warehouse.Zone.frozen), ("fish", .frozen), ("rice", .ambient)] {
                try await warehouse.send(Warehouse.Item.ListItem(itemId: sku, name: sku, zone: zone))
                try await warehouse.send(
                    Warehouse.Item.Receive(itemId: sku, location: "B01", quantity: sku.count * 3, supplier: "x"))
            }
            try await warehouse.send(Warehouse.Item.Tag(itemId: "ice", tag: "seasonal"))
            try await warehouse.send(Warehouse.Item.Tag(itemId: "ice", tag: "promo"))
            let last = try await warehouse.send(Warehouse.Item.Untag(itemId: "ice", tag: "seasonal"))
            #expect(try await warehouse.ask(Warehouse.CatalogItem(sku: "ice"), after: last)?.tags == ["promo"])
            #expect(try await warehouse.ask(Warehouse.CountItemsInZone(zone: .frozen), after: last) == 2)
            // 9 ice, 12 fish, 12 rice: fewest first, then by item.
            #expect(try await warehouse.ask(Warehouse.LowStock(below: 12)).map(\.sku) == ["ice"])
            #expect(try await warehouse.ask(Warehouse.LowStock(below: 13)).map(\.sku) == ["ice", "fish", "rice"])
            await #expect(throws: QueryValidationError.self) { try await warehouse.ask(Warehouse.LowStock(below: 0)) }
        }
    }

    @Test("The rules alone: a shipment against the stock the history leaves")
    func rulesWithoutAStore() throws {
        let item = DecideScenario(Warehouse.Item.Definition(ItemRules()))
            .given(
                .listed(.init(name: "Oil", zone: .ambient)),
                .stockChanged(.init(location: "A02", change: 10, reason: .received(.init(supplier: "mill")))))
        try item.when(Warehouse.Item.Ship(itemId: "oil", location: "A02", quantity: 10, order: "o"))
            .then(.stockChanged(.init(location: "A02", change: -10, reason: .shipped(.init(order: "o")))))
            .thenState { $0.onHand["A02"] == 0 }
        try item.when(Warehouse.Item.Ship(itemId: "oil", location: "A02", quantity: 11, order: "o"))
            .thenThrows(WarehouseError.notEnoughStock(location: "A02", onHand: 10))
        try item.when(Warehouse.Item.ListItem(itemId: "oil", name: "Oil", zone: .ambient))
            .thenThrows(CommandError.self)  // listed already
    }

    @Test("Stock levels from events alone, without an application")
    func stockLevelsFromEvents() async throws {
        try await ProjectionScenario(Warehouse.StockLevels.Projection())
            .given(
                Warehouse.Item.Definition.self, id: "salt",
                .stockChanged(.init(location: "A01", change: 8, reason: .received(.init(supplier: "mine")))),
                .stockChanged(.init(location: "A02", change: 2, reason: .received(.init(supplier: "mine")))),
                .stockChanged(.init(location: "A01", change: -3, reason: .shipped(.init(order: "o"))))
            )
            .thenRows([
                Warehouse.StockLevels(sku: "salt", location: "A01", quantity: 5, movements: 2),
                Warehouse.StockLevels(sku: "salt", location: "A02", quantity: 2, movements: 1),
            ])
    }
}
