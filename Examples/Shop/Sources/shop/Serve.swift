import ArgumentParser
import CQRS
import CQRSHummingbird
import Foundation
import Hummingbird
import ShopDomain

/// `shop serve`: the shop's HTTP API (generated from its spec) on a port, with its projections running.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serves the shop's HTTP API (OpenAPI document at /openapi.json).")

    @OptionGroup var store: StoreOptions

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "A bearer token every request must carry (`Authorization: Bearer TOKEN`); none by default.")
    var token: String?

    func run() async throws {
        let stores = try await store.open(defaultPath: .kept("shop.sqlite"))
        let shop = try Shop.Application(
            eventStore: stores.events,
            readStore: stores.readModels,
            order: OrderRules(),
            userOrders: UserOrdersProjection(),
            salesDashboard: SalesDashboardProjection()
        )
        let router = Router()
        router.add(middleware: ProblemMiddleware())
        shop.routes(on: router, authorizer: BearerToken(token: token))
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "shop"),
            services: shop.engine.services,
            onServerRunning: { _ in
                FileHandle.standardOutput.write(
                    Data("Serving the shop (\(stores.description)) on http://\(host):\(port)\n".utf8))
            }
        )
        try await app.runService()
        await stores.close()
    }
}

/// Lets in requests that carry the token (as the subject `client`); with no token, everyone.
struct BearerToken: HTTPAuthorizer {
    let token: String?

    func identify(_ request: Request, context: some RequestContext) async throws -> HTTPIdentity? {
        guard let token else { return nil }
        guard request.headers[.authorization] == "Bearer \(token)" else {
            throw HTTPProblem.unauthorized("send the server's token as `Authorization: Bearer TOKEN`")
        }
        return HTTPIdentity(subject: "client")
    }

    func authorize(_ operation: Shop.HTTP.Operation, identity: HTTPIdentity?) async throws {}
}
