/// The template keys of each view-model type: every stored property, by its name (see `TemplateModel`).

extension SpecViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("domain", \.domain),
        .text("access", \.access),
        .text("specFileName", \.specFileName),
        .list("docLines", \.docLines),
        .list("types", \.types),
        .list("aggregates", \.aggregates),
        .list("projections", \.projections),
        .list("queries", \.queries),
        .list("reactions", \.reactions),
        .model("application", \.application),
        .model("http", \.http),
    ]
}

extension DocLine: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.text("text", \.text)]
}

extension FieldViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name),
        .text("rawName", \.rawName),
        .text("rawNameLiteral", \.rawNameLiteral),
        .text("type", \.type),
        .list("docLines", \.docLines),
        .optional("defaultValue", \.defaultValue),
        .text("initialValue", \.initialValue),
        .number("index", \.index),
        .text("constructorType", \.constructorType),
        .text("columnType", \.columnType),
        .flag("nullable", \.nullable),
        .flag("indirect", \.indirect),
    ]
}

extension ColumnViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("property", \.property),
        .text("columnLiteral", \.columnLiteral),
    ]
}

extension FilterViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("columnLiteral", \.columnLiteral),
        .text("property", \.property),
        .text("conditionCase", \.conditionCase),
        .text("conversion", \.conversion),
        .flag("optional", \.optional),
    ]
}

/// Whether any of `filters` is optional: the filters' array then drops the absent ones.
private func hasOptional(_ filters: [FilterViewModel]) -> Bool { filters.contains(where: \.optional) }

extension ValidationViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name),
        .text("label", \.label),
        .flag("isOptional", \.isOptional),
        .list("checks", \.checks),
        .flag("validatesStruct", \.validatesStruct),
        .flag("validatesElements", \.validatesElements),
        .flag("elementIsOptional", \.elementIsOptional),
    ]
}

extension CheckViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("function", \.function),
        .text("subject", \.subject),
        .text("bound", \.bound),
        .text("label", \.label),
    ]
}

extension PatternViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.text("propertyName", \.propertyName), .text("regex", \.regex)]
}

extension TypeViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name),
        .list("docLines", \.docLines),
        .optional("enumeration", \.enumeration),
        .optional("structure", \.structure),
        .optional("union", \.union),
        .flag("storesJSON") { $0.structure != nil || $0.union != nil },
    ]
}

extension UnionTypeViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.text("name", \.name), .list("cases", \.cases)]
}

extension UnionCaseViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name),
        .text("rawNameLiteral", \.rawNameLiteral),
        .list("docLines", \.docLines),
        .model("structure", \.structure),
    ]
}

extension EnumTypeViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name), .list("cases", \.cases), .text("rawType", \.rawType),
        .flag("storesNumbers", \.storesNumbers),
    ]
}

extension StructTypeViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name),
        .list("fields", \.fields),
        .model("coding") { CodingViewModel(fields: $0.fields) },
        .optional("constraints", \.constraints),
    ]
}

extension CodingViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.list("fields", \.fields)]
}

extension ConstraintsViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .list("validations", \.validations),
        .list("patterns", \.patterns),
    ]
}

extension CaseViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name), .text("rawValue", \.rawValue),
        .flag("hasRawValue") { $0.rawValueLiteral != nil }, .text("rawValueLiteral") { $0.rawValueLiteral ?? "" },
    ]
}

extension AggregateViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name),
        .list("docLines", \.docLines),
        .text("idType", \.idType),
        .text("category", \.category),
        .text("idProperty", \.idProperty),
        .optional("snapshot", \.snapshot),
        .flag("storesState", \.storesState),
        .text("stateVersion", \.stateVersion),
        .text("propertyName", \.propertyName),
        .text("parameterName", \.parameterName),
        .model("state", \.state),
        .list("commands", \.commands),
        .list("events", \.events),
    ]
}

extension SnapshotViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.number("every", \.every)]
}

extension StateViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .list("fields", \.fields), .model("coding") { CodingViewModel(fields: $0.fields) },
    ]
}

extension CommandViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name),
        .text("nameLiteral", \.nameLiteral),
        .text("aggregate", \.aggregate),
        .list("docLines", \.docLines),
        .flag("creates", \.creates),
        .flag("storesState", \.storesState),
        .text("idProperty", \.idProperty),
        .text("idPropertyLiteral", \.idPropertyLiteral),
        .optional("idDefault", \.idDefault),
        .list("fields", \.fields),
        .model("coding", \.coding),
        .optional("constraints", \.constraints),
        .list("emits", \.emits),
        .flag("hasDomainAlias", \.hasDomainAlias),
    ]
}

