import CQRSSpec

/// The OpenAPI 3.1 document of a spec's HTTP API: every route of ``HTTPRoute/routes(of:)`` with its
/// parameters, headers, bodies and problems, and the spec's types as JSON Schemas.
///
/// ```swift
/// let json = OpenAPIDocument(spec: spec).json   // what `cqrs-gen openapi` writes and `/openapi.json` serves
/// ```
public struct OpenAPIDocument: Sendable {
    /// The spec.
    public let spec: Spec
    let schemas: OpenAPISchemas
    let names: HTTPOperationNames
    let enums: Set<String>

    /// The document of `spec`.
    public init(spec: Spec) {
        self.spec = spec
        self.schemas = OpenAPISchemas(spec: spec)
        self.names = HTTPOperationNames(spec: spec)
        self.enums = HTTPRoute.enumNames(of: spec)
    }

    /// The component schema of the problem (named so that no declared type can take its name).
    static let problemSchema = "CQRS.Problem"

    /// The component schema of an aggregate's receipts (a lower-case suffix, so that no command's body
    /// schema, `Order.PlaceOrder`, can take its name).
    static func receiptSchema(_ aggregate: String) -> String { aggregate + ".receipt" }

    /// The document's JSON, indented, the same bytes for the same spec.
    public var json: String { document().text() + "\n" }

    /// The problem statuses, by their component's name.
    static let problems: [(status: Int, name: String, description: String)] = [
        (400, "BadRequest", "The request is malformed: a header, a parameter or the body (`pointer` says where)."),
        (401, "Unauthorized", "The request does not say who sent it."),
        (403, "Forbidden", "Who sent the request may not do this."),
        (404, "NotFound", "No such route, stream or row."),
        (409, "Conflict", "The stream exists already, or another command changed it first."),
        (
            412, "PreconditionFailed",
            "The stream is not at the version If-Match names, or exists despite If-None-Match."
        ),
        (413, "ContentTooLarge", "The body is over the server's limit."),
        (415, "UnsupportedMediaType", "The body is not JSON."),
        (422, "UnprocessableContent", "The command or query breaks its constraints (`errors`), or was refused."),
        (503, "ServiceUnavailable", "The read model cannot answer yet; retry after `Retry-After` seconds."),
    ]

    func document() -> JSONText {
        var info: [(String, JSONText)] = [("title", .string("\(spec.domain) API")), ("version", .string("1"))]
        if let description = spec.description { info.append(("description", .string(description))) }
        var paths: [(String, [(String, JSONText)])] = []
        for route in HTTPRoute.routes(of: spec) {
            let operation = (route.method.lowercased(), operation(route))
            if let index = paths.firstIndex(where: { $0.0 == route.path }) {
                paths[index].1.append(operation)
            } else {
                paths.append((route.path, [operation]))
            }
        }
        paths.append(
            (
                "/openapi.json",
                [
                    (
                        "get",
                        .object([
                            ("operationId", .string("openAPIDocument")),
                            ("summary", .string("This document.")),
                            (
                                "responses",
                                .object([
                                    (
                                        "200",
                                        .object([
                                            ("description", .string("The OpenAPI document.")),
                                            ("content", json(.object([]))),
                                        ])
                                    )
                                ])
                            ),
                        ])
                    )
                ]
            ))
        return .object([
            ("openapi", .string("3.1.0")),
            ("info", .object(info)),
            ("paths", .object(paths.map { ($0.0, JSONText.object($0.1)) })),
            ("components", components()),
            ("security", .array([.object([]), .object([("bearer", .array([]))])])),
        ])
    }

    // MARK: Operations

    func operation(_ route: HTTPRoute) -> JSONText {
        switch route.operation {
        case .command(let aggregateName, let commandName):
            let aggregate = spec.aggregates.first { $0.name == aggregateName }!
            let command = aggregate.commands.first { $0.name == commandName }!
            return commandOperation(route, command: command, of: aggregate)
        case .query(let name), .count(let name):
            let query = spec.queries.first { $0.name == name }!
            let isCount = if case .count = route.operation { true } else { false }
            return queryOperation(route, query: query, isCount: isCount)
        }
    }

