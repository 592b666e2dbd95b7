/// `http:` on commands and queries, and the routes of the generated HTTP API: each path well formed, its
/// parameters what the operation has, no two routes alike.
extension SpecValidator {
    /// The methods a command may be served with.
    static let commandMethods = ["POST", "PUT", "PATCH", "DELETE"]
    /// The path the generated API serves its OpenAPI document at.
    static let reservedRoute = (method: "GET", path: "/openapi.json")

    /// `http: false`, or `http: { method: …, path: … }`.
    mutating func readHTTPBinding(_ node: NodeID, isQuery: Bool, in context: String) -> HTTPBinding? {
        let location = document[node].location
        let expected = "'http' of \(context) must be false, or a mapping with 'method' and 'path'"
        if document[node].kind == .scalar, !document.isNull(node) {
            guard let served = LiteralSyntax.bool(document.text(of: node)) else {
                report(node, expected)
                return nil
            }
            return HTTPBinding(isServed: served, location: location)
        }
        guard document[node].kind == .mapping else {
            report(node, expected)
            return nil
        }
        var binding = HTTPBinding(location: location)
        for (key, value) in document.pairs(of: node) {
            guard let which = self.key(key, as: HTTPKey.self, in: "'http' of \(context)") else { continue }
            guard let text = string(value, what: "'\(which.rawValue)'") else { continue }
            switch which {
            case .method:
                let method = text.uppercased()
                let allowed = isQuery ? ["GET"] : Self.commandMethods
                guard allowed.contains(method) else {
                    error(
                        "method '\(text)' of \(context) is not one a \(isQuery ? "query" : "command") is served with",
                        at: value,
                        notes: [
                            isQuery
                                ? "a query reads and changes nothing, so it is served with GET"
                                : "use one of \(Self.commandMethods.joined(separator: ", ")) (POST by default)"
                        ])
                    continue
                }
                binding.method = method
            case .path:
                if let problem = Self.pathProblem(text) {
                    error(
                        "path '\(text)' of \(context) \(problem)", at: value,
                        notes: [
                            "write it like `/orders/{orderId}/pay`: segments of letters, digits and `-._~`, or `{parameter}`"
                        ])
                    continue
                }
                binding.path = text
                binding.pathLocation = document[value].location
            }
        }
        return binding
    }