extension EmittedViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.text("caseName", \.caseName), .text("type", \.type)]
}

extension EventViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name),
        .text("aggregate", \.aggregate),
        .text("caseName", \.caseName),
        .list("docLines", \.docLines),
        .text("eventType", \.eventType),
        .optional("laterVersion", \.laterVersion),
        .list("fields", \.fields),
        .model("coding") { CodingViewModel(fields: $0.fields) },
        .flag("hasDomainAlias", \.hasDomainAlias),
    ]
}

extension EventVersionViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .number("schemaVersion", \.schemaVersion),
        .optional("upcaster", \.upcaster),
    ]
}

extension UpcasterViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .number("currentVersion", \.currentVersion),
        .list("steps", \.steps),
    ]
}

extension UpcastViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .number("fromVersion", \.fromVersion),
        .list("defaults", \.defaults),
        .list("renamed", \.renamed),
        .list("removed", \.removed),
    ]
}

extension LiteralViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.text("literal", \.literal)]
}

extension KeyValueViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.text("key", \.key), .text("value", \.value)]
}

extension ProjectionViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name),
        .text("nameLiteral", \.nameLiteral),
        .text("propertyName", \.propertyName),
        .list("docLines", \.docLines),
        .list("fields", \.fields),
        .model("coding") { CodingViewModel(fields: $0.fields) },
        .list("key", \.key),
        .list("indexes", \.indexes),
        .flag("hasCustom", \.hasCustom),
        .flag("isInline", \.isInline),
        .list("customHandlers", \.customHandlers),
        .list("cases", \.cases),
        .list("remembered", \.remembered),
        .flag("remembers") { !$0.remembered.isEmpty },
    ]
}

extension IndexViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.list("columns", \.columns)]
}

extension KeyPartViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.model("value", \.value), .text("type", \.type)]
}

extension ColumnValueViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.text("key", \.key), .model("value", \.value)]
}

extension ValueViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .flag("isNegated", \.isNegated),
        .optional("eventField", \.eventField),
        .optional("context", \.context),
        .optional("literal", \.literal),
        .optional("remembered", \.remembered),
    ]
}

extension RememberedValueViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("nameLiteral", \.nameLiteral), .text("field", \.field), .text("type", \.type),
        .text("eventType", \.eventType), .text("local", \.local), .text("method", \.method),
    ]
}

extension NameViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.text("name", \.name)]
}

extension OrderingViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("columnLiteral", \.columnLiteral),
        .flag("descending", \.descending),
    ]
}

extension CustomHandlerViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("eventType", \.eventType),
        .text("idType", \.idType),
        .text("rowType", \.rowType),
    ]
}

extension ProjectionCaseViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("eventType", \.eventType),
        .text("idType", \.idType),
        .flag("usesPayload", \.usesPayload),
        .flag("usesContext", \.usesContext),
        .list("recalls", \.recalls),
        .list("remembers", \.remembers),
        .optional("custom", \.custom),
        .optional("insert", \.insert),
        .optional("upsert", \.upsert),
        .optional("merge", \.merge),
        .optional("update", \.update),
        .optional("delete", \.delete),
    ]
}

extension CustomEntryViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.text("eventType", \.eventType)]
}

extension RowWriteViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.text("rowType", \.rowType), .list("arguments", \.arguments)]
}

extension RowUpdateViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .list("key", \.key),
        .list("assignments", \.assignments),
        .list("increments", \.increments),
        .list("appends", \.appends),
        .list("removals", \.removals),
    ]
}

extension RowMergeViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .list("key", \.key),
        .list("assignments", \.assignments),
        .list("increments", \.increments),
        .text("rowType", \.rowType),
        .list("arguments", \.arguments),
    ]
}

extension RowDeleteViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [.list("key", \.key)]
}

extension QueryViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] =
        QueryNamesViewModel.keys(\.names) + [
            .list("docLines", \.docLines),
            .list("fields", \.fields),
            .optional("byKey", \.byKey),
            .optional("paged", \.paged),
            .optional("custom", \.custom),
            .optional("constraints", \.constraints),
        ]
}

extension ByKeyQueryViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = QueryNamesViewModel.keys(\.query) + [.list("key", \.key)]
}

extension PagedQueryViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] =
        QueryNamesViewModel.keys(\.query) + [
            .list("filters", \.filters),
            .flag("hasOptionalFilters") { hasOptional($0.filters) },
            .list("ordering", \.ordering),
            .number("pageSize", \.pageSize),
            .flag("offsetPaging", \.offsetPaging),
            .flag("counts", \.counts),
            .optional("count", \.count),
        ]
}