    func commandOperation(_ route: HTTPRoute, command: Command, of aggregate: Aggregate) -> JSONText {
        let identifier = aggregate.identifierField
        let inPath = route.pathParameters.contains(identifier.name)
        let bodyFields = HTTPRoute.bodyFields(of: command, in: aggregate, route: route)
        var parameters = inPath ? [pathParameter(identifier)] : []
        parameters += [
            header(
                "Idempotency-Key",
                "A resend with the same key (from the same client, to the same command) gets the first response and appends nothing.",
                .object([("type", .string("string")), ("minLength", .integer(1)), ("maxLength", .integer(255))])),
            header(
                "If-Match", "The stream's version (an ETag a response gave) the command expects; 412 when it moved on.",
                .object([("type", .string("string"))])),
            header(
                "If-None-Match", "`*`: the stream must not exist yet (412 when it does).",
                .object([("type", .string("string")), ("enum", .array([.string("*")]))])),
        ]
        let success = command.creates ? "201" : "200"
        var responses: [(String, JSONText)] = [
            (
                success,
                .object([
                    ("description", .string(command.creates ? "The stream was created." : "The command was accepted.")),
                    (
                        "headers",
                        .object([
                            (
                                "ETag",
                                responseHeader(
                                    "The stream's version after the command, quoted.", string: true, required: true)
                            ),
                            (
                                "Consistency-Token",
                                responseHeader(
                                    "The position of the command's last event: send it as Consistent-After to read it back.",
                                    string: false, required: true)
                            ),
                            (
                                "Idempotent-Replayed",
                                responseHeader("`true` on the response to a resend.", string: true, required: false)
                            ),
                        ])
                    ),
                    ("content", json(OpenAPISchemas.reference(Self.receiptSchema(aggregate.name)))),
                ])
            )
        ]
        responses += problemResponses([400, 401, 403, 404, 409, 412, 413, 415, 422])
        var members: [(String, JSONText)] = [
            ("operationId", .string(operationID(of: route))),
            ("tags", .array([.string(aggregate.name)])),
        ]
        if let description = command.description { members.append(("summary", .string(description))) }
        members += [
            ("parameters", .array(parameters)),
            (
                "requestBody",
                .object([
                    ("required", .bool(bodyFields.contains { !$0.type.isOptional && $0.defaultValue == nil })),
                    ("content", json(OpenAPISchemas.reference("\(aggregate.name).\(command.name)"))),
                ])
            ),
            ("responses", .object(responses)),
        ]
        return .object(members)
    }

