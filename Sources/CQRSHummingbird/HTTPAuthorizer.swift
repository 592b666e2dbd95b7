import Hummingbird

/// Who sent a request, as an ``HTTPAuthorizer`` established it.
///
/// Its subject scopes idempotency keys (two clients may use the same key) and goes into the metadata of
/// the events a command appends (`subject`).
public struct HTTPIdentity: Sendable, Hashable {
    /// Whom the request is from: a user's id, a client's name.
    public var subject: String

    /// Creates an identity.
    public init(subject: String) {
        self.subject = subject
    }
}

/// Decides who may run which command or query over HTTP: a domain's routes ask it before anything runs.
///
/// `identify(_:context:)` runs first, before the body is read; `authorize(_:identity:)` runs once the
/// operation is decoded, before it is validated or sent. Either refuses by throwing
/// ``HTTPProblem/unauthorized(_:challenge:)`` (401) or ``HTTPProblem/forbidden(_:)`` (403).
///
/// ```swift
/// struct BearerToken: HTTPAuthorizer {
///     let token: String
///     func identify(_ request: Request, context: some RequestContext) async throws -> HTTPIdentity? {
///         guard request.headers[.authorization] == "Bearer \(token)" else { throw HTTPProblem.unauthorized() }
///         return HTTPIdentity(subject: "admin")
///     }
///     func authorize(_ operation: Shop.HTTP.Operation, identity: HTTPIdentity?) async throws {}
/// }
/// ```
public protocol HTTPAuthorizer<Operation>: Sendable {
    /// The operations it decides on: a domain's generated `HTTP.Operation`.
    associatedtype Operation: Sendable

    /// Who sent `request`; `nil` for nobody in particular. By default nobody.
    func identify(_ request: Request, context: some RequestContext) async throws -> HTTPIdentity?

    /// Whether `identity` may run `operation`; throws to refuse. By default everyone may run everything.
    func authorize(_ operation: Operation, identity: HTTPIdentity?) async throws
}

extension HTTPAuthorizer {
    /// Nobody in particular.
    public func identify(_ request: Request, context: some RequestContext) async throws -> HTTPIdentity? { nil }

    /// Allows everything.
    public func authorize(_ operation: Operation, identity: HTTPIdentity?) async throws {}
}

/// The authorizer that lets everyone run everything: the default of a domain's routes.
public struct AllowEveryone<Operation: Sendable>: HTTPAuthorizer {
    /// Creates it.
    public init() {}
}
