extension TypeExpression {
    /// The placeholder for a type whose problem was already reported; it matches every type, so
    /// that one mistake is not reported again by each check that uses it.
    static let invalid = TypeExpression.named("")

    /// Whether this is the placeholder of an already reported problem.
    var isInvalid: Bool { self == .invalid }
}

extension SpecValidator {
    /// Which named types a type expression may use.
    enum TypeScope {
        /// Builtins and declared types.
        case values
        /// Builtins, declared types and projection row types (a custom query's `returns`).
        case results
    }

    // MARK: Declared types

    /// Registers every declared type with its kind, reading enum cases right away (literals of an
    /// enum type need them); struct fields are read by ``readTypes()`` once all names are known.
    mutating func registerTypes(_ section: NodeID?) {
        for (key, value) in mapping(section, what: "'types'") {
            guard let name = name(key, in: "'types'") else { continue }
            registerGlobalName(name, kind: "type", at: key)
            var cases: [String]?
            var rawValues: TypeDeclaration.RawValues?
            var union: (cases: [TypeDeclaration.UnionCase], nodes: [NodeID])?
            var hasFields = false
            for (typeKey, typeValue) in mapping(value, what: "type '\(name)'") {
                guard let which = self.key(typeKey, as: TypeKey.self, in: "type '\(name)'") else { continue }
                switch which {
                case .cases where isUnion(typeValue): union = readUnionCases(typeValue, of: name)
                case .cases: (cases, rawValues) = readCases(typeValue, of: name)
                case .fields: hasFields = true
                case .description: _ = string(typeValue, what: "'description'")
                }
            }
            let hasCases = cases != nil || union != nil
            let isBroken = !hasCases && !hasFields || hasCases && hasFields || cases?.isEmpty == true
            if hasCases, hasFields {
                error("type '\(name)' has both 'fields' and 'cases'; a type is a struct or an enum", at: key)
            } else if !hasCases, !hasFields, document[value].kind != .alias {
                error(
                    "type '\(name)' has neither 'fields' (a struct) nor 'cases' (an enum)",
                    at: key,
                    notes: ["declare a struct with `fields: { … }` or an enum with `cases: [ … ]`"]
                )
            }
            if typeIndex[name] == nil {
                typeIndex[name] = declaredTypes.count
            }
            var declared = DeclaredType(
                name: name, location: document[key].location, node: value, cases: cases, rawValues: rawValues,
                unionCases: union?.cases, unionCaseNodes: union?.nodes ?? [])
            declared.isBroken = isBroken
            declaredTypes.append(declared)
        }
    }

    /// Whether `cases` declares a tagged union: a mapping whose values are mappings (`fromAgent: { fields: … }`).
    func isUnion(_ node: NodeID) -> Bool {
        document[node].kind == .mapping && document.pairs(of: node).contains { document[$0.1].kind == .mapping }
    }

    /// The cases of a tagged union, each a mapping with its `fields` (read later) and `description`.
    mutating func readUnionCases(_ node: NodeID, of type: String) -> (
        cases: [TypeDeclaration.UnionCase], nodes: [NodeID]
    ) {
        var cases: [TypeDeclaration.UnionCase] = []
        var nodes: [NodeID] = []
        for (key, value) in document.pairs(of: node) {
            guard let name = string(key, what: "a case of union '\(type)'") else { continue }
            guard document[value].kind == .mapping else {
                error(
                    "case '\(name)' of union '\(type)' must be a mapping with its fields, like `\(name): { fields: { … } }`",
                    at: value,
                    notes: ["every case of a union carries fields; a plain enum lists its cases: `cases: [a, b]`"])
                continue
            }
            let typeName = SpecNaming.upperCamelCase(name)
            if !SpecNaming.isLowerCamelCase(name) {
                error("case name '\(name)' must be a lowerCamelCase Swift identifier\(likeLowerCamel(name))", at: key)
            } else if let member = SpecNaming.unionMemberNames[name] ?? SpecNaming.enumMemberNames[name] {
                error("case '\(name)' of union '\(type)' clashes with \(member)", at: key)
            } else if typeName == type {
                error(
                    "case '\(name)' of union '\(type)' would name the type of its fields '\(typeName)', the union's own name",
                    at: key, notes: ["rename the case"])
            }
            var description: String?
            for (caseKey, caseValue) in mapping(value, what: "case '\(name)' of union '\(type)'") {
                guard let which = self.key(caseKey, as: UnionCaseKey.self, in: "case '\(name)' of union '\(type)'")
                else { continue }
                if which == .description { description = string(caseValue, what: "'description'") }
            }
            cases.append(.init(name: name, description: description, fields: [], location: document[key].location))
            nodes.append(value)
        }
        if cases.isEmpty { error("union '\(type)' has no cases", at: node) }
        return (cases, nodes)
    }

