extension SpecValidator {
    /// Why `name` may not name a declaration (a type, aggregate, projection, query, command, event or
    /// the domain), or `nil` when it may.
    func reservedNameClash(_ name: String) -> String? {
        switch Self.reservedNames[name] {
        case nil:
            return nil
        case .builtin:
            return "clashes with the builtin type '\(name)'"
        case .keyword:
            return "is a Swift keyword, which cannot name a type"
        case .module:
            return "clashes with the module '\(name)' that generated code imports"
        case .generated:
            let owner = domain.isEmpty ? "<Domain>" : domain
            return "clashes with the generated type '\(owner).\(name)'"
        }
    }

    /// The note of an error about a name that cannot be used: a suggestion for another.
    func renameNote(_ name: String, kind: String) -> String {
        let suggestion = kind == "domain" || domain.isEmpty || name.hasPrefix(domain) ? "\(name)Domain" : domain + name
        return "rename the \(kind), e.g. '\(suggestion)'"
    }

    /// What a reserved name is.
    enum ReservedName: Sendable {
        case builtin, keyword, module, generated
    }

    /// Every name no declaration may take, with what it is.
    static let reservedNames: [String: ReservedName] = {
        var names: [String: ReservedName] = [:]
        for name in SpecNaming.domainReservedNames {
            names[name] = ["CQRS", "Foundation", "Swift"].contains(name) ? .module : .generated
        }
        for name in SpecNaming.keywordTypeNames { names[name] = .keyword }
        for builtin in BuiltinType.allCases { names[builtin.rawValue] = .builtin }
        return names
    }()

    /// Checks a spec-wide name (type, aggregate, projection, query or reaction) and records it; reports a
    /// malformed, reserved or repeated name.
    mutating func registerGlobalName(_ name: String, kind: String, at node: NodeID) {
        guard SpecNaming.isUpperCamelCase(name) else {
            error("\(kind) name '\(name)' must be an UpperCamelCase Swift identifier\(likeUpperCamel(name))", at: node)
            return
        }
        if let clash = reservedNameClash(name) {
            error("\(kind) '\(name)' \(clash)", at: node, notes: [renameNote(name, kind: kind)])
        } else if name == domain {
            error(
                "\(kind) '\(name)' has the name of the domain, which is the namespace of the generated code", at: node)
        }
        if let existing = globalNames[name] {
            redeclaration(
                "\(kind) '\(name)' has the name of the \(existing.kind) declared at line \(existing.location.line)",
                at: node, first: existing.location, name: name,
                notes: ["types, aggregates, projections, queries and reactions share one namespace: rename one of them"]
            )
        } else {
            globalNames[name] = GlobalName(kind: kind, location: document[node].location)
            if kind != "type" { registerApplicationName(name, kind: kind, at: node) }
        }
    }

    /// Aggregates, projections and queries become labels of the generated `Application`'s initializer
    /// (`order:`) and names of its members in lowerCamelCase; reports two names with the same form
    /// (`URLMap` and `UrlMap`).
    mutating func registerApplicationName(_ name: String, kind: String, at node: NodeID) {
        let member = SpecNaming.lowerCamelCase(name)
        if let twinName = applicationNames[member], let twin = globalNames[twinName] {
            redeclaration(
                "\(kind) '\(name)' and the \(twin.kind) '\(twinName)' declared at line \(twin.location.line) would both be named '\(member)' in the generated 'Application'",
                at: node, first: twin.location, name: twinName,
                notes: ["rename one of them so that their lowerCamelCase forms differ"])
        } else {
            applicationNames[member] = name
        }
    }

    /// Registers the names of a section (`projections`, `queries`, `reactions`) for spec-wide uniqueness.
    mutating func registerNames(_ section: NodeID?, kind: String) {
        let plural = kind == "query" ? "queries" : kind + "s"
        for (key, _) in mapping(section, what: "'\(plural)'") {
            guard let name = name(key, in: "'\(plural)'") else { continue }
            registerGlobalName(name, kind: kind, at: key)
        }
    }

    /// Checks the name of a command or event of `aggregate`.
    mutating func checkMemberName(_ name: String, kind: String, aggregate: String, at node: NodeID) -> Bool {
        guard SpecNaming.isUpperCamelCase(name) else {
            error("\(kind) name '\(name)' must be an UpperCamelCase Swift identifier\(likeUpperCamel(name))", at: node)
            return false
        }
        let owner = domain.isEmpty ? aggregate : "\(domain).\(aggregate)"
        if SpecNaming.aggregateMemberTypeNames.contains(name) {
            error(
                "\(kind) '\(name)' clashes with the generated type '\(owner).\(name)'", at: node,
                notes: [renameNote(name, kind: kind)])
        } else if let clash = reservedNameClash(name) {
            error("\(kind) '\(name)' \(clash)", at: node, notes: [renameNote(name, kind: kind)])
        } else if name == domain {
            error(
                "\(kind) '\(name)' has the name of the domain, which is the namespace of the generated code", at: node)
        } else if let existing = globalNames[name] {
            redeclaration(
                "\(kind) '\(name)' has the name of the \(existing.kind) declared at line \(existing.location.line)",
                at: node, first: existing.location, name: name,
                notes: [
                    "commands and events must differ from every type, aggregate, projection, query and reaction name"
                ]
            )
        }
        return true
    }

    /// Reports fields that would shadow a member of the type generated for them.
    mutating func checkGeneratedMembers(
        of fields: [Field],
        in owner: @autoclosure () -> String,
        members: [String: String],
        kind: String
    ) {
        for field in fields {
            if let member = members[field.name] {
                error(
                    "field '\(field.name)' of \(owner()) clashes with \(member) that every generated \(kind) has",
                    at: field.location)
            }
        }
    }

    /// Checks the name of a field; `owner` describes where it is declared.
    mutating func checkFieldName(_ name: String, in owner: @autoclosure () -> String, at node: NodeID) {
        if SpecNaming.reservedFieldNames.contains(name) {
            error("field '\(name)' of \(owner()) clashes with the member '\(name)' every generated type has", at: node)
        } else if !SpecNaming.isLowerCamelCase(name) {
            error("field name '\(name)' must be a lowerCamelCase Swift identifier\(likeLowerCamel(name))", at: node)
        }
    }
}
