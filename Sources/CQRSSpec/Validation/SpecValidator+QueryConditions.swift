/// `where:` of a query of many rows: each row field maps comparisons to the query's parameters.
///
/// ```yaml
/// where:
///   cardId: { startsWith: idPrefix? }
///   remaining: { atLeast: minRemaining?, lessThan: maxRemaining? }
///   status: { in: statuses }
/// ```
extension SpecValidator {
    /// The conditions of `node`, checked against the projection's fields; `taken` holds the query's other
    /// parameter names (its `by` fields).
    mutating func readConditions(
        _ node: NodeID, of projection: Projection?, taken: [String], in context: @autoclosure () -> String
    ) -> [Query.Condition] {
        var conditions: [Query.Condition] = []
        var parameters = Set(taken)
        for (fieldKey, comparisons) in mapping(node, what: "'where' of \(context())") {
            guard let fieldName = string(fieldKey, what: "a field of 'where'") else { continue }
            let field = projection?.fields.first { $0.name == fieldName }
            if let projection, field == nil {
                error(
                    "'where' of \(context()) names '\(fieldName)', which is not a field of projection '\(projection.name)'\(Suggestion.didYouMean(fieldName, in: projection.fields.map(\.name)))",
                    at: fieldKey)
            }
            let pairs = mapping(comparisons, what: "the conditions on '\(fieldName)'")
            if pairs.isEmpty, document[comparisons].kind != .alias {
                error(
                    "'where' of \(context()) has no condition on '\(fieldName)'", at: comparisons,
                    notes: ["compare it with a parameter, like `\(fieldName): { equals: \(fieldName) }`"])
            }
            for (comparisonKey, parameterNode) in pairs {
                guard let text = string(comparisonKey, what: "a comparison"),
                    let parameterText = string(parameterNode, what: "the parameter of '\(text)'")
                else { continue }
                guard
                    let comparison = Query.Condition.Comparison(rawValue: text)
                        ?? Query.Condition.Comparison.symbols[text]
                else {
                    let names = Query.Condition.Comparison.allCases.map(\.rawValue)
                    error(
                        "unknown comparison '\(text)' on '\(fieldName)'\(Suggestion.didYouMean(text, in: names))",
                        at: comparisonKey,
                        notes: ["the comparisons are \(names.joined(separator: ", ")) (or =, >, >=, <, <=)"])
                    continue
                }
                let isOptional = parameterText.hasSuffix("?")
                let parameter = isOptional ? String(parameterText.dropLast()) : parameterText
                guard SpecNaming.isLowerCamelCase(parameter) else {
                    error(
                        "the parameter of '\(text)' on '\(fieldName)' is '\(parameterText)'; it is a lowerCamelCase name, with '?' after it when it may be absent",
                        at: parameterNode, notes: ["name it like '\(likeLowerCamel(parameter))'"])
                    continue
                }
                guard !SpecNaming.reservedFieldNames.contains(parameter) else {
                    error(
                        "the parameter of '\(text)' on '\(fieldName)' is '\(parameter)', a name the generated query reserves",
                        at: parameterNode, notes: ["rename it"])
                    continue
                }
                guard parameters.insert(parameter).inserted else {
                    error(
                        "parameter '\(parameter)' of \(context()) is declared twice", at: parameterNode,
                        notes: ["each condition takes a parameter of its own name"])
                    continue
                }
                guard let field, !field.type.isInvalid,
                    let type = parameterType(comparison, written: text, on: field, at: comparisonKey, in: context())
                else { continue }
                conditions.append(
                    Query.Condition(
                        field: fieldName, comparison: comparison, parameter: parameter,
                        parameterType: isOptional ? .optional(type) : type, isOptional: isOptional,
                        location: document[comparisonKey].location))
            }
        }
        return conditions
    }

    /// The type of the parameter `comparison` (spelled `written`) compares `field` with, or an error when
    /// the field's type does not take the comparison.
    private mutating func parameterType(
        _ comparison: Query.Condition.Comparison, written: String, on field: Field, at node: NodeID, in context: String
    ) -> TypeExpression? {
        var type = field.type
        if case .optional(let wrapped) = type { type = wrapped }
        let scalar = builtin(type) != nil || enumCases(of: type) != nil
        func refuse(_ reason: String, _ fix: String) -> TypeExpression? {
            error(
                "'\(written)' cannot compare '\(field.name)' of \(context): \(reason)", at: node,
                notes: [fix])
            return nil
        }
        switch comparison {
        case .equals, .in:
            guard scalar else {
                return refuse(
                    "it is '\(field.type)'; only builtin values and enums are compared", "compare another field")
            }
            return comparison == .in ? .array(type) : type
        case .startsWith:
            guard builtin(type) == .string else {
                return refuse("it is '\(field.type)', not 'String'", "a prefix applies to a String field")
            }
            return type
        case .greaterThan, .atLeast, .lessThan, .atMost:
            guard let builtin = builtin(type), builtin.isNumeric || [.string, .date, .uuid].contains(builtin) else {
                return refuse(
                    "it is '\(field.type)', whose values have no order in the read store",
                    "a range applies to numbers, String, Date and UUID fields")
            }
            return type
        }
    }
}