    /// `cases: [a, b]` (each stored as its name) or `cases: { a: 1, b: 8 }` (explicit raw values: all whole
    /// numbers, or all text, each once).
    mutating func readCases(_ node: NodeID, of type: String) -> ([String], TypeDeclaration.RawValues?) {
        let isMapping = document[node].kind == .mapping
        guard document[node].kind == .sequence || isMapping else {
            report(node, "'cases' of enum '\(type)' must be a list of case names, or case names with their raw values")
            return ([], nil)
        }
        var cases: [String] = []
        let entries: [(name: NodeID, value: NodeID?)] =
            isMapping ? document.pairs(of: node).map { ($0.0, $0.1) } : document.items(of: node).map { ($0, nil) }
        var values: [(text: String, node: NodeID)] = []
        for (item, value) in entries {
            guard let name = string(item, what: "a case of enum '\(type)'") else { continue }
            if !SpecNaming.isLowerCamelCase(name) {
                error("case name '\(name)' must be a lowerCamelCase Swift identifier\(likeLowerCamel(name))", at: item)
            } else if let member = SpecNaming.enumMemberNames[name] {
                error("case '\(name)' of enum '\(type)' clashes with \(member)", at: item)
            } else if cases.contains(name) {
                error("duplicate case '\(name)' in enum '\(type)'", at: item)
            }
            cases.append(name)
            if let value, let text = string(value, what: "the raw value of case '\(name)' of enum '\(type)'") {
                values.append((text, value))
            }
        }
        if cases.isEmpty, entries.isEmpty {
            error("enum '\(type)' has no cases", at: node)
        }
        guard isMapping, values.count == cases.count else { return (cases, nil) }
        return (cases, rawValues(values, of: type))
    }

    /// Explicit raw values: whole numbers when every one is a plain whole number, else text; each once.
    mutating func rawValues(_ values: [(text: String, node: NodeID)], of type: String) -> TypeDeclaration.RawValues? {
        let numbers = values.map { value in
            document[value.node].style == .plain ? Int(value.text) : nil
        }
        let rawValues: TypeDeclaration.RawValues
        if numbers.allSatisfy({ $0 != nil }) {
            rawValues = .integers(numbers.compactMap { $0 })
        } else if let number = numbers.firstIndex(where: { $0 != nil }) {
            error(
                "the raw values of enum '\(type)' are all whole numbers or all text; '\(values[number].text)' is a number among text",
                at: values[number].node, notes: ["quote it to make it text: '\"\(values[number].text)\"'"])
            return nil
        } else {
            rawValues = .strings(values.map(\.text))
        }
        let texts: [String] =
            switch rawValues {
            case .integers(let numbers): numbers.map(String.init)
            case .strings(let strings): strings
            }
        var seen: Set<String> = []
        for (text, value) in zip(texts, values) where !seen.insert(text).inserted {
            error("raw value \(text) appears twice in enum '\(type)'", at: value.node)
            return nil
        }
        return rawValues
    }