extension CountQueryViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name),
        .text("queryName", \.queryName),
        .text("projection", \.projection),
        .text("projectionLiteral", \.projectionLiteral),
        .list("fields", \.fields),
        .list("filters", \.filters),
        .flag("hasOptionalFilters") { hasOptional($0.filters) },
    ]
}

extension CustomQueryViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] =
        QueryNamesViewModel.keys(\.query) + [
            .text("returns", \.returns), .flag("validatesParameters", \.validatesParameters),
        ]
}

extension QueryNamesViewModel {
    /// The names as keys of the query variant that holds them at `path`: each variant's section names
    /// its query, read model and application member itself.
    static func keys<Variant>(_ path: KeyPath<Variant, QueryNamesViewModel> & Sendable) -> [TemplateKey<Variant>] {
        [
            .text("name") { $0[keyPath: path].name },
            .text("projection") { $0[keyPath: path].projection },
            .text("projectionLiteral") { $0[keyPath: path].projectionLiteral },
            .text("propertyName") { $0[keyPath: path].propertyName },
        ]
    }
}

extension ApplicationViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .list("parameters", \.parameters),
        .list("aggregates", \.aggregates),
        .list("projections", \.projections),
        .list("queries", \.queries),
        .list("reactions", \.reactions),
    ]
}

extension ParameterViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("label", \.label),
        .text("name", \.name),
        .text("type", \.type),
        .list("docLines", \.docLines),
    ]
}

extension ReactionViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name),
        .text("nameLiteral", \.nameLiteral),
        .text("propertyName", \.propertyName),
        .list("docLines", \.docLines),
        .text("start", \.start),
        .list("commands", \.commands),
        .flag("sendsCommands") { !$0.commands.isEmpty },
        .list("definitions", \.definitions),
        .flag("hasCustom", \.hasCustom),
        .flag("rejectedIsCustom", \.rejectedIsCustom),
        .list("customHandlers", \.customHandlers),
        .list("cases", \.cases),
    ]
}

extension ReactionHandlerViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("eventType", \.eventType),
        .text("idType", \.idType),
        .text("commandType", \.commandType),
        .flag("sendsCommands", \.sendsCommands),
    ]
}

extension ReactionCommandViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("caseName", \.caseName),
        .text("type", \.type),
        .text("nameLiteral", \.nameLiteral),
        .text("definition", \.definition),
    ]
}

extension ReactionDefinitionViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("aggregate", \.aggregate),
        .text("property", \.property),
        .text("type", \.type),
        .text("applicationProperty", \.applicationProperty),
    ]
}

extension ReactionCaseViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("eventType", \.eventType),
        .text("idType", \.idType),
        .flag("usesPayload", \.usesPayload),
        .flag("usesContext", \.usesContext),
        .flag("customSends", \.customSends),
        .flag("customCallsOut", \.customCallsOut),
        .optional("send", \.send),
    ]
}

extension ReactionSendViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("caseName", \.caseName),
        .text("type", \.type),
        .model("target", \.target),
        .list("arguments", \.arguments),
    ]
}

extension HTTPViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .list("operations", \.operations),
        .list("bodies", \.bodies),
        .list("shapes", \.shapes),
        .list("commandRoutes", \.commandRoutes),
        .list("queryRoutes", \.queryRoutes),
        .list("enums", \.enums),
        .text("openAPIDocumentLiteral", \.openAPIDocumentLiteral),
    ]
}

extension HTTPOperationViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("caseName", \.caseName),
        .text("type", \.type),
        .text("route", \.route),
    ]
}

extension HTTPShapeViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("name", \.name),
        .text("expression", \.expression),
    ]
}

extension HTTPArgumentViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("label", \.label),
        .text("expression", \.expression),
    ]
}

extension HTTPCommandRouteViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("method", \.method),
        .text("pathLiteral", \.pathLiteral),
        .text("route", \.route),
        .text("type", \.type),
        .text("caseName", \.caseName),
        .text("shapeName", \.shapeName),
        .list("arguments", \.arguments),
        .text("definitionProperty", \.definitionProperty),
    ]
}

extension HTTPQueryRouteViewModel: TemplateModel {
    static let templateKeys: [TemplateKey<Self>] = [
        .text("pathLiteral", \.pathLiteral),
        .text("route", \.route),
        .text("responderMethod", \.responderMethod),
        .text("extraArguments", \.extraArguments),
        .text("type", \.type),
        .text("caseName", \.caseName),
        .text("projectionLiteral", \.projectionLiteral),
        .list("arguments", \.arguments),
        .text("answerParameters", \.answerParameters),
        .text("askArguments", \.askArguments),
    ]
}
