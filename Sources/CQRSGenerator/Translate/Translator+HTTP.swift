import CQRSSpec

/// The HTTP API: routes from `HTTPRoute`, operations and body shapes.
extension Translator {
    func http() -> HTTPViewModel {
        var result = HTTPViewModel(
            operations: [], bodies: [], shapes: [], commandRoutes: [], queryRoutes: [], enums: [],
            openAPIDocumentLiteral: SwiftNaming.multilineRawLiteral(OpenAPIDocument(spec: spec).json))
        let names = HTTPOperationNames(spec: spec)
        let enums = HTTPRoute.enumNames(of: spec)
        for aggregate in spec.aggregates {
            for command in aggregate.commands {
                guard let route = HTTPRoute.route(of: command, in: aggregate) else { continue }
                let reference = CommandReference(aggregate: aggregate.name, command: command.name)
                let caseName = names.caseName(of: route.operation)
                let type = commandSwiftType(reference)
                result.operations.append(
                    HTTPOperationViewModel(caseName: caseName, type: type, route: "\(route.method) \(route.path)"))
                // A command's body is named by its operation's case, unique in the spec.
                let shapeName = caseName
                let (arguments, bodyFields) = commandArguments(command, of: aggregate, route: route)
                result.bodies.append(HTTPShapeViewModel(name: shapeName, expression: objectShape(bodyFields)))
                result.commandRoutes.append(
                    HTTPCommandRouteViewModel(
                        method: "." + route.method.lowercased(), pathLiteral: SwiftNaming.stringLiteral(route.path),
                        route: "\(route.method) \(route.path)", type: type, caseName: caseName, shapeName: shapeName,
                        arguments: arguments, definitionProperty: definitionProperty(aggregate.name)))
            }
        }
        for query in spec.queries {
            let projection = spec.projections.first { $0.name == query.projection }
            let parameters = query.parameters(rowFields: projection?.fields ?? [])
            for route in HTTPRoute.routes(of: query, rowFields: projection?.fields ?? [], enums: enums) {
                let isCount = if case .count = route.operation { true } else { false }
                let name = isCount ? query.countName : query.name
                let caseName = names.caseName(of: route.operation)
                let type = "\(spec.domain).\(name)"
                let routeText = "\(route.method) \(route.path)"
                result.operations.append(HTTPOperationViewModel(caseName: caseName, type: type, route: routeText))
                var method = "count"
                var extra = ""
                var answerParameters = "query"
                var askArguments = ""
                if !isCount {
                    switch query.kind {
                    case .byKey:
                        method = "row"
                    case .byIndex, .all:
                        extra = ", defaultPageSize: \(type).defaultPageSize"
                        if query.paging == .offset {
                            method = "numberedPage"
                            answerParameters = "query, number, size"
                            askArguments = ", page: number, pageSize: size"
                        } else {
                            method = "page"
                            answerParameters = "query, page"
                            askArguments = ", page: page"
                        }
                    case .custom:
                        method = "value"
                    }
                }
                let inPath = Set(route.pathParameters)
                result.queryRoutes.append(
                    HTTPQueryRouteViewModel(
                        pathLiteral: SwiftNaming.stringLiteral(route.path), route: routeText,
                        responderMethod: method, extraArguments: extra, type: type, caseName: caseName,
                        projectionLiteral: SwiftNaming.stringLiteral(query.projection),
                        arguments: parameters.map { queryArgument($0, inPath: inPath.contains($0.name), enums: enums) },
                        answerParameters: answerParameters, askArguments: askArguments))
            }
        }
        for declaration in spec.types {
            switch declaration.kind {
            case .structure(let fields):
                result.shapes.append(
                    HTTPShapeViewModel(
                        name: shapeName(declaration.name), expression: objectShape(fields)))
            case .enumeration:
                result.enums.append(NameViewModel(name: "\(spec.domain).\(declaration.name)"))
            case .union(let cases):
                let members = cases.map { "\(SwiftNaming.stringLiteral($0.name)): \(objectShape($0.fields))" }
                result.shapes.append(
                    HTTPShapeViewModel(
                        name: shapeName(declaration.name),
                        expression: ".object([" + members.joined(separator: ", ") + "])"))
            }
        }
        return result
    }

