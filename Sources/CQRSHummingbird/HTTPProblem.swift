import Hummingbird
import NIOCore

/// An error that answers a request with a problem (RFC 9457 `application/problem+json`): what every
/// route of a domain throws, and what an ``HTTPAuthorizer`` throws to refuse a request.
///
/// ```swift
/// throw HTTPProblem.unauthorized("a bearer token is required")
/// ```
public struct HTTPProblem: Error, Sendable, HTTPResponseError, CustomStringConvertible {
    /// The problem.
    public var details: ProblemDetails
    /// Headers sent with it (`WWW-Authenticate`, `Retry-After`).
    public var headers: HTTPFields

    /// The response's status.
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: details.status) }

    /// Creates a problem of `status`, of the type `urn:cqrs:problem:<kind>`.
    public init(
        _ status: HTTPResponse.Status, kind: String, title: String, detail: String? = nil,
        pointer: String? = nil, parameter: String? = nil, errors: [ProblemDetails.Violation] = [],
        headers: HTTPFields = [:]
    ) {
        self.details = ProblemDetails(
            type: "urn:cqrs:problem:" + kind, title: title, status: status.code, detail: detail, pointer: pointer,
            parameter: parameter, errors: errors)
        self.headers = headers
    }

    /// The problem's status, title and detail.
    public var description: String { "\(details.status) \(details.title)" + (details.detail.map { ": " + $0 } ?? "") }

    /// The problem as an `application/problem+json` response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The problem as an `application/problem+json` response.
    public func response() -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: details.json())))
    }

    // MARK: Problems of the request

    /// 400: a request the route cannot read (a header, a parameter, or a body that is not the operation's).
    public static func badRequest(
        _ detail: String, pointer: String? = nil, parameter: String? = nil
    ) -> HTTPProblem {
        HTTPProblem(
            .badRequest, kind: "bad-request", title: "The request is malformed", detail: detail, pointer: pointer,
            parameter: parameter)
    }

    /// 401: the request does not say who sent it, or not credibly. `challenge` is sent as
    /// `WWW-Authenticate` (`Bearer` by default).
    public static func unauthorized(_ detail: String? = nil, challenge: String = "Bearer") -> HTTPProblem {
        HTTPProblem(
            .unauthorized, kind: "unauthorized", title: "Authentication is required", detail: detail,
            headers: [.wwwAuthenticate: challenge])
    }

    /// 403: who sent the request may not do what it asks.
    public static func forbidden(_ detail: String? = nil) -> HTTPProblem {
        HTTPProblem(.forbidden, kind: "forbidden", title: "The operation is not allowed", detail: detail)
    }

    /// 404: no route, or no row, or no stream, by that name.
    public static func notFound(_ detail: String? = nil) -> HTTPProblem {
        HTTPProblem(.notFound, kind: "not-found", title: "Not found", detail: detail)
    }

    /// 503 with `Retry-After`: the read side cannot answer yet.
    public static func unavailable(_ detail: String, retryAfter: Duration) -> HTTPProblem {
        let seconds = max(1, Int(retryAfter.components.seconds) + (retryAfter.components.attoseconds > 0 ? 1 : 0))
        return HTTPProblem(
            .serviceUnavailable, kind: "unavailable", title: "The read model cannot answer yet", detail: detail,
            headers: [.retryAfter: String(seconds)])
    }
}
