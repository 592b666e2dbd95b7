import Foundation

/// Whether a `pattern` constraint compiles, and the compiled expression when it does.
struct PatternCheck {
    /// The compiled expression, `nil` when the pattern does not compile.
    var expression: NSRegularExpression?
    /// Why it does not compile.
    var failure: String?
}

extension SpecValidator {
    /// Reads a `fields` mapping: each field in short form (`name: Type`) or long form
    /// (`name: { type: Type, default: …, minimum: … }`). `owner` describes where the fields are
    /// declared, e.g. `command 'PlaceOrder'`.
    mutating func readFields(_ node: NodeID, in owner: @autoclosure () -> String) -> [Field] {
        let pairs = mapping(node, what: "'fields' of \(owner())")
        var fields: [Field] = []
        fields.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            guard let name = name(key, in: "the fields of \(owner())") else { continue }
            checkFieldName(name, in: owner(), at: key)
            fields.append(readField(name, key: key, value: value))
        }
        return fields
    }

    /// Whether a field's value is its long form (a mapping of `type`, `default`, …) rather than a
    /// type written as a flow mapping (`{String: Int}`, whose one key is a type name).
    func isLongFormField(_ value: NodeID) -> Bool {
        guard document[value].kind == .mapping else { return false }
        let pairs = document.pairs(of: value)
        guard pairs.count == 1, let pair = pairs.first else { return true }
        if document[pair.key].kind != .scalar { return false }
        return document.withTextBytes(of: pair.key) { bytes in
            guard let first = bytes.first else { return true }
            return !(first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") || first == UInt8(ascii: "["))
        }
    }

    /// Reads one field, checking its constraints and default against its type.
    mutating func readField(_ name: String, key: NodeID, value: NodeID) -> Field {
        let location = document[key].location
        guard isLongFormField(value) else {
            return Field(name: name, type: typeExpression(value), location: location)
        }
        var typeNode: NodeID?
        var description: String?
        var defaultNode: NodeID?
        var constraintNodes: [(key: FieldKey, keyNode: NodeID, value: NodeID)] = []
        for (attributeKey, attributeValue) in document.pairs(of: value) {
            guard let attribute = self.key(attributeKey, as: FieldKey.self, in: "field '\(name)'") else { continue }
            switch attribute {
            case .type: typeNode = attributeValue
            case .description: description = string(attributeValue, what: "'description'")
            case .defaultValue: defaultNode = attributeValue
            default: constraintNodes.append((attribute, attributeKey, attributeValue))
            }
        }
        guard let typeNode else {
            missingKey(
                "type", in: value, "field '\(name)' has no 'type'", at: location,
                notes: ["the long form of a field is `\(name): { type: T, … }`"])
            return Field(name: name, type: .invalid, description: description, location: location)
        }
        let type = typeExpression(typeNode)
        var field = Field(name: name, type: type, description: description, location: location)
        guard !type.isInvalid else { return field }
        for constraint in constraintNodes {
            readConstraint(constraint.key, keyNode: constraint.keyNode, value: constraint.value, into: &field)
        }
        checkConstraintBounds(of: field, constraintNodes)
        if let defaultNode {
            switch literal(defaultNode, for: type) {
            case .value(let literal):
                field.defaultValue = literal
                checkDefault(literal, of: field, at: defaultNode)
            case .mismatch(let reason):
                report(defaultNode, "default of field '\(name)' does not fit its type '\(type)': \(reason)")
            }
        }
        return field
    }

    // MARK: Constraints

    /// Reads one constraint of `field` into its constraints, after checking that it applies to the field's type;
    /// errors name the field as `subject` (`field 'name'` unless told).
    mutating func readConstraint(
        _ constraint: FieldKey, keyNode: NodeID, value: NodeID, into field: inout Field, subject: String? = nil
    ) {
        let base = field.type.nonOptional
        let subject = subject ?? "field '\(field.name)'"
        func fieldText() -> String { "\(subject) is '\(field.type)'" }
        switch constraint {
        case .minimum, .maximum, .exclusiveMinimum, .exclusiveMaximum:
            guard let builtin = builtin(base), builtin.isNumeric else {
                error("'\(constraint.rawValue)' applies only to numbers, but \(fieldText())", at: keyNode)
                return
            }
            guard document[value].kind == .scalar else {
                report(value, "'\(constraint.rawValue)' must be a number")
                return
            }
            let text = document.text(of: value)
            switch Self.number(text, for: builtin) {
            case .failure(let reason):
                error(
                    "'\(constraint.rawValue)' of \(subject) does not fit '\(builtin.rawValue)': \(reason.reason)",
                    at: value)
            case .success(let number):
                let canonical = number.canonicalText
                switch constraint {
                case .minimum: field.constraints.minimum = canonical
                case .maximum: field.constraints.maximum = canonical
                case .exclusiveMinimum: field.constraints.exclusiveMinimum = canonical
                default: field.constraints.exclusiveMaximum = canonical
                }
            }
        case .minItems, .maxItems:
            guard case .array = base else {
                error("'\(constraint.rawValue)' applies only to arrays, but \(fieldText())", at: keyNode)
                return
            }
            guard let count = integer(value, what: "'\(constraint.rawValue)'", minimum: 0) else { return }
            if constraint == .minItems {
                field.constraints.minItems = count
            } else {
                field.constraints.maxItems = count
            }
        case .minLength, .maxLength:
            guard builtin(base) == .string else {
                error("'\(constraint.rawValue)' applies only to strings, but \(fieldText())", at: keyNode)
                return
            }
            guard let count = integer(value, what: "'\(constraint.rawValue)'", minimum: 0) else { return }
            if constraint == .minLength {
                field.constraints.minLength = count
            } else {
                field.constraints.maxLength = count
            }
        case .pattern:
            guard builtin(base) == .string else {
                error("'pattern' applies only to strings, but \(fieldText())", at: keyNode)
                return
            }
            guard let pattern = string(value, what: "'pattern'") else { return }
            let check = compile(pattern)
            if let failure = check.failure {
                error("'pattern' of \(subject) is not a valid regular expression: \(failure)", at: value)
            } else {
                field.constraints.pattern = pattern
            }
        case .type, .description, .defaultValue:
            break
        }
    }

    mutating func compile(_ pattern: String) -> PatternCheck {
        if let cached = patternCache[pattern] { return cached }
        let check: PatternCheck
        do {
            check = PatternCheck(expression: try NSRegularExpression(pattern: pattern), failure: nil)
        } catch {
            check = PatternCheck(expression: nil, failure: "'\(pattern)' does not compile")
        }
        patternCache[pattern] = check
        return check
    }

    /// Reports a lower bound above its upper bound (`minLength: 5, maxLength: 2`), naming the field as `subject`
    /// (`field 'name'` unless told).
    mutating func checkConstraintBounds(
        of field: Field, _ nodes: [(key: FieldKey, keyNode: NodeID, value: NodeID)], subject: String? = nil
    ) {
        guard nodes.count > 1 else { return }
        let subject = subject ?? "field '\(field.name)'"
        let constraints = field.constraints
        func node(_ key: FieldKey) -> NodeID? { nodes.first { $0.key == key }?.value }
        func check(_ lower: Int?, _ upper: Int?, _ lowerKey: FieldKey, _ upperKey: FieldKey) {
            if let lower, let upper, lower > upper, let at = node(upperKey) {
                error(
                    "'\(upperKey.rawValue)' \(upper) of \(subject) is below its '\(lowerKey.rawValue)' \(lower)",
                    at: at)
            }
        }
        check(constraints.minItems, constraints.maxItems, .minItems, .maxItems)
        check(constraints.minLength, constraints.maxLength, .minLength, .maxLength)
        let lowers: [(FieldKey, String?)] = [
            (.minimum, constraints.minimum), (.exclusiveMinimum, constraints.exclusiveMinimum),
        ]
        let uppers: [(FieldKey, String?)] = [
            (.maximum, constraints.maximum), (.exclusiveMaximum, constraints.exclusiveMaximum),
        ]
        for (lowerKey, lowerText) in lowers {
            for (upperKey, upperText) in uppers {
                guard let lowerText, let upperText, let at = node(upperKey),
                    let upperIsLess = DecimalNumber.isLess(upperText, than: lowerText),
                    let lowerIsLess = DecimalNumber.isLess(lowerText, than: upperText)
                else { continue }
                let empty = lowerKey == .minimum && upperKey == .maximum ? upperIsLess : !lowerIsLess
                if empty {
                    error(
                        "'\(upperKey.rawValue)' \(upperText) of \(subject) leaves no value above its '\(lowerKey.rawValue)' \(lowerText)",
                        at: at
                    )
                }
            }
        }
    }

    /// Reports a default that violates its field's own constraints.
    mutating func checkDefault(_ literal: Literal, of field: Field, at node: NodeID) {
        let constraints = field.constraints
        var violations: [String] = []
        switch literal {
        case .integer(let text), .number(let text):
            if let minimum = constraints.minimum, DecimalNumber.isLess(text, than: minimum) == true {
                violations.append("minimum \(minimum)")
            }
            if let maximum = constraints.maximum, DecimalNumber.isLess(maximum, than: text) == true {
                violations.append("maximum \(maximum)")
            }
            if let minimum = constraints.exclusiveMinimum, DecimalNumber.isLess(minimum, than: text) == false {
                violations.append("exclusiveMinimum \(minimum)")
            }
            if let maximum = constraints.exclusiveMaximum, DecimalNumber.isLess(text, than: maximum) == false {
                violations.append("exclusiveMaximum \(maximum)")
            }
        case .string(let text):
            let length = text.count
            if let minimum = constraints.minLength, length < minimum { violations.append("minLength \(minimum)") }
            if let maximum = constraints.maxLength, length > maximum { violations.append("maxLength \(maximum)") }
            if let pattern = constraints.pattern, let expression = compile(pattern).expression,
                expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil
            {
                violations.append("pattern '\(pattern)'")
            }
        case .emptyArray:
            if let minimum = constraints.minItems, minimum > 0 { violations.append("minItems \(minimum)") }
        default:
            break
        }
        if !violations.isEmpty {
            error(
                "default of field '\(field.name)' violates its \(violations.joined(separator: ", "))",
                at: node
            )
        }
    }
}