    func queryOperation(_ route: HTTPRoute, query: Query, isCount: Bool) -> JSONText {
        let rowFields = spec.projections.first { $0.name == query.projection }?.fields ?? []
        let inPath = Set(route.pathParameters)
        var parameters: [JSONText] = []
        for field in query.parameters(rowFields: rowFields) {
            if inPath.contains(field.name) {
                parameters.append(pathParameter(field))
            } else {
                parameters.append(queryParameter(field))
            }
        }
        var answer: JSONText
        var statuses = [400, 401, 403, 404, 503]
        if !isCount, case .custom = query.kind { statuses.insert(422, at: 4) }
        let row = OpenAPISchemas.reference(query.projection)
        let rows = JSONText.object([("type", .string("array")), ("items", row)])
        if isCount {
            answer = .object([
                ("type", .string("object")), ("properties", .object([("count", schemas.builtin(.int))])),
                ("required", .array([.string("count")])), ("additionalProperties", .bool(false)),
            ])
        } else {
            switch query.kind {
            case .byKey:
                answer = row
            case .byIndex, .all:
                let pageSize = JSONText.object([
                    ("type", .string("integer")), ("minimum", .integer(1)),
                    ("default", .integer(min(query.pageSize ?? 100, 1000))),
                ])
                parameters.append(
                    parameterObject(
                        "pageSize", in: "query", description: "How many rows a page holds.", schema: pageSize))
                if query.paging == .offset {
                    parameters.append(
                        parameterObject(
                            "page", in: "query", description: "The page's number, from 1.",
                            schema: .object([
                                ("type", .string("integer")), ("minimum", .integer(1)), ("default", .integer(1)),
                            ])))
                    answer = .object([
                        ("type", .string("object")),
                        (
                            "properties",
                            .object([
                                ("rows", rows), ("number", schemas.builtin(.int)), ("size", schemas.builtin(.int)),
                                ("total", schemas.builtin(.int)), ("hasNext", schemas.builtin(.bool)),
                            ])
                        ),
                        ("required", .array(["rows", "number", "size", "hasNext"].map(JSONText.string))),
                        ("additionalProperties", .bool(false)),
                    ])
                } else {
                    parameters.append(
                        parameterObject(
                            "cursor", in: "query", description: "The `nextCursor` of the page before.",
                            schema: .object([("type", .string("string"))])))
                    answer = .object([
                        ("type", .string("object")),
                        (
                            "properties",
                            .object([("rows", rows), ("nextCursor", .object([("type", .string("string"))]))])
                        ),
                        ("required", .array([.string("rows")])), ("additionalProperties", .bool(false)),
                    ])
                }
            case .custom(_, let returns):
                answer = schemas.schema(returns)
            }
        }
        parameters.append(
            header(
                "Consistent-After",
                "A command's Consistency-Token: the answer includes what that command wrote (503 when the read model does not catch up in time).",
                .object([("type", .string("integer")), ("minimum", .integer(0))])))
        var members: [(String, JSONText)] = [
            ("operationId", .string(operationID(of: route))),
            ("tags", .array([.string(query.projection)])),
        ]
        if let description = query.description {
            members.append(("summary", .string(isCount ? "How many rows: \(description)" : description)))
        }
        members += [
            ("parameters", .array(parameters)),
            (
                "responses",
                .object(
                    [("200", .object([("description", .string("The answer.")), ("content", json(answer))]))]
                        + problemResponses(statuses))
            ),
        ]
        return .object(members)
    }

    /// The generated `Operation` case of the route (`placeOrder`, `countListUserOrders`), unique in the spec.
    func operationID(of route: HTTPRoute) -> String { names.name(of: route.operation) }

    // MARK: Pieces

    func json(_ schema: JSONText) -> JSONText {
        .object([("application/json", .object([("schema", schema)]))])
    }

    func pathParameter(_ field: Field) -> JSONText {
        var schema = schemas.schema(of: field)
        if case .named(BuiltinType.string.rawValue) = field.type, field.constraints.minLength == nil {
            schema = schemas.merged(schema, [("minLength", .integer(1))])
        }
        return .object([
            ("name", .string(field.name)), ("in", .string("path")), ("required", .bool(true)), ("schema", schema),
        ])
    }

    func queryParameter(_ field: Field) -> JSONText {
        let required = !field.type.isOptional && field.defaultValue == nil && !isList(field.type)
        var members: [(String, JSONText)] = [
            ("name", .string(field.name)), ("in", .string("query")), ("required", .bool(required)),
        ]
        if isList(field.type) {
            members += [("style", .string("form")), ("explode", .bool(true)), ("schema", schemas.schema(of: field))]
        } else if HTTPRoute.isPathValue(field.type.nonOptional, enums: enums) {
            members.append(("schema", schemas.schema(of: field)))
        } else {
            members.append(("content", json(schemas.schema(of: field))))
        }
        return .object(members)
    }

    func isList(_ type: TypeExpression) -> Bool {
        if case .array(let element) = type.nonOptional { return HTTPRoute.isPathValue(element, enums: enums) }
        return false
    }

    func parameterObject(_ name: String, in place: String, description: String, schema: JSONText) -> JSONText {
        .object([
            ("name", .string(name)), ("in", .string(place)), ("description", .string(description)),
            ("required", .bool(false)), ("schema", schema),
        ])
    }

    func header(_ name: String, _ description: String, _ schema: JSONText) -> JSONText {
        parameterObject(name, in: "header", description: description, schema: schema)
    }

    func responseHeader(_ description: String, string: Bool, required: Bool) -> JSONText {
        .object([
            ("description", .string(description)), ("required", .bool(required)),
            ("schema", .object([("type", .string(string ? "string" : "integer"))])),
        ])
    }

