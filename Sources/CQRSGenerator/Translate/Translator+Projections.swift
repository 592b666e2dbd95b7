import CQRSSpec

/// Projections: the row type, its `on` entries as Swift statements, and their expressions.
extension Translator {
    func projection(_ projection: Projection) -> ProjectionViewModel {
        let fieldsByName = Dictionary(projection.fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let customEntries = projection.handlers.filter { $0.action == .custom }
        return ProjectionViewModel(
            name: projection.name,
            nameLiteral: SwiftNaming.stringLiteral(projection.name),
            propertyName: applicationName(projection.name, suffix: "Handler"),
            docLines: docLines(projection.description),
            fields: fieldViewModels(projection.fields),
            key: projection.key.map(column),
            indexes: projection.indexes.map { IndexViewModel(columns: $0.map(column)) },
            hasCustom: !customEntries.isEmpty,
            isInline: projection.consistency == .inline,
            customHandlers: customEntries.map {
                CustomHandlerViewModel(
                    eventType: eventSwiftType($0.event),
                    idType: idType(of: $0.event),
                    rowType: rowType(of: projection)
                )
            },
            cases: cases(of: projection, fields: fieldsByName),
            remembered: projection.remembered.map(remembered)
        )
    }

    /// The `on` entries' cases, each remembering what its event carries, then a case for each event the
    /// projection remembers a value from and has no entry for.
    func cases(of projection: Projection, fields: [String: Field]) -> [ProjectionCaseViewModel] {
        var cases = projection.handlers.map { projectionCase($0, projection: projection, fields: fields) }
        for value in projection.remembered {
            let eventType = eventSwiftType(value.event)
            let index: Int
            if let entry = cases.firstIndex(where: { $0.eventType == eventType }) {
                index = entry
            } else {
                cases.append(ProjectionCaseViewModel(eventType: eventType, idType: idType(of: value.event)))
                index = cases.count - 1
            }
            cases[index].remembers.append(remembered(value))
            cases[index].usesPayload = true
        }
        return cases
    }

    /// The local a case reads a remembered value into: `remembered` and the name in UpperCamelCase.
    func rememberedLocal(_ name: String) -> String { "remembered" + SpecNaming.upperCamelCase(name) }

    /// A remembered value as the generated projection looks it up.
    func remembered(_ value: Projection.RememberedValue) -> RememberedValueViewModel {
        RememberedValueViewModel(
            nameLiteral: SwiftNaming.stringLiteral(value.name), field: SwiftNaming.escaped(value.name),
            type: types.spelling(value.type), eventType: eventSwiftType(value.event),
            local: rememberedLocal(value.name),
            method: "recall" + SpecNaming.upperCamelCase(value.name))
    }

    /// A projection's row type, `Shop.UserOrders`.
    func rowType(of projection: Projection) -> String {
        "\(spec.domain).\(projection.name)"
    }

    /// The column of the field named `name`.
    func column(_ name: String) -> ColumnViewModel {
        ColumnViewModel(property: SwiftNaming.escaped(name), columnLiteral: SwiftNaming.stringLiteral(name))
    }

    func projectionCase(
        _ handler: EventHandler,
        projection: Projection,
        fields: [String: Field]
    ) -> ProjectionCaseViewModel {
        let eventType = eventSwiftType(handler.event)
        var usesPayload = false
        var usesContext = false
        var recalls: [String] = []
        /// The EXPR's spelling for a value of `type`, noting whether it reads the payload or the context.
        func value(_ expression: Expression, of type: TypeExpression) -> ValueViewModel {
            switch expression {
            case .eventField: usesPayload = true
            case .streamID, .position, .recordedAt, .version: usesContext = true
            case .remembered(let name): if !recalls.contains(name) { recalls.append(name) }
            case .literal: break
            case .negated(let operand): _ = value(operand, of: type)
            }
            return self.value(expression, type: type)
        }
        func value(_ expression: Expression, for field: String) -> ValueViewModel {
            value(expression, of: fields[field]?.type ?? .named("String"))
        }
        func key(_ expressions: [Expression]) -> [KeyPartViewModel] {
            zip(projection.key, expressions).map { field, expression in
                KeyPartViewModel(
                    value: value(expression, for: field),
                    type: types.spelling(fields[field]?.type ?? .named("String"))
                )
            }
        }
        func assignments(_ values: [FieldAssignment]) -> [ColumnValueViewModel] {
            values.map {
                ColumnValueViewModel(key: SwiftNaming.escaped($0.field), value: value($0.value, for: $0.field))
            }
        }
        var result = ProjectionCaseViewModel(eventType: eventType, idType: idType(of: handler.event))
        switch handler.action {
        case .custom:
            result.custom = CustomEntryViewModel(eventType: eventType)
            usesPayload = true
            usesContext = true
        case .insert(let values, let upsert):
            let write = RowWriteViewModel(
                rowType: rowType(of: projection),
                arguments: values.map {
                    ColumnValueViewModel(
                        key: SwiftNaming.argumentLabel($0.field), value: value($0.value, for: $0.field))
                }
            )
            if upsert { result.upsert = write } else { result.insert = write }
        case .merge(let values, let set, let increment):
            let keyExpressions = projection.key.map { field in
                values.first { $0.field == field }?.value ?? .streamID
            }
            result.merge = RowMergeViewModel(
                key: key(keyExpressions),
                assignments: assignments(set),
                increments: assignments(increment),
                rowType: rowType(of: projection),
                arguments: values.map {
                    ColumnValueViewModel(
                        key: SwiftNaming.argumentLabel($0.field), value: value($0.value, for: $0.field))
                }
            )
        case .update(let keyExpressions, let set, let increment, let append, let remove):
            // The value of an `append` or `remove` is an element of the array field.
            func elements(_ changes: [FieldAssignment]) -> [ColumnValueViewModel] {
                changes.map { change in
                    let element: TypeExpression =
                        if case .array(let element) = fields[change.field]?.type { element } else { .named("String") }
                    return ColumnValueViewModel(
                        key: SwiftNaming.escaped(change.field), value: value(change.value, of: element))
                }
            }
            result.update = RowUpdateViewModel(
                key: key(keyExpressions),
                assignments: assignments(set),
                increments: assignments(increment),
                appends: elements(append),
                removals: elements(remove)
            )
        case .delete(let keyExpressions):
            result.delete = RowDeleteViewModel(key: key(keyExpressions))
        }
        result.usesPayload = usesPayload
        result.usesContext = usesContext
        result.recalls = recalls.compactMap { name in projection.remembered.first { $0.name == name }.map(remembered) }
        return result
    }

    /// An EXPR as the templates spell it inside a generated `apply` (`payload` is the decoded event,
    /// `context` its `CQRS.EventContext`).
    func value(_ expression: Expression, type: TypeExpression) -> ValueViewModel {
        switch expression {
        case .eventField(let name): return ValueViewModel(eventField: NameViewModel(name: SwiftNaming.escaped(name)))
        case .streamID: return ValueViewModel(context: NameViewModel(name: "streamID"))
        case .position: return ValueViewModel(context: NameViewModel(name: "position"))
        case .recordedAt: return ValueViewModel(context: NameViewModel(name: "recordedAt"))
        case .version: return ValueViewModel(context: NameViewModel(name: "version"))
        case .remembered(let name):
            return ValueViewModel(remembered: NameViewModel(name: "remembered" + SpecNaming.upperCamelCase(name)))
        case .literal(let literal):
            return ValueViewModel(literal: LiteralViewModel(literal: types.literal(literal, as: type)))
        case .negated(let operand):
            var negated = value(operand, type: type)
            negated.isNegated = true
            return negated
        }
    }

    func eventSwiftType(_ reference: EventReference) -> String {
        "\(spec.domain).\(reference.aggregate).\(reference.event)"
    }

    func idType(of reference: EventReference) -> String {
        "\(spec.domain).\(reference.aggregate).ID"
    }
}
