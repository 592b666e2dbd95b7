import CQRSSpec

/// Fields: their Swift spelling, defaults, column types, constraint checks and patterns.
extension Translator {
    func fieldViewModels(
        _ fields: [Field],
        withDefaults: Bool = false,
        in structName: String? = nil
    ) -> [FieldViewModel] {
        fields.enumerated().map { index, field in
            let defaultValue: String? =
                if let value = field.defaultValue {
                    types.literal(value, as: field.type)
                } else if field.type.isOptional {
                    "nil"
                } else if withDefaults {
                    types.zeroValue(field.type)
                } else {
                    nil
                }
            return FieldViewModel(
                name: SwiftNaming.escaped(field.name),
                rawName: field.name,
                rawNameLiteral: SwiftNaming.stringLiteral(field.name),
                type: types.spelling(field.type),
                docLines: docLines(field.description),
                defaultValue: defaultValue.map(LiteralViewModel.init(literal:)),
                initialValue: types.initialValue(of: field),
                index: index,
                constructorType: field.type.isOptional
                    ? "Swift.Optional<\(types.spelling(field.type.nonOptional))>" : types.spelling(field.type),
                columnType: types.columnType(field.type),
                nullable: field.type.isOptional,
                indirect: structName.map { types.needsIndirection(field, in: $0) } == true
            )
        }
    }

    func validation(_ field: Field) -> ValidationViewModel? {
        let constraints = field.constraints
        let base = field.type.nonOptional
        let label = SwiftNaming.stringLiteral(field.name)
        var checks: [CheckViewModel] = []
        func bound(_ text: String) -> String {
            types.literal(text.contains(where: { ".eE".contains($0) }) ? .number(text) : .integer(text), as: base)
        }
        if let value = constraints.minimum {
            checks.append(.init(function: "minimum", subject: "value", bound: bound(value), label: label))
        }
        if let value = constraints.maximum {
            checks.append(.init(function: "maximum", subject: "value", bound: bound(value), label: label))
        }
        if let value = constraints.exclusiveMinimum {
            checks.append(.init(function: "exclusiveMinimum", subject: "value", bound: bound(value), label: label))
        }
        if let value = constraints.exclusiveMaximum {
            checks.append(.init(function: "exclusiveMaximum", subject: "value", bound: bound(value), label: label))
        }
        if let value = constraints.minLength {
            checks.append(.init(function: "minLength", subject: "value", bound: "\(value)", label: label))
        }
        if let value = constraints.maxLength {
            checks.append(.init(function: "maxLength", subject: "value", bound: "\(value)", label: label))
        }
        if let value = constraints.minItems {
            checks.append(.init(function: "minItems", subject: "value.count", bound: "\(value)", label: label))
        }
        if let value = constraints.maxItems {
            checks.append(.init(function: "maxItems", subject: "value.count", bound: "\(value)", label: label))
        }
        if constraints.pattern != nil {
            checks.append(
                .init(function: "pattern", subject: "value", bound: "Self.\(patternProperty(field))", label: label))
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
            label: label,
            isOptional: field.type.isOptional,
            checks: checks,
            validatesStruct: validatesStruct,
            validatesElements: validatesElements,
            elementIsOptional: elementIsOptional
        )
    }

    /// Whether a struct's fields (or theirs, transitively) declare any constraint.
    func hasValidation(_ fields: [Field], visited: Set<String> = []) -> Bool {
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

    /// The constraint checks of these fields, or nil when none has a constraint.
    func constraints(_ fields: [Field]) -> ConstraintsViewModel? {
        let validations = fields.compactMap(validation)
        guard !validations.isEmpty else { return nil }
        return ConstraintsViewModel(validations: validations, patterns: patterns(fields))
    }

    func patterns(_ fields: [Field]) -> [PatternViewModel] {
        fields.compactMap { field in
            field.constraints.pattern.map {
                PatternViewModel(propertyName: patternProperty(field), regex: SwiftNaming.stringLiteral($0))
            }
        }
    }

    func patternProperty(_ field: Field) -> String {
        "_\(field.name)Pattern"
    }
}