    /// Reads the fields of every declared struct, then reports structs that contain themselves.
    mutating func readTypes() {
        for index in declaredTypes.indices where declaredTypes[index].cases == nil {
            let declared = declaredTypes[index]
            if let unionCases = declared.unionCases {
                readUnionFields(of: index, unionCases)
                continue
            }
            if let fields = document.value(of: declared.node, forKey: "fields") {
                declaredTypes[index].fields = readFields(fields, in: "type '\(declared.name)'")
                checkGeneratedMembers(
                    of: declaredTypes[index].fields, in: "type '\(declared.name)'",
                    members: SpecNaming.structMemberNames, kind: "struct")
            }
        }
        reportRecursiveStructs()
    }

    /// Reads the fields of each case of a union: the case's struct's fields; every case's fields together
    /// are the union's for the cycle check (a union holds any one of its cases by value).
    mutating func readUnionFields(of index: Int, _ unionCases: [TypeDeclaration.UnionCase]) {
        let declared = declaredTypes[index]
        for (position, unionCase) in unionCases.enumerated() {
            let context = "case '\(unionCase.name)' of union '\(declared.name)'"
            guard let fieldsNode = document.value(of: declared.unionCaseNodes[position], forKey: "fields") else {
                continue  // a case without fields carries an empty struct
            }
            let fields = readFields(fieldsNode, in: context)
            checkGeneratedMembers(of: fields, in: context, members: SpecNaming.structMemberNames, kind: "struct")
            for field in fields where field.constraints != FieldConstraints() {
                error(
                    "field '\(field.name)' of \(context) has constraints; a union's fields take none yet",
                    at: field.location, notes: ["check the value in your `decide`, or make the field's type a struct"])
            }
            declaredTypes[index].unionCases?[position].fields = fields
            declaredTypes[index].fields += fields
        }
    }

    /// Reports each cycle of structs that contain one another by value (not through an array,
    /// dictionary or optional), once, at the first struct of the cycle in file order.
    mutating func reportRecursiveStructs() {
        // State per type: 0 unvisited, 1 on the current path, 2 done.
        var state = [UInt8](repeating: 0, count: declaredTypes.count)
        var path: [(type: Int, field: String)] = []
        var reported: Set<[Int]> = []

        func successors(_ type: Int) -> [(Int, String)] {
            declaredTypes[type].fields.compactMap { field in
                if case .named(let name) = field.type, let next = typeIndex[name], declaredTypes[next].cases == nil {
                    return (next, field.name)
                }
                return nil
            }
        }

        func visit(_ type: Int, cycles: inout [[(type: Int, field: String)]]) {
            state[type] = 1
            for (next, field) in successors(type) {
                path.append((type, field))
                if state[next] == 1, let start = path.firstIndex(where: { $0.type == next }) {
                    cycles.append(Array(path[start...]))
                } else if state[next] == 0 {
                    visit(next, cycles: &cycles)
                }
                path.removeLast()
            }
            state[type] = 2
        }

        var cycles: [[(type: Int, field: String)]] = []
        for type in declaredTypes.indices where state[type] == 0 && declaredTypes[type].cases == nil {
            visit(type, cycles: &cycles)
        }
        for cycle in cycles {
            let members = cycle.map(\.type)
            guard reported.insert(members.sorted()).inserted else { continue }
            // Start the description at the member declared first.
            let first = members.indices.min { members[$0] < members[$1] }!
            let ordered = Array(cycle[first...] + cycle[..<first])
            let head = declaredTypes[ordered[0].type].name
            let steps = ordered.map { "\(declaredTypes[$0.type].name).\($0.field)" }.joined(separator: " → ")
            error(
                "struct '\(head)' contains itself: \(steps) → \(head)",
                at: declaredTypes[ordered[0].type].location,
                notes: ["break the cycle by making one of these fields optional, an array or a dictionary"]
            )
        }
    }

    // MARK: Type expressions

