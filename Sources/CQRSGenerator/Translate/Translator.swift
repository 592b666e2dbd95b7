import CQRSSpec

/// Translates a validated spec into the view model the templates render.
///
/// This is the only stage that knows how spec names and types are spelled in Swift; the templates
/// only arrange the text.
struct Translator {
    let spec: Spec
    let access: AccessLevel
    let specFileName: String
    private let types: SwiftTypes
    /// Command and event names declared by exactly one aggregate (they get a domain-level alias).
    private let uniqueMessageNames: Set<String>
    private let aggregatesByName: [String: Aggregate]

    init(spec: Spec, access: AccessLevel, specFileName: String) {
        self.spec = spec
        self.access = access
        self.specFileName = specFileName
        self.types = SwiftTypes(spec: spec)
        var counts: [String: Int] = [:]
        for aggregate in spec.aggregates {
            for name in Set(aggregate.commands.map(\.name) + aggregate.events.map(\.name)) {
                counts[name, default: 0] += 1
            }
        }
        self.uniqueMessageNames = Set(counts.filter { $0.value == 1 }.keys)
        self.aggregatesByName = Dictionary(spec.aggregates.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func translate() -> SpecViewModel {
        let aggregates = spec.aggregates.map(aggregate)
        let projections = spec.projections.map(projection)
        let queries = spec.queries.map(query)
        return SpecViewModel(
            domain: spec.domain,
            access: access.rawValue,
            specFileName: specFileName,
            docLines: docLines(spec.description),
            types: spec.types.map(typeDeclaration),
            aggregates: aggregates,
            projections: projections,
            queries: queries,
            application: application(aggregates: aggregates, projections: projections, queries: queries)
        )
    }

    // MARK: Types

    private func typeDeclaration(_ declaration: TypeDeclaration) -> TypeViewModel {
        switch declaration.kind {
        case .enumeration(let cases):
            return TypeViewModel(
                name: declaration.name,
                docLines: docLines(declaration.description),
                isEnum: true,
                cases: cases.map { CaseViewModel(name: SwiftNaming.escaped($0), rawValue: $0) },
                fields: [],
                validations: [],
                patterns: []
            )
        case .structure(let fields):
            return TypeViewModel(
                name: declaration.name,
                docLines: docLines(declaration.description),
                isEnum: false,
                cases: [],
                fields: fieldViewModels(fields, in: declaration.name),
                validations: fields.compactMap(validation),
                patterns: patterns(fields)
            )
        }
    }

    // MARK: Aggregates

    private func aggregate(_ aggregate: Aggregate) -> AggregateViewModel {
        let idProperty = SwiftNaming.escaped(SwiftNaming.lowerCamel(aggregate.name) + "Id")
        let stateSignature = aggregate.state.map { "\($0.name):\($0.type)" }.joined(separator: ";")
        return AggregateViewModel(
            name: aggregate.name,
            docLines: docLines(aggregate.description),
            idType: types.spelling(.named(aggregate.idType.rawValue)),
            category: SwiftNaming.stringLiteral(aggregate.name),
            idProperty: idProperty,
            snapshotEvery: aggregate.snapshotEvery.map(String.init) ?? "nil",
            stateVersion: SwiftNaming.stringLiteral(StableHash.hex(stateSignature)),
            propertyName: applicationName(aggregate.name, suffix: "Definition"),
            parameterName: applicationName(aggregate.name, suffix: "Handler"),
            state: StateViewModel(fields: fieldViewModels(aggregate.state, withDefaults: true)),
            commands: aggregate.commands.map { command($0, of: aggregate) },
            events: aggregate.events.map { event($0, of: aggregate) }
        )
    }

    private func command(_ command: Command, of aggregate: Aggregate) -> CommandViewModel {
        CommandViewModel(
            name: command.name,
            aggregate: aggregate.name,
            docLines: docLines(command.description),
            creates: command.creates,
            idDefaultClause: command.creates && aggregate.idType == .uuid ? " = Foundation.UUID.fastRandom()" : "",
            fields: fieldViewModels(command.fields),
            validations: command.fields.compactMap(validation),
            patterns: patterns(command.fields),
            emits: command.emits.map {
                EmittedViewModel(
                    caseName: SwiftNaming.escaped(SwiftNaming.lowerCamel($0)),
                    type: "\(spec.domain).\(aggregate.name).\($0)"
                )
            },
            hasDomainAlias: uniqueMessageNames.contains(command.name)
        )
    }

    private func event(_ event: Event, of aggregate: Aggregate) -> EventViewModel {
        EventViewModel(
            name: event.name,
            aggregate: aggregate.name,
            caseName: SwiftNaming.escaped(SwiftNaming.lowerCamel(event.name)),
            docLines: docLines(event.description),
            eventType: SwiftNaming.stringLiteral("\(aggregate.name).\(event.name)"),
            schemaVersion: event.version,
            fields: fieldViewModels(event.fields),
            upcasts: event.upcasts.map { upcast in
                UpcastViewModel(
                    fromVersion: upcast.fromVersion,
                    defaults: upcast.defaults.map {
                        KeyValueViewModel(key: SwiftNaming.stringLiteral($0.field), value: types.jsonValue($0.value))
                    },
                    renamed: upcast.renamed.map {
                        KeyValueViewModel(
                            key: SwiftNaming.stringLiteral($0.from),
                            value: SwiftNaming.stringLiteral($0.to)
                        )
                    },
                    removed: upcast.removed.map { KeyValueViewModel(key: SwiftNaming.stringLiteral($0), value: "") }
                )
            },
            hasUpcasts: !event.upcasts.isEmpty,
            hasDomainAlias: uniqueMessageNames.contains(event.name)
        )
    }

    // MARK: Projections

    private func projection(_ projection: Projection) -> ProjectionViewModel {
        let fieldsByName = Dictionary(projection.fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let customEntries = projection.handlers.filter { $0.action == .custom }
        return ProjectionViewModel(
            name: projection.name,
            propertyName: applicationName(projection.name, suffix: "Handler"),
            docLines: docLines(projection.description),
            fields: fieldViewModels(projection.fields),
            keyColumns: "[" + projection.key.map { "\(SwiftNaming.escaped($0)).columnValue" }.joined(separator: ", ")
                + "]",
            keyNames: stringArray(projection.key),
            indexes: "[" + projection.indexes.map(stringArray).joined(separator: ", ") + "]",
            hasCustom: !customEntries.isEmpty,
            customHandlers: customEntries.map {
                CustomHandlerViewModel(eventType: eventSwiftType($0.event), idType: idType(of: $0.event))
            },
            cases: projection.handlers.map { projectionCase($0, projection: projection, fields: fieldsByName) },
            eventTypes: "["
                + projection.handlers.map { "\(eventSwiftType($0.event)).eventType" }.joined(separator: ", ") + "]"
        )
    }

    private func projectionCase(
        _ handler: EventHandler,
        projection: Projection,
        fields: [String: Field]
    ) -> ProjectionCaseViewModel {
        var result = ProjectionCaseViewModel(
            eventType: eventSwiftType(handler.event),
            idType: idType(of: handler.event),
            isCustom: false,
            isInsert: false,
            isUpsert: false,
            isUpdate: false,
            isDelete: false,
            usesPayload: false,
            usesContext: false,
            arguments: [],
            key: "",
            assignments: [],
            increments: []
        )
        func value(_ expression: Expression, for field: String) -> String {
            switch expression {
            case .eventField: result.usesPayload = true
            case .streamID, .position, .recordedAt, .version: result.usesContext = true
            case .literal: break
            }
            return self.expression(expression, type: fields[field]?.type ?? .named("String"))
        }
        func key(_ expressions: [Expression]) -> String {
            let columns = zip(projection.key, expressions).map { field, expression in
                let type = fields[field]?.type ?? .named("String")
                return "(\(value(expression, for: field)) as \(types.spelling(type))).columnValue"
            }
            return "[" + columns.joined(separator: ", ") + "]"
        }
        switch handler.action {
        case .custom:
            result.isCustom = true
            result.usesPayload = true
            result.usesContext = true
        case .insert(let values, let upsert):
            result.isInsert = !upsert
            result.isUpsert = upsert
            result.arguments = values.map {
                KeyValueViewModel(key: SwiftNaming.argumentLabel($0.field), value: value($0.value, for: $0.field))
            }
        case .update(let keyExpressions, let set, let increment):
            result.isUpdate = true
            result.key = key(keyExpressions)
            result.assignments = set.map {
                KeyValueViewModel(key: SwiftNaming.escaped($0.field), value: value($0.value, for: $0.field))
            }
            result.increments = increment.map {
                KeyValueViewModel(key: SwiftNaming.escaped($0.field), value: value($0.value, for: $0.field))
            }
        case .delete(let keyExpressions):
            result.isDelete = true
            result.key = key(keyExpressions)
        }
        return result
    }

    /// An EXPR as a Swift expression inside a generated `apply`, where `payload` is the decoded
    /// event and `context` its `CQRS.EventContext`.
    private func expression(_ expression: Expression, type: TypeExpression) -> String {
        switch expression {
        case .eventField(let name): "payload.\(SwiftNaming.escaped(name))"
        case .streamID: "context.streamID"
        case .position: "context.position"
        case .recordedAt: "context.recordedAt"
        case .version: "context.version"
        case .literal(let literal): types.literal(literal, as: type)
        }
    }

    private func eventSwiftType(_ reference: EventReference) -> String {
        "\(spec.domain).\(reference.aggregate).\(reference.event)"
    }

    private func idType(of reference: EventReference) -> String {
        "\(spec.domain).\(reference.aggregate).ID"
    }

    // MARK: Queries

    private func query(_ query: Query) -> QueryViewModel {
        let projection = spec.projections.first { $0.name == query.projection }
        let rowFields = Dictionary(
            (projection?.fields ?? []).map { ($0.name, $0) },
            uniquingKeysWith: { a, _ in a }
        )
        var result = QueryViewModel(
            name: query.name,
            propertyName: applicationName(query.name, suffix: "Handler"),
            docLines: docLines(query.description),
            projection: query.projection,
            fields: [],
            isByKey: false,
            isPaged: false,
            isCustom: false,
            key: "[]",
            filters: "[]",
            ordering: query.orderBy.map {
                "[CQRS.ColumnOrdering(column: \(SwiftNaming.stringLiteral($0.field)), descending: \($0.descending))]"
            } ?? "[]",
            pageSize: query.pageSize ?? 100,
            returns: ""
        )
        switch query.kind {
        case .byKey(let names):
            result.isByKey = true
            result.fields = fieldViewModels(names.compactMap { rowFields[$0] }.map { plain($0) })
            result.key =
                "[" + names.map { "query.\(SwiftNaming.escaped($0)).columnValue" }.joined(separator: ", ") + "]"
        case .byIndex(let names):
            result.isPaged = true
            result.fields = fieldViewModels(names.compactMap { rowFields[$0] }.map { plain($0) })
            result.filters =
                "["
                + names.map {
                    "CQRS.ColumnFilter(column: \(SwiftNaming.stringLiteral($0)), value: query.\(SwiftNaming.escaped($0)).columnValue)"
                }.joined(separator: ", ") + "]"
        case .all:
            result.isPaged = true
        case .custom(let parameters, let returns):
            result.isCustom = true
            result.fields = fieldViewModels(parameters)
            result.returns = returnsSpelling(returns)
        }
        return result
    }

    /// A query parameter mirrors a row field without its default or constraints.
    private func plain(_ field: Field) -> Field {
        Field(name: field.name, type: field.type, description: field.description, location: field.location)
    }

    /// The Swift spelling of a custom query's `returns`: projection names stand for their row types, and
    /// like every declared type they are qualified with the domain.
    private func returnsSpelling(_ type: TypeExpression) -> String {
        switch type {
        case .named(let name):
            return spec.projections.contains { $0.name == name } ? "\(spec.domain).\(name)" : types.spelling(type)
        case .array(let element): return "[\(returnsSpelling(element))]"
        case .dictionary(let key, let value): return "[\(returnsSpelling(key)): \(returnsSpelling(value))]"
        case .optional(let wrapped): return "\(returnsSpelling(wrapped))?"
        }
    }

    // MARK: Application

    private func application(
        aggregates: [AggregateViewModel],
        projections: [ProjectionViewModel],
        queries: [QueryViewModel]
    ) -> ApplicationViewModel {
        var parameters: [ParameterViewModel] = []
        for aggregate in spec.aggregates {
            parameters.append(
                ParameterViewModel(
                    label: applicationLabel(aggregate.name),
                    name: applicationName(aggregate.name, suffix: "Handler"),
                    type: "\(spec.domain).\(aggregate.name).Handler",
                    docLines: [DocLine(text: "The business rules of `\(aggregate.name)`.")]
                )
            )
        }
        for projection in spec.projections where projection.handlers.contains(where: { $0.action == .custom }) {
            parameters.append(
                ParameterViewModel(
                    label: applicationLabel(projection.name),
                    name: applicationName(projection.name, suffix: "Handler"),
                    type: "\(spec.domain).\(projection.name).Handler",
                    docLines: [DocLine(text: "The custom `on` entries of `\(projection.name)`.")]
                )
            )
        }
        for query in spec.queries {
            guard case .custom = query.kind else { continue }
            parameters.append(
                ParameterViewModel(
                    label: applicationLabel(query.name),
                    name: applicationName(query.name, suffix: "Handler"),
                    type: "\(spec.domain).\(query.name).Handler",
                    docLines: [DocLine(text: "The implementation of the custom query `\(query.name)`.")]
                )
            )
        }
        return ApplicationViewModel(
            parameters: parameters,
            aggregates: aggregates,
            projections: projections,
            queries: queries
        )
    }

    // MARK: Fields

    private func fieldViewModels(
        _ fields: [Field],
        withDefaults: Bool = false,
        in structName: String? = nil
    ) -> [FieldViewModel] {
        fields.enumerated().map { index, field in
            let defaultClause: String =
                if let value = field.defaultValue {
                    " = \(types.literal(value, as: field.type))"
                } else if field.type.isOptional {
                    " = nil"
                } else if withDefaults {
                    " = \(types.zeroValue(field.type))"
                } else {
                    ""
                }
            return FieldViewModel(
                name: SwiftNaming.escaped(field.name),
                rawName: field.name,
                type: types.spelling(field.type),
                docLines: docLines(field.description),
                defaultClause: defaultClause,
                initialValue: types.initialValue(of: field),
                index: index,
                constructorType: field.type.isOptional
                    ? "Swift.Optional<\(types.spelling(field.type.nonOptional))>" : types.spelling(field.type),
                columnType: types.columnType(field.type),
                nullable: field.type.isOptional,
                attribute: structName.map { types.needsIndirection(field, in: $0) } == true ? "@CQRS.Indirect " : ""
            )
        }
    }

    private func validation(_ field: Field) -> ValidationViewModel? {
        let constraints = field.constraints
        let base = field.type.nonOptional
        var checks: [CheckViewModel] = []
        func bound(_ text: String) -> String {
            types.literal(text.contains(where: { ".eE".contains($0) }) ? .number(text) : .integer(text), as: base)
        }
        if let value = constraints.minimum {
            checks.append(.init(function: "minimum", subject: "value", bound: bound(value)))
        }
        if let value = constraints.maximum {
            checks.append(.init(function: "maximum", subject: "value", bound: bound(value)))
        }
        if let value = constraints.exclusiveMinimum {
            checks.append(.init(function: "exclusiveMinimum", subject: "value", bound: bound(value)))
        }
        if let value = constraints.exclusiveMaximum {
            checks.append(.init(function: "exclusiveMaximum", subject: "value", bound: bound(value)))
        }
        if let value = constraints.minLength {
            checks.append(.init(function: "minLength", subject: "value", bound: "\(value)"))
        }
        if let value = constraints.maxLength {
            checks.append(.init(function: "maxLength", subject: "value", bound: "\(value)"))
        }
        if let value = constraints.minItems {
            checks.append(.init(function: "minItems", subject: "value.count", bound: "\(value)"))
        }
        if let value = constraints.maxItems {
            checks.append(.init(function: "maxItems", subject: "value.count", bound: "\(value)"))
        }
        if constraints.pattern != nil {
            checks.append(.init(function: "pattern", subject: "value", bound: "Self.\(patternProperty(field))"))
        }
        let validatesStruct = types.structDeclaration(base).map { hasValidation($0) } ?? false
        var validatesElements = false
        var elementIsOptional = false
        if case .array(let element) = base, let fields = types.structDeclaration(element.nonOptional) {
            validatesElements = hasValidation(fields)
            elementIsOptional = element.isOptional
        }
        guard !checks.isEmpty || validatesStruct || validatesElements else { return nil }
        return ValidationViewModel(
            name: SwiftNaming.escaped(field.name),
            label: SwiftNaming.stringLiteral(field.name),
            isOptional: field.type.isOptional,
            checks: checks,
            validatesStruct: validatesStruct,
            validatesElements: validatesElements,
            elementIsOptional: elementIsOptional
        )
    }

    /// Whether a struct's fields (or theirs, transitively) declare any constraint.
    private func hasValidation(_ fields: [Field], visited: Set<String> = []) -> Bool {
        fields.contains { field in
            if !field.constraints.isEmpty { return true }
            var inner = field.type.nonOptional
            if case .array(let element) = inner { inner = element.nonOptional }
            guard case .named(let name) = inner, !visited.contains(name),
                let nested = types.structDeclaration(inner)
            else { return false }
            return hasValidation(nested, visited: visited.union([name]))
        }
    }

    private func patterns(_ fields: [Field]) -> [PatternViewModel] {
        fields.compactMap { field in
            field.constraints.pattern.map {
                PatternViewModel(propertyName: patternProperty(field), regex: SwiftNaming.stringLiteral($0))
            }
        }
    }

    private func patternProperty(_ field: Field) -> String {
        "_\(field.name)Pattern"
    }

    /// The name of a property or parameter of the generated `Application` for a declaration:
    /// `Order` → `orderDefinition`, `TopSellers` → `topSellersHandler`. The suffix keeps it apart
    /// from the application's own members (`engine`, …) and from each other kind's.
    private func applicationName(_ name: String, suffix: String) -> String {
        SwiftNaming.lowerCamel(name) + suffix
    }

    /// The argument label of `Application.init` for a declaration: `Order` → `order`.
    private func applicationLabel(_ name: String) -> String {
        SwiftNaming.escaped(SwiftNaming.lowerCamel(name))
    }

    private func docLines(_ text: String?) -> [DocLine] {
        SwiftNaming.docLines(text).map { DocLine(text: $0) }
    }

    private func stringArray(_ names: [String]) -> String {
        "[" + names.map(SwiftNaming.stringLiteral).joined(separator: ", ") + "]"
    }
}