    /// The problems an operation may answer with, then `default`: a problem of a status your own error
    /// chooses (`HTTPProblemConvertible`).
    func problemResponses(_ statuses: [Int]) -> [(String, JSONText)] {
        Self.problems.filter { statuses.contains($0.status) }.map {
            (String($0.status), .object([("$ref", .string("#/components/responses/\($0.name)"))]))
        } + [("default", .object([("$ref", .string("#/components/responses/Problem"))]))]
    }

    // MARK: Components

    func components() -> JSONText {
        var named: [(String, JSONText)] = spec.types.map { ($0.name, schemas.declaration($0)) }
        named += spec.projections.map { projection in
            (projection.name, schemas.object(projection.fields, description: projection.description))
        }
        for aggregate in spec.aggregates {
            let identifier = SpecNaming.streamIdentifierProperty(ofAggregate: aggregate.name)
            let idSchema = schemas.builtin(BuiltinType(rawValue: aggregate.idType.typeName) ?? .string)
            named.append(
                (
                    Self.receiptSchema(aggregate.name),
                    .object([
                        ("type", .string("object")),
                        (
                            "properties",
                            .object([
                                ("commandId", schemas.builtin(.uuid)), (identifier, idSchema),
                                ("version", schemas.builtin(.int64)), ("position", schemas.builtin(.int64)),
                                ("eventCount", schemas.builtin(.int)),
                            ])
                        ),
                        (
                            "required",
                            .array(["commandId", identifier, "version", "position", "eventCount"].map(JSONText.string))
                        ),
                        ("additionalProperties", .bool(false)),
                    ])
                ))
            for command in aggregate.commands {
                guard let route = HTTPRoute.route(of: command, in: aggregate) else { continue }
                named.append(
                    (
                        "\(aggregate.name).\(command.name)",
                        schemas.object(
                            HTTPRoute.bodyFields(of: command, in: aggregate, route: route),
                            description: command.description, defaultsOptional: true)
                    ))
            }
        }
        let problem = JSONText.object([
            ("type", .string("object")),
            (
                "properties",
                .object([
                    ("type", .object([("type", .string("string")), ("format", .string("uri"))])),
                    ("title", .object([("type", .string("string"))])),
                    ("status", .object([("type", .string("integer"))])),
                    ("detail", .object([("type", .string("string"))])),
                    ("pointer", .object([("type", .string("string"))])),
                    ("parameter", .object([("type", .string("string"))])),
                    (
                        "errors",
                        .object([
                            ("type", .string("array")),
                            (
                                "items",
                                .object([
                                    ("type", .string("object")),
                                    (
                                        "properties",
                                        .object(
                                            ["field", "pointer", "constraint", "message"].map {
                                                ($0, .object([("type", .string("string"))]))
                                            })
                                    ),
                                ])
                            ),
                        ])
                    ),
                ])
            ),
            ("required", .array(["type", "title", "status"].map(JSONText.string))),
        ])
        named.append((Self.problemSchema, problem))
        let problemContent = JSONText.object([
            ("application/problem+json", .object([("schema", OpenAPISchemas.reference(Self.problemSchema))]))
        ])
        var responses: [(String, JSONText)] = Self.problems.map { problem in
            var members: [(String, JSONText)] = [("description", .string(problem.description))]
            if problem.status == 401 {
                members.append(
                    (
                        "headers",
                        .object([
                            (
                                "WWW-Authenticate",
                                responseHeader("The scheme to authenticate with.", string: true, required: true)
                            )
                        ])
                    ))
            } else if problem.status == 503 {
                members.append(
                    (
                        "headers",
                        .object([
                            (
                                "Retry-After",
                                responseHeader("Seconds to wait before retrying.", string: false, required: true)
                            )
                        ])
                    ))
            }
            members.append(("content", problemContent))
            return (problem.name, .object(members))
        }
        responses.append(
            (
                "Problem",
                .object([
                    ("description", .string("A problem of a status an error of the domain chose.")),
                    ("content", problemContent),
                ])
            ))
        return .object([
            ("schemas", .object(named)),
            ("responses", .object(responses)),
            (
                "securitySchemes",
                .object([("bearer", .object([("type", .string("http")), ("scheme", .string("bearer"))]))])
            ),
        ])
    }
}
