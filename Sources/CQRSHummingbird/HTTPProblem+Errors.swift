import CQRS
import Hummingbird
import Logging

extension HTTPProblem {
    /// The problem that answers `error`, thrown or returned as a refusal while serving a request.
    ///
    /// - Parameters:
    ///   - precondition: the request's `If-Match` or `If-None-Match`, which makes a concurrency conflict a
    ///     412 instead of a 409, and a stream that exists (`If-None-Match`) or does not (`If-Match`) a 412.
    ///   - retryAfter: what a 503 tells the client.
    ///   - logger: where an unexpected error is logged (it is answered 500, without its description).
    public static func answering(
        _ error: any Error, precondition: CommandPrecondition = .none, retryAfter: Duration = .seconds(1),
        logger: Logger
    ) -> HTTPProblem {
        switch error {
        case let problem as HTTPProblem:
            return problem
        case let refusal as CommandRefusal:
            switch (precondition, refusal.error as? CommandError) {
            case (.ifNoneMatch, .streamAlreadyExists?), (.ifMatch, .streamNotFound?):
                return HTTPProblem(
                    .preconditionFailed, kind: "precondition-failed",
                    title: "The stream is not at the version the request expects", detail: "\(refusal.error)")
            default:
                break
            }
            return refused(refusal.error, logger: logger)
        case CommandError.concurrencyConflict(let conflict, _):
            return precondition != .none
                ? HTTPProblem(
                    .preconditionFailed, kind: "precondition-failed", title: "The stream has moved on",
                    detail: "\(conflict)")
                : HTTPProblem(
                    .conflict, kind: "concurrency-conflict", title: "Another command changed the stream first",
                    detail: "\(conflict); send the command again")
        case let timeout as ReadYourWritesTimeout:
            return .unavailable("\(timeout)", retryAfter: retryAfter)
        case let failure as ProjectionFailure:
            return .unavailable("projection '\(failure.projection)' has failed", retryAfter: retryAfter)
        case ReadStoreError.invalidCursor:
            return .badRequest("the cursor is not one a page of this query gave", parameter: "cursor")
        case ReadStoreError.invalidPageSize(let size):
            return .badRequest("the page size \(size) is not a positive number", parameter: "pageSize")
        case let validation as QueryValidationError:
            return invalid(
                kind: "invalid-query", title: "The query's parameters break their constraints",
                violations: validation.violations)
        case is CommandValidationError, is CommandError, is HTTPProblemConvertible:
            return refused(error, logger: logger)
        case is CancellationError:
            // The client went away, or the server is stopping.
            return .unavailable("the server stopped serving the request", retryAfter: retryAfter)
        default:
            logger.error("Request failed", metadata: ["error": "\(String(reflecting: error))"])
            return HTTPProblem(
                .internalServerError, kind: "internal-error", title: "The server failed to answer",
                detail: "the error is logged on the server")
        }
    }

    /// The problem that answers a command's refusal.
    static func refused(_ error: any Error, logger: Logger) -> HTTPProblem {
        switch error {
        case let validation as CommandValidationError:
            return invalid(
                kind: "invalid-command", title: "The command breaks its constraints",
                violations: validation.violations)
        case CommandError.streamNotFound(let stream):
            return HTTPProblem(
                .notFound, kind: "stream-not-found", title: "No such stream",
                detail: "stream \(stream) does not exist")
        case CommandError.streamAlreadyExists(let stream):
            return HTTPProblem(
                .conflict, kind: "stream-already-exists", title: "The stream exists already",
                detail: "stream \(stream) already exists")
        case let convertible as HTTPProblemConvertible:
            return HTTPProblem(
                convertible.httpStatus, kind: convertible.problemKind, title: "The command was refused",
                detail: convertible.problemDetail)
        default:
            return HTTPProblem(
                .unprocessableContent, kind: "refused", title: "The command was refused",
                detail: String(describing: error))
        }
    }

    /// 422 listing every violation.
    static func invalid(kind: String, title: String, violations: [ConstraintViolation]) -> HTTPProblem {
        HTTPProblem(
            .unprocessableContent, kind: kind, title: title,
            detail: violations.map(\.description).joined(separator: "; "),
            errors: violations.map(ProblemDetails.Violation.init))
    }
}
