/// The reading of a YAML value as a literal of some type.
enum LiteralOutcome {
    /// The value fits: here it is.
    case value(Literal)
    /// It does not fit, for this reason (e.g. "'abc' is not a whole number").
    case mismatch(String)
}

/// A number that fits its type, in canonical decimal text.
struct NumberLiteral {
    /// The canonical text (`"2500"` for `2.5e3`).
    var canonicalText: String
    /// Whether it was written with a fraction or an exponent.
    var isWrittenAsFraction: Bool
}

/// Why a number does not fit its type.
struct NumberMismatch: Error {
    /// The reason, e.g. "'300' is above the largest Int32".
    var reason: String
}

extension SpecValidator {
    /// The range of `Int` and `Int64`.
    static let int64Range =
        DecimalNumber(
            integerText: "-9223372036854775808")...DecimalNumber(
            integerText: "9223372036854775807")
    /// The range of `Int32`.
    static let int32Range = DecimalNumber(integerText: "-2147483648")...DecimalNumber(integerText: "2147483647")
    /// The range of `UInt`.
    static let uintRange = DecimalNumber(integerText: "0")...DecimalNumber(integerText: "18446744073709551615")

    /// Reads `node` as a value of `type`, by what the type expects rather than by YAML's implicit
    /// typing: `010` for an `Int` is ten, `yes` for an enum is the case `yes`, `null` only fits an
    /// optional.
    func literal(_ node: NodeID, for type: TypeExpression) -> LiteralOutcome {
        let yamlNode = document[node]
        if document.isNull(node) {
            return type.isOptional || type.isInvalid
                ? .value(.null) : .mismatch("null fits only an optional type such as '\(type)?'")
        }
        switch type {
        case .optional(let wrapped):
            return literal(node, for: wrapped)
        case .array:
            if yamlNode.kind == .sequence, document.items(of: node).isEmpty { return .value(.emptyArray) }
            return .mismatch("an array literal can only be empty, '[]'")
        case .dictionary:
            if yamlNode.kind == .mapping, document.pairs(of: node).isEmpty { return .value(.emptyDictionary) }
            return .mismatch("a dictionary literal can only be empty, '{}'")
        case .named(let name):
            if let index = typeIndex[name] {
                let declared = declaredTypes[index]
                if declared.isBroken { return .value(.null) }
                if declared.unionCases != nil { return .mismatch("a union such as '\(name)' has no literal form") }
                if declared.cases == nil { return .mismatch("a struct such as '\(name)' has no literal form") }
            }
            guard yamlNode.kind == .scalar else {
                return .mismatch("expected a single value, not a \(yamlNode.kind == .mapping ? "mapping" : "list")")
            }
            let text = document.text(of: node)
            if let builtin = BuiltinType(rawValue: name) {
                return Self.literal(text, for: builtin)
            }
            if let cases = enumCases(of: type) {
                if cases.contains(text) { return .value(.enumCase(text)) }
                return .mismatch("'\(text)' is not a case of '\(name)'\(Suggestion.didYouMean(text, in: cases))")
            }
            return .value(.string(text))  // the placeholder of an invalid type
        }
    }

    /// Reads the text of a scalar as a value of a builtin type.
    static func literal(_ text: String, for builtin: BuiltinType) -> LiteralOutcome {
        switch builtin {
        case .string:
            return .value(.string(text))
        case .bool:
            if let value = LiteralSyntax.bool(text) { return .value(.bool(value)) }
            return .mismatch("'\(text)' is not true or false")
        case .int, .int32, .int64, .uint, .double, .float, .decimal:
            switch number(text, for: builtin) {
            case .success(let number):
                let canonical = number.canonicalText
                return .value(number.isWrittenAsFraction ? .number(canonical) : .integer(canonical))
            case .failure(let failure):
                return .mismatch(failure.reason)
            }
        case .date:
            if LiteralSyntax.isTimestamp(text) { return .value(.date(text)) }
            return .mismatch("'\(text)' is not an ISO 8601 timestamp such as '2024-05-01T12:00:00Z'")
        case .uuid:
            if let canonical = LiteralSyntax.canonicalUUID(text) { return .value(.uuid(canonical)) }
            return .mismatch("'\(text)' is not a UUID such as 'E621E1F8-C36C-495A-93FC-0C247A3E6E5F'")
        case .data:
            if LiteralSyntax.isBase64(text) { return .value(.data(text)) }
            return .mismatch("'\(text)' is not base64 text")
        case .url:
            if LiteralSyntax.isAbsoluteURL(text) { return .value(.url(text)) }
            return .mismatch("'\(text)' is not an absolute URL such as 'https://example.com'")
        }
    }

    /// Reads the text of a scalar as a number of a numeric builtin, checking its range.
    static func number(_ text: String, for builtin: BuiltinType) -> Result<NumberLiteral, NumberMismatch> {
        if let value = DecimalNumber.plainInteger(text) {
            let fits: Bool
            switch builtin {
            case .int32: fits = value >= Int(Int32.min) && value <= Int(Int32.max)
            case .uint: fits = value >= 0
            default: fits = true  // 18 digits fit every other numeric type
            }
            guard fits else {
                return .failure(NumberMismatch(reason: "'\(text)' is out of the range of '\(builtin.rawValue)'"))
            }
            return .success(NumberLiteral(canonicalText: String(value), isWrittenAsFraction: false))
        }
        guard let number = DecimalNumber(text) else {
            return .failure(NumberMismatch(reason: "'\(text)' is not a number"))
        }
        guard number.isWithinExponentLimit else {
            return .failure(NumberMismatch(reason: "'\(text)' is out of the range of '\(builtin.rawValue)'"))
        }
        if builtin.isInteger {
            guard !number.isWrittenAsFraction else {
                return .failure(NumberMismatch(reason: "'\(text)' is not a whole number"))
            }
            let range = builtin == .uint ? uintRange : builtin == .int32 ? int32Range : int64Range
            guard range.contains(number) else {
                return .failure(NumberMismatch(reason: "'\(text)' is out of the range of '\(builtin.rawValue)'"))
            }
            return .success(NumberLiteral(canonicalText: number.canonicalText, isWrittenAsFraction: false))
        }
        let fits: Bool
        switch builtin {
        case .double: fits = Double(number.canonicalText)?.isFinite ?? false
        case .float: fits = Float(number.canonicalText)?.isFinite ?? false
        // Foundation's Decimal holds up to about 3.4 × 10^165.
        default: fits = number.digits.isEmpty || number.magnitude <= 165
        }
        guard fits else {
            return .failure(NumberMismatch(reason: "'\(text)' is out of the range of '\(builtin.rawValue)'"))
        }
        return .success(
            NumberLiteral(canonicalText: number.canonicalText, isWrittenAsFraction: number.isWrittenAsFraction))
    }
}
