import CQRS
import Hummingbird
import NIOCore

/// What every generated route of a domain calls: it reads the request, asks the authorizer, runs the
/// command or query, and answers with JSON, or with a problem for anything that went wrong.
///
/// Generated code builds one per `routes(on:)` call; each route passes how to read its operation and how
/// to run it:
///
/// ```swift
/// router.post("/order/{orderId}/pay-order") { request, context in
///     try await responder.command(request, context: context, shape: Shop.HTTP.Bodies.payOrder) { input in
///         Shop.Order.PayOrder(orderId: try input.path("orderId"), amountUSD: try input.body.value("amountUSD"))
///     } operation: { .payOrder($0) } submit: { command, options in
///         try await engine.commands.submit(command, with: definition, options: options)
///     }
/// }
/// ```
public struct HTTPResponder<Operation: Sendable>: Sendable {
    /// The engine the operations run on.
    public let engine: Engine
    /// The limits and waits.
    public let options: HTTPOptions
    /// Who may run what.
    public let authorizer: any HTTPAuthorizer<Operation>

    /// Creates a responder.
    public init(engine: Engine, options: HTTPOptions, authorizer: any HTTPAuthorizer<Operation>) {
        self.engine = engine
        self.options = options
        self.authorizer = authorizer
    }

    // MARK: Commands

    /// Serves a command: 201 (a creating command) or 200 with its receipt, `ETag` (the stream's version)
    /// and `Consistency-Token` (the position to read after); a problem otherwise.
    public func command<Command: AggregateCommand>(
        _ request: Request,
        context: some RequestContext,
        shape: JSONShape,
        decode: (CommandInput) throws -> Command,
        operation: (Command) -> Operation,
        submit: (Command, CommandOptions) async throws -> CommandOutcome
    ) async throws -> Response where Command.Aggregate.ID: PayloadValue {
        var precondition = CommandPrecondition.none
        do {
            let identity = try await authorizer.identify(request, context: context)
            let headers = try CommandHeaders.options(
                for: request, commandName: Command.Aggregate.category + "." + Command.commandName, identity: identity)
            precondition = headers.precondition
            let document = try await RequestBody.read(request, options: options, shape: shape)
            let command: Command
            do {
                command = try decode(
                    CommandInput(
                        body: try FieldReader(document: document, at: PayloadDocument.root),
                        parameters: context.parameters))
            } catch let error as DecodingError {
                throw RequestBody.problem(error)
            }
            try await authorizer.authorize(operation(command), identity: identity)
            switch try await submit(command, headers.options) {
            case .accepted(let receipt):
                return try JSONResponse.receipt(receipt, of: command)
            case .refused(let refusal):
                throw refusal
            }
        } catch {
            return problem(error, precondition: precondition, context: context)
        }
    }

    /// The OpenAPI document, as `/openapi.json` serves it.
    public static func document(_ json: String) -> Response {
        JSONResponse.ok(Array(json.utf8))
    }

    // MARK: Queries

    /// Serves a query of one row (by its key): 200 with the row, or 404.
    public func row<Query: Sendable, Row: PayloadValue>(
        _ request: Request,
        context: some RequestContext,
        projection: String,
        decode: (QueryInput) throws -> Query,
        operation: (Query) -> Operation,
        answer: (Query) async throws -> Row?
    ) async throws -> Response {
        await respond(request, context: context, projection: projection, decode: decode, operation: operation) {
            query, _ in
            guard let row = try await answer(query) else {
                throw HTTPProblem.notFound("no row matches the query")
            }
            return try JSONResponse.value(row)
        }
    }

    /// Serves a query of a value its handler computes (a custom query): 200 with the value, or 404 for `nil`.
    public func value<Query: Sendable, Value: Encodable>(
        _ request: Request,
        context: some RequestContext,
        projection: String,
        decode: (QueryInput) throws -> Query,
        operation: (Query) -> Operation,
        answer: (Query) async throws -> Value?
    ) async throws -> Response {
        await respond(request, context: context, projection: projection, decode: decode, operation: operation) {
            query, _ in
            guard let value = try await answer(query) else {
                throw HTTPProblem.notFound("the query has no answer")
            }
            return try JSONResponse.encodable(value)
        }
    }

