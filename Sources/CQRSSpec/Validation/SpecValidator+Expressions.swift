extension SpecValidator {
    /// What an EXPR that is not a literal names: a value of the event, with its type and how errors describe it.
    enum Operand {
        /// An event field, `$streamId`, `$position`, `$recordedAt`, `$version` or a remembered value.
        case found(Expression, TypeExpression, described: String)
        /// Nothing of the event: the text is read as a literal.
        case literal
        /// A `$` name that is not the event's metadata (reported).
        case unknown
    }

    /// Reads an EXPR for row field `target`, as a value or (`use: .increment`) an amount added to it: an event
    /// field, `$streamId`, `$position`, `$recordedAt`, `$version`, a remembered value, a literal read for the
    /// target's type, or, in an `increment`, one of the first five negated (`-amount`). Its errors name the use
    /// (`cannot increment 'balance' ('Int') by …`).
    mutating func readExpression(
        _ node: NodeID, into target: Field, use: ExpressionUse = .value, _ context: some EventExpressionContext
    ) -> Expression? {
        let yamlNode = document[node]
        guard yamlNode.kind != .alias else { return nil }
        let text = document.text(of: node)
        // `-amount`, `-$version`: a negated operand, in an `increment` only (`-1` is a literal).
        let negatedOperand = use == .increment ? Self.negatedOperand(text) : nil
        if yamlNode.isPlainScalar {
            switch operand(negatedOperand ?? text, at: node, context) {
            case .unknown:
                return nil
            case .literal:
                break
            case .found(let expression, let type, let described):
                guard let negatedOperand else {
                    guard Self.fits(type, into: target.type) else {
                        error("\(use.cannot(target)) \(described), which is '\(type)'", at: node)
                        return nil
                    }
                    return expression
                }
                guard builtin(type)?.isSigned == true else {
                    error(
                        "\(use.cannot(target)) '-\(negatedOperand)': \(described) is '\(type)', which cannot be negated",
                        at: node,
                        notes: ["only a signed number (Int, Int32, Int64, Double, Float or Decimal) can be negated"])
                    return nil
                }
                guard Self.fits(type, into: target.type) else {
                    error("\(use.cannot(target)) '-\(negatedOperand)': \(described) is '\(type)'", at: node)
                    return nil
                }
                return .negated(expression)
            }
        }
        switch literal(node, for: target.type) {
        case .value(let literal):
            return .literal(literal)
        case .mismatch(let reason):
            var message = "\(use.cannot(target)) '\(text)': \(reason)"
            if yamlNode.isPlainScalar, use == .value, let operand = Self.negatedOperand(text),
                context.eventField(operand) != nil || context.remembered(operand) != nil
            {
                message = "\(use.cannot(target)) '\(text)': only an 'increment' negates a value"
            } else if yamlNode.isPlainScalar {
                let name = negatedOperand ?? text
                let sign = negatedOperand == nil ? "" : "-"
                let fieldNames = context.event.fields.map(\.name)
                if let close = Suggestion.closest(to: name, in: fieldNames) {
                    message =
                        "\(use.cannot(target)) '\(text)': it is not a field of \(context.eventDescription) (did you mean '\(sign)\(close)'?) nor a value of type '\(target.type)'"
                } else if SpecNaming.isLowerCamelCase(name) && target.type.nonOptional != .named("String") {
                    message =
                        "\(use.cannot(target)) '\(text)': it is neither a field of \(context.eventDescription) nor a value of type '\(target.type)'"
                }
            }
            if yamlNode.kind != .scalar {
                message = "\(use.cannot(target)) this value: \(reason)"
            }
            error(message, at: node)
            return nil
        }
    }

    /// `amount` for `-amount` and `$version` for `-$version`: the operand of a negation; `nil` for any other
    /// text (`-1` is a number).
    static func negatedOperand(_ text: String) -> String? {
        guard text.hasPrefix("-") else { return nil }
        let operand = text.dropFirst()
        guard let first = operand.unicodeScalars.first, first == "$" || first.properties.isAlphabetic else {
            return nil
        }
        return String(operand)
    }

    /// What the plain scalar `text` names of the event: `$streamId`, `$position`, `$recordedAt`, `$version` (any
    /// other `$` name is reported), an event field, a value the projection remembers, or nothing (a literal).
    mutating func operand(_ text: String, at node: NodeID, _ context: some EventExpressionContext) -> Operand {
        if text.hasPrefix("$") {
            switch text {
            case "$streamId":
                return .found(.streamID, Self.streamIdentifierType(of: context.aggregate), described: text)
            case "$position": return .found(.position, .named("Int64"), described: text)
            case "$version": return .found(.version, .named("Int64"), described: text)
            case "$recordedAt": return .found(.recordedAt, .named("Date"), described: text)
            default:
                let suggestion = Suggestion.didYouMean(text, in: ["$streamId", "$position", "$version", "$recordedAt"])
                error(
                    "unknown '\(text)'\(suggestion)", at: node,
                    notes: ["the event's metadata is $streamId, $position, $recordedAt or $version"])
                return .unknown
            }
        }
        if let source = context.eventField(text) {
            return .found(
                .eventField(text), source.type, described: "the field '\(text)' of \(context.eventDescription)")
        }
        if let remembered = context.remembered(text) {
            guard context.carries(remembered) else {
                error(context.neverCarried(remembered), at: node)
                return .unknown
            }
            return .found(.remembered(text), remembered.type, described: "the remembered '\(text)'")
        }
        return .literal
    }
}
