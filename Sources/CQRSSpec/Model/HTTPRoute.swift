/// One route of the HTTP API generated for a spec: a command, a query or a query's count, at a method and
/// path.
///
/// The default mapping, for the shop (`http:` on a command or query changes it):
///
/// | Operation | Route |
/// |---|---|
/// | `PlaceOrder` (creates the stream) | `POST /order/place-order` (`orderId` in the body; optional for a UUID) |
/// | `PayOrder` | `POST /order/{orderId}/pay-order` |
/// | `GetOrder` (by the key `orderId`) | `GET /get-order/{orderId}` |
/// | `ListUserOrders` (by the index `userId`) | `GET /list-user-orders/{userId}?cursor=…&pageSize=…` |
/// | `CountListUserOrders` | `GET /list-user-orders/{userId}/count` |
///
/// A query's `by` fields are path parameters (those whose values a path segment can give: builtin
/// scalars but `Data` and `URL`, and enums); its other parameters (`where:`, or a custom query's
/// `params`) are in the query string.
public struct HTTPRoute: Hashable, Sendable {
    /// What a route serves.
    public enum Operation: Hashable, Sendable {
        /// A command of an aggregate.
        case command(aggregate: String, command: String)
        /// A query.
        case query(String)
        /// The count `count: true` adds to a query (named after the query).
        case count(query: String)
    }

    /// What the route serves.
    public var operation: Operation
    /// `POST`, `PUT`, `PATCH` or `DELETE` for a command; `GET` for a query.
    public var method: String
    /// The path, with a `{name}` segment for each path parameter.
    public var path: String
    /// Where the route was chosen: the `http:` key, or the operation's name.
    public var location: SourceLocation

    /// Creates a route.
    public init(operation: Operation, method: String, path: String, location: SourceLocation) {
        self.operation = operation
        self.method = method
        self.path = path
        self.location = location
    }

    /// The names of the `{name}` segments, in path order.
    public var pathParameters: [String] { Self.segments(of: path).compactMap(Self.parameterName) }

    /// The path with every parameter written `{}`: two routes with the same method and shape clash.
    public var shape: String {
        "/" + Self.segments(of: path).map { Self.parameterName($0) == nil ? String($0) : "{}" }.joined(separator: "/")
    }

    /// The path's segments (between slashes).
    static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
    }

    /// `name` for a segment `{name}`.
    static func parameterName(_ segment: Substring) -> String? {
        guard segment.count > 2, segment.first == "{", segment.last == "}" else { return nil }
        return String(segment.dropFirst().dropLast())
    }

    /// The route of a command of `aggregate`, or `nil` when it is not served (`http: false`).
    public static func route(of command: Command, in aggregate: Aggregate) -> HTTPRoute? {
        let binding = command.http
        guard binding?.isServed ?? true else { return nil }
        let resource = "/" + kebabCase(aggregate.name)
        let path =
            binding?.path
            ?? (command.creates
                ? resource + "/" + kebabCase(command.name)
                : resource + "/{\(SpecNaming.streamIdentifierProperty(ofAggregate: aggregate.name))}/"
                    + kebabCase(command.name))
        return HTTPRoute(
            operation: .command(aggregate: aggregate.name, command: command.name),
            method: binding?.method ?? "POST", path: path, location: binding?.location ?? command.location)
    }

    /// The members of a command's JSON body at `route`: its stream identifier unless the path gives it
    /// (optional in a creating command whose identifier is a UUID: the route makes a new one), then its
    /// fields.
    public static func bodyFields(of command: Command, in aggregate: Aggregate, route: HTTPRoute) -> [Field] {
        var identifier = aggregate.identifierField
        guard !route.pathParameters.contains(identifier.name) else { return command.fields }
        if command.creates, aggregate.idType == .uuid || aggregate.idType == .uuidV7 {
            identifier.type = .optional(identifier.type)
        }
        return [identifier] + command.fields
    }

    /// The routes of a query: the query's, then its count's (`count: true`); none when it is not served.
    /// `rowFields` are its projection's fields, `enums` the names of the spec's enums: by default a `by`
    /// field is in the path when its type is a ``isPathValue(_:enums:)``, in the query string otherwise.
    public static func routes(of query: Query, rowFields: [Field], enums: Set<String>) -> [HTTPRoute] {
        let binding = query.http
        guard binding?.isServed ?? true else { return [] }
        var path = binding?.path ?? "/" + kebabCase(query.name)
        if binding?.path == nil {
            switch query.kind {
            case .byKey(let fields), .byIndex(let fields):
                for name in fields {
                    guard let field = rowFields.first(where: { $0.name == name }),
                        isPathValue(field.type, enums: enums)
                    else { continue }
                    path += "/{\(name)}"
                }
            case .all, .custom: break
            }
        }
        let location = binding?.location ?? query.location
        var routes = [HTTPRoute(operation: .query(query.name), method: "GET", path: path, location: location)]
        if query.counts {
            routes.append(
                HTTPRoute(
                    operation: .count(query: query.name), method: "GET", path: path + "/count", location: location))
        }
        return routes
    }

    /// Every route of a spec's HTTP API, in spec order: commands by aggregate, then queries.
    public static func routes(of spec: Spec) -> [HTTPRoute] {
        let enums = enumNames(of: spec)
        return spec.aggregates.flatMap { aggregate in aggregate.commands.compactMap { route(of: $0, in: aggregate) } }
            + spec.queries.flatMap { query in
                routes(
                    of: query, rowFields: spec.projections.first { $0.name == query.projection }?.fields ?? [],
                    enums: enums)
            }
    }

    /// The names of the spec's enums (whose values a path or query parameter gives by text).
    public static func enumNames(of spec: Spec) -> Set<String> {
        Set(
            spec.types.compactMap { declaration in
                if case .enumeration = declaration.kind { declaration.name } else { nil }
            })
    }

    /// Whether a path segment or a query-string parameter gives a value of `type` as text: a builtin but
    /// `Data` and `URL`, or an enum (by its case's raw value or name). Other types (structs, unions,
    /// lists, `Data`, `URL`) are given as JSON in the query string.
    public static func isPathValue(_ type: TypeExpression, enums: Set<String>) -> Bool {
        guard case .named(let name) = type else { return false }
        if let builtin = BuiltinType(rawValue: name) { return builtin != .data && builtin != .url }
        return enums.contains(name)
    }

    /// `place-order` for `PlaceOrder`, `get-order-by-id` for `GetOrderByID`, `http-log` for `HTTPLog`.
    public static func kebabCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) {
                    result.append("-")
                }
            }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }
}

extension Query {
    /// The query's parameters, as its generated type has them: the `by` fields (typed as `projection`'s
    /// row fields), then the parameters of `where:`'s conditions (an optional one defaulting to `nil`); a
    /// custom query's `params`.
    public func parameters(rowFields: [Field]) -> [Field] {
        let conditionParameters = conditions.map { condition in
            Field(
                name: condition.parameter, type: condition.parameterType,
                defaultValue: condition.isOptional ? .null : nil, location: condition.location)
        }
        func byFields(_ names: [String]) -> [Field] {
            names.compactMap { name in rowFields.first { $0.name == name } }.map { field in
                Field(name: field.name, type: field.type, description: field.description, location: field.location)
            }
        }
        switch kind {
        case .byKey(let names): return byFields(names)
        case .byIndex(let names): return byFields(names) + conditionParameters
        case .all: return conditionParameters
        case .custom(let parameters, _): return parameters
        }
    }
}