    /// Serves a query paged by cursor (`?cursor=…&pageSize=…`): 200 with `{"rows": […], "nextCursor": …}`.
    public func page<Query: Sendable, Row: PayloadValue>(
        _ request: Request,
        context: some RequestContext,
        projection: String,
        defaultPageSize: Int,
        decode: (QueryInput) throws -> Query,
        operation: (Query) -> Operation,
        answer: (Query, PageRequest) async throws -> Page<Row>
    ) async throws -> Response {
        await respond(request, context: context, projection: projection, decode: decode, operation: operation) {
            query, input in
            let size = try pageSize(input, default: defaultPageSize)
            let cursor: String? = try input.optional("cursor")
            let page = try await answer(query, PageRequest(limit: size, after: cursor.map(Cursor.init(rawValue:))))
            return try JSONResponse.page(page)
        }
    }

    /// Serves a query paged by number (`?page=…&pageSize=…`): 200 with
    /// `{"rows": […], "number": …, "size": …, "total": …, "hasNext": …}`.
    public func numberedPage<Query: Sendable, Row: PayloadValue>(
        _ request: Request,
        context: some RequestContext,
        projection: String,
        defaultPageSize: Int,
        decode: (QueryInput) throws -> Query,
        operation: (Query) -> Operation,
        answer: (Query, _ number: Int, _ size: Int) async throws -> NumberedPage<Row>
    ) async throws -> Response {
        await respond(request, context: context, projection: projection, decode: decode, operation: operation) {
            query, input in
            let size = try pageSize(input, default: defaultPageSize)
            let number: Int = try input.optional("page") ?? 1
            guard number >= 1, number <= Int(Int32.max) else {
                throw HTTPProblem.badRequest("the page number is from 1", parameter: "page")
            }
            return try JSONResponse.numberedPage(try await answer(query, number, size))
        }
    }

    /// Serves the count of a query's rows: 200 with `{"count": …}`.
    public func count<Query: Sendable>(
        _ request: Request,
        context: some RequestContext,
        projection: String,
        decode: (QueryInput) throws -> Query,
        operation: (Query) -> Operation,
        answer: (Query) async throws -> Int
    ) async throws -> Response {
        await respond(request, context: context, projection: projection, decode: decode, operation: operation) {
            query, _ in
            try JSONResponse.count(try await answer(query))
        }
    }

    /// Reads the query, asks the authorizer, waits for `Consistent-After`, and answers with `body`'s
    /// response or the problem of what it threw.
    func respond<Query>(
        _ request: Request,
        context: some RequestContext,
        projection: String,
        decode: (QueryInput) throws -> Query,
        operation: (Query) -> Operation,
        body: (Query, QueryInput) async throws -> Response
    ) async -> Response {
        do {
            let identity = try await authorizer.identify(request, context: context)
            let input = QueryInput(request: request, parameters: context.parameters)
            let query = try decode(input)
            try await authorizer.authorize(operation(query), identity: identity)
            if let position = try CommandHeaders.consistentAfter(request) {
                let head = try await engine.eventStore.headPosition()
                guard position <= head else {
                    throw HTTPProblem.badRequest(
                        "Consistent-After \(position) is past the last event (\(head))", parameter: "Consistent-After")
                }
                try await engine.waitUntil(
                    projection: projection, hasProcessed: position, timeout: options.consistencyTimeout)
            }
            return try await body(query, input)
        } catch {
            return problem(error, precondition: .none, context: context)
        }
    }

    /// `pageSize`, from 1 to the options' maximum; when not given, `defaultSize` (the spec's), at most
    /// the maximum.
    func pageSize(_ input: QueryInput, default defaultSize: Int) throws -> Int {
        let size: Int = try input.optional("pageSize") ?? min(defaultSize, options.maximumPageSize)
        guard (1...options.maximumPageSize).contains(size) else {
            throw HTTPProblem.badRequest(
                "the page size is from 1 to \(options.maximumPageSize)", parameter: "pageSize")
        }
        return size
    }

    /// The problem response of `error`.
    func problem(_ error: any Error, precondition: CommandPrecondition, context: some RequestContext) -> Response {
        HTTPProblem.answering(
            error, precondition: precondition, retryAfter: options.retryAfter, logger: context.logger
        ).response()
    }
}
