import CQRS
import CQRSHummingbird
import CQRSTestSupport
import Hummingbird

// The code of Sources/CQRSHummingbird/CQRSHummingbird.docc/CQRSHummingbird.md (each ```swift block appears
// verbatim in this test target; SnippetTests checks it). It is compiled here; the route tests run the same
// routes through Hummingbird's router test client.

func serve(_ shop: Shop.Application, port: Int) async throws {
    let router = Router()
    router.add(middleware: ProblemMiddleware())
    shop.routes(on: router, options: HTTPOptions(maximumBodySize: 64 * 1024))
    let app = Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
        services: shop.engine.services
    )
    try await app.runService()
}
