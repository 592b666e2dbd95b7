import CQRSSpec

/// The JSON Schemas of a spec's types, as the payload format writes their values: what the OpenAPI
/// document's bodies and parameters refer to.
struct OpenAPISchemas {
    let spec: Spec
    /// The declared types by name.
    let declarations: [String: TypeDeclaration]

    init(spec: Spec) {
        self.spec = spec
        self.declarations = Dictionary(spec.types.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `{"$ref": "#/components/schemas/NAME"}`.
    static func reference(_ name: String) -> JSONText {
        .object([("$ref", .string("#/components/schemas/" + name))])
    }

    /// The schema of a value of `type` (an optional's is its wrapped type's: optional members are not
    /// required, and an absent one is left out of responses).
    func schema(_ type: TypeExpression) -> JSONText {
        switch type {
        case .named(let name):
            if declarations[name] != nil || spec.projections.contains(where: { $0.name == name }) {
                return Self.reference(name)
            }
            return builtin(BuiltinType(rawValue: name) ?? .string)
        case .array(let element):
            return .object([("type", .string("array")), ("items", nullable(element))])
        case .dictionary(let key, let value):
            if case .named(let name) = key, name == BuiltinType.string.rawValue || name == BuiltinType.int.rawValue {
                return .object([("type", .string("object")), ("additionalProperties", nullable(value))])
            }
            // Other keys are written as a flat array of keys and values.
            return .object([("type", .string("array"))])
        case .optional(let wrapped):
            return schema(wrapped)
        }
    }

    /// The schema of an element or a dictionary's value: an optional one may be `null`.
    func nullable(_ type: TypeExpression) -> JSONText {
        guard case .optional(let wrapped) = type else { return schema(type) }
        return .object([("anyOf", .array([schema(wrapped), .object([("type", .string("null"))])]))])
    }

    /// The schema of a builtin type.
    func builtin(_ type: BuiltinType) -> JSONText {
        switch type {
        case .string: .object([("type", .string("string"))])
        case .int, .int64: .object([("type", .string("integer")), ("format", .string("int64"))])
        case .int32: .object([("type", .string("integer")), ("format", .string("int32"))])
        case .uint: .object([("type", .string("integer")), ("minimum", .integer(0))])
        case .double, .decimal: .object([("type", .string("number"))])
        case .float: .object([("type", .string("number")), ("format", .string("float"))])
        case .bool: .object([("type", .string("boolean"))])
        case .date:
            .object([("type", .string("number")), ("description", .string("Seconds since 1970-01-01T00:00:00Z."))])
        case .uuid: .object([("type", .string("string")), ("format", .string("uuid"))])
        case .data: .object([("type", .string("string")), ("contentEncoding", .string("base64"))])
        case .url: .object([("type", .string("string")), ("format", .string("uri"))])
        }
    }

    /// A field's schema: its type's with its constraints, default and description.
    func schema(of field: Field) -> JSONText {
        var extra: [(String, JSONText)] = []
        let constraints = field.constraints
        if let value = constraints.minimum { extra.append(("minimum", .number(value))) }
        if let value = constraints.maximum { extra.append(("maximum", .number(value))) }
        if let value = constraints.exclusiveMinimum { extra.append(("exclusiveMinimum", .number(value))) }
        if let value = constraints.exclusiveMaximum { extra.append(("exclusiveMaximum", .number(value))) }
        if let value = constraints.minLength { extra.append(("minLength", .integer(value))) }
        if let value = constraints.maxLength { extra.append(("maxLength", .integer(value))) }
        if let value = constraints.minItems { extra.append(("minItems", .integer(value))) }
        if let value = constraints.maxItems { extra.append(("maxItems", .integer(value))) }
        if let value = constraints.pattern { extra.append(("pattern", .string(value))) }
        if let literal = field.defaultValue, let value = json(literal, as: field.type), value != .null {
            extra.append(("default", value))
        }
        if let description = field.description { extra.append(("description", .string(description))) }
        return merged(schema(field.type), extra)
    }

    /// `schema` with more keywords (beside a `$ref`, which 3.1 allows).
    func merged(_ schema: JSONText, _ extra: [(String, JSONText)]) -> JSONText {
        guard !extra.isEmpty, case .object(let members) = schema else { return schema }
        return .object(members + extra)
    }

    /// An object of `fields`: every non-optional field required (but, with `defaultsOptional`, one with a
    /// default: a command's body), no other member.
    func object(_ fields: [Field], description: String? = nil, defaultsOptional: Bool = false) -> JSONText {
        var members: [(String, JSONText)] = [("type", .string("object"))]
        if let description { members.append(("description", .string(description))) }
        // An optional member may be `null` (a request may send it so; a response leaves it out).
        members.append(
            (
                "properties",
                .object(
                    fields.map { field in
                        guard field.type.isOptional else { return (field.name, schema(of: field)) }
                        return (
                            field.name,
                            .object([("anyOf", .array([schema(of: field), .object([("type", .string("null"))])]))])
                        )
                    })
            ))
        let required = fields.filter { !$0.type.isOptional && !(defaultsOptional && $0.defaultValue != nil) }
            .map { JSONText.string($0.name) }
        if !required.isEmpty { members.append(("required", .array(required))) }
        members.append(("additionalProperties", .bool(false)))
        return .object(members)
    }

    /// The schema of a declared type.
    func declaration(_ declaration: TypeDeclaration) -> JSONText {
        switch declaration.kind {
        case .structure(let fields):
            return object(fields, description: declaration.description)
        case .enumeration(let cases):
            switch declaration.rawValues {
            case .integers(let values)?:
                return .object([("type", .string("integer")), ("enum", .array(values.map(JSONText.integer)))])
            case .strings(let values)?:
                return .object([("type", .string("string")), ("enum", .array(values.map(JSONText.string)))])
            case nil:
                return .object([("type", .string("string")), ("enum", .array(cases.map(JSONText.string)))])
            }
        case .union(let cases):
            return .object([
                (
                    "oneOf",
                    .array(
                        cases.map { unionCase in
                            .object([
                                ("type", .string("object")),
                                ("properties", .object([(unionCase.name, object(unionCase.fields))])),
                                ("required", .array([.string(unionCase.name)])),
                                ("additionalProperties", .bool(false)),
                            ])
                        })
                )
            ])
        }
    }

    /// A literal as the JSON the payload format writes for it.
    func json(_ literal: Literal, as type: TypeExpression) -> JSONText? {
        switch literal {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .integer(let text), .number(let text): return .number(text)
        case .string(let text), .uuid(let text), .data(let text), .url(let text): return .string(text)
        case .date(let text): return .number(SwiftTypes.epochSeconds(text))
        case .enumCase(let name):
            guard case .named(let typeName) = type.nonOptional, let declaration = declarations[typeName],
                case .enumeration(let cases) = declaration.kind, let index = cases.firstIndex(of: name)
            else { return .string(name) }
            switch declaration.rawValues {
            case .integers(let values)?: return .integer(values[index])
            case .strings(let values)?: return .string(values[index])
            case nil: return .string(name)
            }
        case .emptyArray: return .array([])
        case .emptyDictionary: return .object([])
        }
    }
}
