import Hummingbird

/// Answers every error that reaches it as an RFC 9457 problem (`application/problem+json`): a request no
/// route matches (404, whatever its method), an error of a route of your own. Add it first, so
/// that a client of the API sees one error format:
///
/// ```swift
/// let router = Router()
/// router.add(middleware: ProblemMiddleware())
/// shop.routes(on: router)
/// ```
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Runs the rest of the chain and answers what it throws with a problem.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as HTTPProblem {
            return problem.response()
        } catch let error as any HTTPResponseError {
            let status = error.status
            let kind = status == .notFound ? "not-found" : "http-\(status.code)"
            return HTTPProblem(status, kind: kind, title: status.reasonPhrase).response()
        } catch {
            return HTTPProblem.answering(error, logger: context.logger).response()
        }
    }
}
