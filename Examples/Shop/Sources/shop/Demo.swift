import ArgumentParser
import CQRS
import Foundation
import ShopDomain

/// `shop` (or `shop demo`): the shop, end to end. It places and pays orders through commands, lets the
/// projections build the read models, then asks the queries the account page and the sales dashboard
/// would ask.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Places and pays a few orders, then prints the read models (the default).")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        // From 2024-05-01 09:00 UTC, 7 hours a step.
        let clock = DemoClock(start: Date(timeIntervalSince1970: 1_714_554_000), step: 7 * 3600)
        let stores = try await store.open(defaultPath: .fresh("shop-demo.sqlite"))
        print("Store: \(stores.description)")

        let shop = try Shop.Application(
            eventStore: stores.events,
            readStore: stores.readModels,
            order: OrderRules(now: { clock.now() }),
            userOrders: UserOrdersProjection(),
            salesDashboard: SalesDashboardProjection()
        )

        try await shop.withProjectionsRunning {
            var last: CQRS.CommandReceipt?
            let baskets: [(user: String, items: [String], total: Decimal, pay: Bool)] = [
                ("ada", ["notebook", "pencil"], 12.5, true),
                ("grace", ["compiler"], 99, true),
                ("ada", ["lamp"], 30, false),
                ("ada", ["chair", "desk", "lamp"], 410, true),
                ("grace", ["keyboard", "mouse"], 75, true),
            ]
            var unpaid: [Shop.Order.ID] = []
            for basket in baskets {
                let place = Shop.PlaceOrder(userId: basket.user, items: basket.items, totalUSD: basket.total)
                last = try await shop.send(place)
                if basket.pay {
                    last = try await shop.send(Shop.PayOrder(orderId: place.orderId, amountUSD: basket.total))
                } else {
                    unpaid.append(place.orderId)
                }
            }
            // Business rules at work: a wrong payment is refused, an unpaid order is cancelled.
            do {
                try await shop.send(Shop.PayOrder(orderId: unpaid[0], amountUSD: 1))
            } catch let error as OrderError {
                print("Refused: \(error)")
            }
            last = try await shop.send(Shop.CancelOrder(orderId: unpaid[0], reason: "changed my mind"))

            // Read your writes: wait until the projections have seen the last command.
            let orders = try await shop.ask(Shop.ListUserOrders(userId: "ada"), after: last)
            print("\nListUserOrders(userId: \"ada\"), newest first:")
            print("  placed at              items    total USD  status")
            for order in orders.rows {
                print(
                    "  \(order.placedAt.formatted(.iso8601))"
                        + "  \(String(order.itemCount).leftPadded(5))"
                        + "  \("\(order.totalUSD)".leftPadded(11))"
                        + "  \(order.status)"
                )
            }

            // CustomerTotals is inline: its rows changed with each command, so no receipt is needed.
            print("\nCustomer totals (GetCustomerTotals, inline):")
            for user in ["ada", "grace"] {
                if let totals = try await shop.ask(Shop.GetCustomerTotals(userId: user)) {
                    print(
                        "  \(totals.userId.padding(toLength: 6, withPad: " ", startingAt: 0))  \(totals.orders) orders")
                }
            }

            print("\nSales dashboard (GetDailySales per day):")
            print("  day           orders  revenue USD")
            for day in ["2024-05-01", "2024-05-02", "2024-05-03"] {
                if let sales = try await shop.ask(Shop.GetDailySales(day: day), after: last) {
                    print(
                        "  \(sales.day)  \(String(sales.orders).leftPadded(6))  \("\(sales.revenueUSD)".leftPadded(11))"
                    )
                }
            }
        }
        await stores.close()
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