    /// Reads a type expression written as text (`"[String: Int]?"`), as a flow sequence of one
    /// (`[LineItem]`) or as a flow mapping of one (`{String: Int}`); reports problems and returns
    /// ``TypeExpression/invalid`` for them.
    mutating func typeExpression(_ node: NodeID, scope: TypeScope = .values) -> TypeExpression {
        let resolved: TypeExpression
        switch document[node].kind {
        case .alias:
            return .invalid
        case .scalar:
            let text = document.text(of: node)
            guard !document.isNull(node) else {
                error("missing type", at: node)
                return .invalid
            }
            // Specs repeat the same few type texts; each is parsed and checked once.
            if scope == .values, let known = typeCache[text] { return known }
            switch TypeExpressionParser.parse(text) {
            case .success(let type):
                resolved = type
            case .failure(let failure):
                error("invalid type '\(text)': \(failure.message)", at: node)
                return .invalid
            }
        case .sequence:
            let items = document.items(of: node)
            guard items.count == 1, let element = items.first else {
                error("an array type is written with one element type, like '[LineItem]'", at: node)
                return .invalid
            }
            let elementType = typeExpression(element, scope: scope)
            return elementType.isInvalid ? .invalid : .array(elementType)
        case .mapping:
            let pairs = document.pairs(of: node)
            guard pairs.count == 1, let pair = pairs.first else {
                error("a dictionary type is written with one key and one value type, like '{String: Int}'", at: node)
                return .invalid
            }
            let keyType = typeExpression(pair.key, scope: scope)
            let valueType = typeExpression(pair.value, scope: scope)
            guard !keyType.isInvalid, !valueType.isInvalid else { return .invalid }
            resolved = .dictionary(key: keyType, value: valueType)
        }
        guard checkNames(in: resolved, at: node, scope: scope) else { return .invalid }
        if scope == .values, document[node].kind == .scalar {
            typeCache[document.text(of: node)] = resolved
        }
        return resolved
    }

    /// Checks that every name in `type` is known and every dictionary key type is allowed.
    mutating func checkNames(in type: TypeExpression, at node: NodeID, scope: TypeScope) -> Bool {
        switch type {
        case .named(let name):
            if BuiltinType(rawValue: name) != nil || typeIndex[name] != nil { return true }
            if scope == .results, projectionIndex[name] != nil { return true }
            var candidates = BuiltinType.allCases.map(\.rawValue) + declaredTypes.map(\.name)
            if scope == .results { candidates += projections.map(\.name) }
            if scope == .values, globalNames[name]?.kind == "projection" {
                error(
                    "'\(name)' is a projection; its row type can only be used in a custom query's 'returns'",
                    at: node
                )
            } else {
                error("unknown type '\(name)'\(Suggestion.didYouMean(name, in: candidates))", at: node)
            }
            return false
        case .array(let element):
            return checkNames(in: element, at: node, scope: scope)
        case .optional(let wrapped):
            return checkNames(in: wrapped, at: node, scope: scope)
        case .dictionary(let key, let value):
            guard checkNames(in: key, at: node, scope: scope), checkNames(in: value, at: node, scope: scope) else {
                return false
            }
            if case .named(let name) = key,
                ["String", "Int", "Int64", "UUID"].contains(name) || enumCases(of: key) != nil
            {
                return true
            }
            error("the key type of a dictionary must be String, Int, Int64, UUID or an enum, not '\(key)'", at: node)
            return false
        }
    }

    /// The cases of `type` when it names a declared enum.
    func enumCases(of type: TypeExpression) -> [String]? {
        guard case .named(let name) = type, let index = typeIndex[name] else { return nil }
        return declaredTypes[index].cases
    }

    /// The builtin `type` names, if any.
    func builtin(_ type: TypeExpression) -> BuiltinType? {
        guard case .named(let name) = type else { return nil }
        return BuiltinType(rawValue: name)
    }
}
