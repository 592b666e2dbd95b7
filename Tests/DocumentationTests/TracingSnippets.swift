import CQRS
import Foundation
import Tracing

// The code of Sources/CQRS/CQRS.docc/Tracing.md: each ```swift block of the article appears here verbatim
// (SnippetTests checks it), and ArticleTests runs it: change both together.

// MARK: A tracer given in the configuration

func tracedShop(_ tracer: some Tracer) throws -> Shop.Application {
    try Shop.Application(
        eventStore: InMemoryEventStore(),
        readStore: InMemoryReadStore(),
        order: OrderRules(),
        userOrders: UserOrdersProjection(),
        salesDashboard: SalesDashboardProjection(),
        configuration: EngineConfiguration(tracer: tracer)
    )
}