    /// What is wrong with a path, or `nil` when it is well formed.
    static func pathProblem(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return "does not start with '/'" }
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        for segment in HTTPRoute.segments(of: path) {
            if segment.isEmpty { return "has an empty segment" }
            if let name = HTTPRoute.parameterName(segment) {
                if !SpecNaming.isLowerCamelCase(name) { return "has a parameter '\(segment)' that is not a field name" }
                continue
            }
            if segment == "." || segment == ".." { return "has a segment '\(segment)'" }
            if let bad = segment.first(where: { !unreserved.contains($0) }) {
                return "has a character '\(bad)' that a path segment cannot hold as it is"
            }
        }
        return nil
    }

    /// Checks every route: a command's path names only its stream's identifier; a query's names its
    /// parameters of one value each; no two routes share a method and path.
    mutating func checkHTTPRoutes(_ queries: [Query]) {
        // Each route, with whether its path was given (default paths meet only where names differ in case
        // alone, which is reported already).
        var routes: [(route: HTTPRoute, isGiven: Bool)] = []
        for aggregate in aggregates {
            for command in aggregate.commands {
                guard let route = HTTPRoute.route(of: command, in: aggregate) else { continue }
                let identifier = SpecNaming.streamIdentifierProperty(ofAggregate: aggregate.name)
                checkPathParameters(
                    of: route, binding: command.http, context: "command '\(command.name)'",
                    allowed: [identifier: .named(aggregate.idType.typeName)],
                    notes: [
                        "a command's path may name its stream's identifier '{\(identifier)}'; its fields go in the body"
                    ], enums: [])
                routes.append((route, command.http?.path != nil))
            }
        }
        let enums = Set(declaredTypes.filter { $0.cases != nil }.map(\.name))
        for query in queries {
            let rowFields = projectionIndex[query.projection].map { projections[$0].fields } ?? []
            let routesOfQuery = HTTPRoute.routes(of: query, rowFields: rowFields, enums: enums)
            guard let route = routesOfQuery.first else { continue }
            let parameters = query.parameters(rowFields: rowFields)
            checkPathParameters(
                of: route, binding: query.http, context: "query '\(query.name)'",
                allowed: Dictionary(parameters.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a }),
                notes: [], enums: enums)
            switch query.kind {
            case .byIndex, .all:
                // The paging parameters of the query string.
                for parameter in parameters where ["cursor", "page", "pageSize"].contains(parameter.name) {
                    error(
                        "parameter '\(parameter.name)' of query '\(query.name)' has the name of a paging parameter of its HTTP route",
                        at: parameter.location,
                        notes: ["rename it: 'cursor', 'page' and 'pageSize' page the query's rows"])
                }
            case .byKey, .custom: break
            }
            routes += routesOfQuery.map { ($0, query.http?.path != nil) }
        }
        var taken: [String: (route: HTTPRoute, isGiven: Bool)] = [
            "\(Self.reservedRoute.method) \(Self.reservedRoute.path)": (
                HTTPRoute(
                    operation: .query("the OpenAPI document"), method: Self.reservedRoute.method,
                    path: Self.reservedRoute.path, location: SourceLocation(line: 1, column: 1)), true
            )
        ]
        for (route, isGiven) in routes {
            let key = "\(route.method) \(route.shape)"
            if let (first, firstIsGiven) = taken[key] {
                guard isGiven || firstIsGiven else { continue }
                let firstPlace =
                    first.path == Self.reservedRoute.path
                    ? "the OpenAPI document's"
                    : "that of \(Self.describe(first.operation)) (line \(first.location.line))"
                error(
                    "the route \(route.method) \(route.path) of \(Self.describe(route.operation)) is \(firstPlace)",
                    at: route.location,
                    notes: ["give one of them another path with `http: { path: … }`"])
            } else {
                taken[key] = (route, isGiven)
            }
        }
    }

    /// Checks the `{name}` segments of a path given with `path:` against the parameters the operation has.
    private mutating func checkPathParameters(
        of route: HTTPRoute, binding: HTTPBinding?, context: String, allowed: [String: TypeExpression],
        notes: [String], enums: Set<String>
    ) {
        guard let binding, binding.path != nil else { return }
        let location = binding.pathLocation ?? binding.location
        var seen: Set<String> = []
        for name in route.pathParameters {
            guard seen.insert(name).inserted else {
                error("path '\(route.path)' of \(context) names '{\(name)}' twice", at: location)
                continue
            }
            guard let type = allowed[name] else {
                let suggestion = Suggestion.didYouMean(name, in: allowed.keys.sorted())
                error(
                    "path '\(route.path)' of \(context) names '{\(name)}', which \(context) does not have\(suggestion)",
                    at: location, notes: notes)
                continue
            }
            switch type {
            case .optional:
                error(
                    "path '\(route.path)' of \(context) names '{\(name)}', which is optional; a path always gives it",
                    at: location, notes: ["leave '\(name)' to the query string"])
            case .array, .dictionary:
                error(
                    "path '\(route.path)' of \(context) names '{\(name)}', of type \(type); a path segment holds one value",
                    at: location, notes: ["leave '\(name)' to the query string"])
            case .named:
                if !HTTPRoute.isPathValue(type, enums: enums) {
                    error(
                        "path '\(route.path)' of \(context) names '{\(name)}', of type \(type), which a path segment cannot give as text",
                        at: location, notes: ["leave '\(name)' to the query string, where it is given as JSON"])
                }
            }
        }
    }

    /// `command 'PayOrder'`, `query 'GetOrder'`, `the count of query 'ListUserOrders'`.
    static func describe(_ operation: HTTPRoute.Operation) -> String {
        switch operation {
        case .command(_, let command): "command '\(command)'"
        case .query(let query): "query '\(query)'"
        case .count(let query): "the count of query '\(query)'"
        }
    }
}
