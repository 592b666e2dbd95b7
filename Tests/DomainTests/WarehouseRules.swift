import CQRS
import Foundation

/// Why the warehouse refuses a command.
enum WarehouseError: Error, Equatable {
    /// A shipment asks for more than is on hand at the location.
    case notEnoughStock(location: String, onHand: Int)
    /// A count found what the books say: nothing to record.
    case nothingChanged
}

/// The warehouse's rules for items.
struct ItemRules: Warehouse.Item.Handler {
    func decide(_ command: Warehouse.Item.ListItem, state: Warehouse.Item.State) throws
        -> [Warehouse.Item.ListItem.Emits]
    {
        [.listed(.init(name: command.name, zone: command.zone))]
    }

    func decide(_ command: Warehouse.Item.Receive, state: Warehouse.Item.State) throws
        -> [Warehouse.Item.Receive.Emits]
    {
        [
            .stockChanged(
                .init(
                    location: command.location, change: command.quantity,
                    reason: .received(.init(supplier: command.supplier))))
        ]
    }

    func decide(_ command: Warehouse.Item.Ship, state: Warehouse.Item.State) throws -> [Warehouse.Item.Ship.Emits] {
        let onHand = state.onHand[command.location, default: 0]
        guard onHand >= command.quantity else {
            throw WarehouseError.notEnoughStock(location: command.location, onHand: onHand)
        }
        return [
            .stockChanged(
                .init(
                    location: command.location, change: -command.quantity, reason: .shipped(.init(order: command.order))
                ))
        ]
    }

    func decide(_ command: Warehouse.Item.Count, state: Warehouse.Item.State) throws -> [Warehouse.Item.Count.Emits] {
        let change = command.counted - state.onHand[command.location, default: 0]
        guard change != 0 else { throw WarehouseError.nothingChanged }
        return [
            .stockChanged(
                .init(
                    location: command.location, change: change,
                    reason: .counted(.init(counter: command.counter, note: command.note))))
        ]
    }

    func decide(_ command: Warehouse.Item.Tag, state: Warehouse.Item.State) throws -> [Warehouse.Item.Tag.Emits] {
        [.tagged(.init(tag: command.tag))]
    }

    func decide(_ command: Warehouse.Item.Untag, state: Warehouse.Item.State) throws -> [Warehouse.Item.Untag.Emits] {
        [.untagged(.init(tag: command.tag))]
    }

    func evolve(_ state: inout Warehouse.Item.State, with event: Warehouse.Item.Event) {
        switch event {
        case .listed(let listed):
            state.zone = listed.zone
            state.listed = true
        case .stockChanged(let changed): state.onHand[changed.location, default: 0] += changed.change
        case .tagged, .untagged: break
        }
    }
}

/// The item and location pairs with less than `below` on hand, fewest first.
struct LowStockQuery: Warehouse.LowStock.Handler {
    func handle(_ query: Warehouse.LowStock, rows: ReadModelReader<Warehouse.StockLevels>) async throws
        -> [Warehouse.StockLevels]
    {
        var low: [Warehouse.StockLevels] = []
        var page: PageRequest? = .first(500)
        while let request = page {
            let result = try await rows.all(orderBy: [Warehouse.StockLevels.Column.quantity.ascending], page: request)
            low += result.rows.filter { $0.quantity < query.below }
            page = result.rows.last.map { $0.quantity < query.below } == true ? result.next : nil
        }
        return low
    }
}