    /// A command's initializer arguments (its identifier from the path or the body, its fields from the
    /// body), and the fields its body has (``HTTPRoute/bodyFields(of:in:route:)``).
    func commandArguments(_ command: Command, of aggregate: Aggregate, route: HTTPRoute)
        -> (arguments: [HTTPArgumentViewModel], bodyFields: [Field])
    {
        let identifier = aggregate.identifierField
        let bodyFields = HTTPRoute.bodyFields(of: command, in: aggregate, route: route)
        var arguments: [HTTPArgumentViewModel] = []
        let idLiteral = SwiftNaming.stringLiteral(identifier.name)
        if route.pathParameters.contains(identifier.name) {
            arguments.append(
                HTTPArgumentViewModel(
                    label: SwiftNaming.argumentLabel(identifier.name), expression: "try input.path(\(idLiteral))"))
        }
        for field in bodyFields {
            let literal = SwiftNaming.stringLiteral(field.name)
            let expression: String
            if field.name == identifier.name {
                // Optional in the body only when the route makes a new one.
                expression =
                    field.type.isOptional
                    ? "try input.body.valueIfPresent(\(literal)) ?? \(newIdentifier(of: aggregate)?.literal ?? "nil")"
                    : "try input.body.value(\(literal))"
            } else if let fallback = field.defaultValue.map({ types.literal($0, as: field.type) }), fallback != "nil" {
                // A field with a default may be left out of the body.
                expression = "try input.body.valueIfPresent(\(literal)) ?? \(fallback)"
            } else if field.type.isOptional {
                expression = "try input.body.valueIfPresent(\(literal))"
            } else {
                expression = "try input.body.value(\(literal))"
            }
            arguments.append(
                HTTPArgumentViewModel(label: SwiftNaming.argumentLabel(field.name), expression: expression))
        }
        return (arguments, bodyFields)
    }

    /// How a query's parameter is read: from the path, or from the query string (by text, by repeated
    /// texts for a list, or as JSON for a declared struct or union), with its default when absent.
    func queryArgument(_ field: Field, inPath: Bool, enums: Set<String>) -> HTTPArgumentViewModel {
        let literal = SwiftNaming.stringLiteral(field.name)
        let label = SwiftNaming.argumentLabel(field.name)
        if inPath {
            return HTTPArgumentViewModel(label: label, expression: "try input.path(\(literal))")
        }
        let fallback = field.defaultValue.map { types.literal($0, as: field.type) }.flatMap { $0 == "nil" ? nil : $0 }
        let (read, required): (String, String) =
            switch field.type.nonOptional {
            case let type where HTTPRoute.isPathValue(type, enums: enums):
                ("input.optional(\(literal))", "input.required(\(literal))")
            case .array(let element) where HTTPRoute.isPathValue(element, enums: enums):
                // A list the query string leaves out is empty.
                ("input.all(\(literal))", "input.all(\(literal)) ?? []")
            default:
                ("input.json(\(literal))", "input.requiredJSON(\(literal))")
            }
        let expression =
            if let fallback { "try \(read) ?? \(fallback)" } else if field.type.isOptional { "try \(read)" } else {
                "try \(required)"
            }
        return HTTPArgumentViewModel(label: label, expression: expression)
    }

    /// The `Shapes` property of a declared type (`LineItem` → `lineItem`, escaped where it is a keyword).
    func shapeName(_ type: String) -> String { SwiftNaming.escaped(SpecNaming.lowerCamelCase(type)) }

    /// `.object([...])` of fields.
    func objectShape(_ fields: [Field]) -> String {
        guard !fields.isEmpty else { return ".object([:])" }
        let members = fields.map { "\(SwiftNaming.stringLiteral($0.name)): \(shape($0.type))" }
        return ".object([" + members.joined(separator: ", ") + "])"
    }

    /// The shape of a value of `type`.
    func shape(_ type: TypeExpression) -> String {
        switch type {
        case .named(let name):
            switch types.declarations[name]?.kind {
            case .structure?, .union?:
                return ".declared { \(spec.domain).HTTP.Shapes.\(shapeName(name)) }"
            default:
                return ".any"
            }
        case .array(let element):
            let inner = shape(element)
            return inner == ".any" ? ".any" : ".array(\(inner))"
        case .dictionary(_, let value):
            let inner = shape(value)
            return inner == ".any" ? ".any" : ".dictionary(\(inner))"
        case .optional(let wrapped):
            return shape(wrapped)
        }
    }
}
