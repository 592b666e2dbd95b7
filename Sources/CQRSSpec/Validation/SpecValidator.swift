/// Checks a parsed spec document against every rule of the spec format and builds the typed
/// ``Spec`` from it, collecting all diagnostics in one pass.
///
/// Declarations are registered first (types, aggregates with their events and commands,
/// projections, queries, reactions), so that references resolve regardless of the order in the file; then each
/// section is read in full. A node whose problem was already reported yields a placeholder
/// (``TypeExpression/invalid`` for a type) so that one mistake is reported once, not again by every
/// check that depends on it.
struct SpecValidator {
    typealias NodeID = YAMLDocument.NodeID

    /// A type declared under `types`.
    struct DeclaredType {
        var name: String
        var location: SourceLocation
        /// The mapping that declares it.
        var node: NodeID
        /// The case names, for an enum.
        var cases: [String]?
        /// The cases' explicit raw values, for an enum that gives them.
        var rawValues: TypeDeclaration.RawValues?
        /// The cases of a tagged union (their fields filled in once all type names are known).
        var unionCases: [TypeDeclaration.UnionCase]?
        /// Each union case's mapping, in case order.
        var unionCaseNodes: [NodeID] = []
        /// The fields, for a struct (filled in once all type names are known).
        var fields: [Field] = []
        /// Whether its kind could not be told (neither or both of `fields` and `cases`, or no
        /// cases); values of it are not checked further.
        var isBroken = false
    }

    /// What a spec-wide name (type, aggregate, projection, query, reaction) denotes.
    struct GlobalName {
        var kind: String
        var location: SourceLocation
    }

    let document: YAMLDocument
    let path: String
    var diagnostics: [Diagnostic] = []
    var errorCount = 0

    var domain = ""
    var declaredTypes: [DeclaredType] = []
    var typeIndex: [String: Int] = [:]
    var globalNames: [String: GlobalName] = [:]
    /// The lowerCamelCase forms of aggregates, projections and queries (as the generated `Application`
    /// names them), each with the declared name (whose kind and place are in `globalNames`).
    var applicationNames: [String: String] = [:]
    var aggregates: [Aggregate] = []
    var aggregateIndex: [String: Int] = [:]
    /// The mapping that declares each aggregate, parallel to `aggregates`.
    var aggregateNodes: [NodeID] = []
    /// Event name → the aggregates (indices into `aggregates`) that declare an event of that name.
    var eventOwners: [String: [Int]] = [:]
    /// Command name → the aggregates (indices into `aggregates`) that declare a command of that name.
    var commandOwners: [String: [Int]] = [:]
    var projections: [Projection] = []
    var projectionIndex: [String: Int] = [:]
    /// Projections whose fields or key could not be read; checks that depend on them stay quiet.
    var brokenProjections: Set<String> = []
    /// Projections named by at least one query.
    var queriedProjections: Set<String> = []
    /// Type expressions already read from scalar text (in the `.values` scope), by text.
    var typeCache: [String: TypeExpression] = [:]
    /// Compiled regular expressions by pattern text (`nil` when the pattern does not compile).
    var patternCache: [String: PatternCheck] = [:]
    /// The warnings that a declaration may silence, each with where the declaration's name stands; kept here
    /// until every `silence` is read.
    var namedWarnings: [(diagnostic: Diagnostic, declaration: SourceLocation)] = []
    /// What each declaration (by where its name stands) silences.
    var silences: [SourceLocation: [Silence]] = [:]

    init(document: YAMLDocument, path: String) {
        self.document = document
        self.path = path
    }

    /// Validates the whole document; returns the spec when no error was found.
    mutating func validate() -> Spec? {
        guard let root = document.root, !document.isNull(root) else {
            error(
                "the spec is empty; it needs 'cqrs', 'domain' and 'aggregates'", at: SourceLocation(line: 1, column: 1))
            return nil
        }
        guard document[root].kind == .mapping else {
            if document[root].kind != .alias {
                error("a spec is a mapping with 'cqrs', 'domain' and 'aggregates'", at: root)
            }
            return nil
        }
        var formatVersion = 1
        var description: String?
        var sections: [TopLevelKey: NodeID] = [:]
        var versionSeen = false
        var domainSeen = false
        for (key, value) in document.pairs(of: root) {
            guard let name = self.key(key, as: TopLevelKey.self, in: "the spec") else { continue }
            switch name {
            case .cqrs:
                versionSeen = true
                formatVersion = readFormatVersion(value) ?? 1
            case .domain:
                domainSeen = true
                readDomain(value)
            case .description:
                description = string(value, what: "'description'")
            case .types, .aggregates, .projections, .queries, .reactions:
                sections[name] = value
            }
        }
        let top = document[root].location
        if !versionSeen {
            missingKey("cqrs", in: root, "missing required key 'cqrs' (the format version); add `cqrs: 1`", at: top)
        }
        if !domainSeen {
            missingKey(
                "domain", in: root, "missing required key 'domain' (the namespace of the generated code)", at: top)
        }
        if sections[.aggregates] == nil {
            missingKey(
                "aggregates",
                in: root,
                "missing required key 'aggregates'; a spec declares at least one aggregate",
                at: top
            )
        }

        registerTypes(sections[.types])
        registerAggregates(sections[.aggregates])
        registerNames(sections[.projections], kind: "projection")
        registerNames(sections[.queries], kind: "query")
        registerNames(sections[.reactions], kind: "reaction")
        readTypes()
        readAggregates()
        readProjections(sections[.projections])
        let queries = readQueries(sections[.queries])
        let reactions = readReactions(sections[.reactions])
        checkHTTPRoutes(queries)
        warnAboutUnusedDeclarations()
        applySilences()

        diagnostics.sort { $0.location < $1.location }
        guard errorCount == 0 else { return nil }
        return Spec(
            path: path,
            formatVersion: formatVersion,
            domain: domain,
            description: description,
            types: declaredTypes.map { declared in
                TypeDeclaration(
                    name: declared.name,
                    description: document.value(of: declared.node, forKey: "description").map(document.text(of:)),
                    kind: declared.cases.map { .enumeration(cases: $0) }
                        ?? declared.unionCases.map { .union(cases: $0) } ?? .structure(fields: declared.fields),
                    rawValues: declared.rawValues,
                    location: declared.location
                )
            },
            aggregates: aggregates,
            projections: projections,
            queries: queries,
            reactions: reactions
        )
    }

    // MARK: Top level

    mutating func readFormatVersion(_ node: NodeID) -> Int? {
        let supported = "the supported version is 1 (`cqrs: 1`)"
        guard document[node].kind == .scalar else {
            report(node, "'cqrs' is the format version, a number; \(supported)")
            return nil
        }
        let text = document.text(of: node)
        guard let number = DecimalNumber(text), number.isWhole, !number.isWrittenAsFraction,
            number == DecimalNumber(integerText: "1")
        else {
            error("unsupported format version '\(text)'; \(supported)", at: node)
            return nil
        }
        return 1
    }

    mutating func readDomain(_ node: NodeID) {
        guard let name = string(node, what: "'domain'") else { return }
        guard SpecNaming.isUpperCamelCase(name) else {
            error(
                "domain '\(name)' must be an UpperCamelCase Swift identifier\(likeUpperCamel(name))",
                at: node
            )
            return
        }
        if let clash = reservedNameClash(name) {
            error("domain '\(name)' \(clash)", at: node, notes: [renameNote(name, kind: "domain")])
        } else if SpecNaming.nestedGeneratedTypeNames.contains(name) {
            error(
                "domain '\(name)' clashes with the type '\(name)' that generated code declares inside the domain, from where it names the domain",
                at: node,
                notes: [renameNote(name, kind: "domain")])
        }
        domain = name
    }

    // MARK: Diagnostics

    mutating func error(_ message: String, at location: SourceLocation, notes: [String] = []) {
        errorCount += 1
        diagnostics.append(Diagnostic(severity: .error, message: message, path: path, location: location, notes: notes))
    }

    mutating func error(_ message: String, at node: NodeID, notes: [String] = []) {
        error(message, at: document[node].location, notes: notes)
    }

    /// Reports a name declared again at `node`, with a note at its first declaration.
    mutating func redeclaration(
        _ message: String, at node: NodeID, first: SourceLocation, name: String, notes: [String] = []
    ) {
        errorCount += 1
        var diagnostic = Diagnostic(
            severity: .error, message: message, path: path, location: document[node].location, notes: notes)
        diagnostic.relatedNotes = [.init("'\(name)' was first declared here", at: first)]
        diagnostics.append(diagnostic)
    }

    /// Reports a warning of `kind` about the declaration whose name stands at `declaration`; it is kept aside
    /// until the end, and dropped when that declaration silences it (``applySilences()``).
    mutating func warning(
        _ message: String, _ kind: SpecWarning, about declaration: SourceLocation, at location: SourceLocation,
        notes: [String] = []
    ) {
        var diagnostic = Diagnostic(severity: .warning, message: message, path: path, location: location, notes: notes)
        diagnostic.warning = kind
        namedWarnings.append((diagnostic, declaration))
    }

    /// Reports that the mapping `node` lacks the required `key`, unless one of its keys is a
    /// misspelling of it (already reported as an unknown key with a suggestion) or it is an alias.
    mutating func missingKey(
        _ key: String,
        in node: NodeID,
        _ message: String,
        at location: SourceLocation,
        notes: [String] = []
    ) {
        guard document[node].kind != .alias else { return }
        for pair in document.pairs(of: node) where document[pair.key].kind == .scalar {
            if Suggestion.closest(to: document.text(of: pair.key), in: [key]) != nil { return }
        }
        error(message, at: location, notes: notes)
    }

    /// Reports a node of the wrong shape, unless it is an alias (already reported by the parser).
    mutating func report(_ node: NodeID, _ message: String) {
        guard document[node].kind != .alias else { return }
        error(message, at: node)
    }

    // MARK: Reading nodes

    /// The key's case of `Key`, or `nil` after reporting an unknown or malformed key.
    mutating func key<Key: SpecKey>(_ node: NodeID, as: Key.Type, in context: @autoclosure () -> String) -> Key? {
        guard document[node].kind == .scalar else {
            report(node, "expected a key name in \(context())")
            return nil
        }
        if let key = document.withTextBytes(of: node, { Key.table.key(for: $0) }) { return key }
        let text = document.text(of: node)
        let suggestion = Suggestion.didYouMean(text, in: Key.allCases.map(\.rawValue))
        error("unknown key '\(text)' in \(context())\(suggestion)", at: node)
        return nil
    }

    /// The key node of `key` in the mapping `node`, if present (for locating a diagnostic).
    func keyNode<Key: SpecKey>(in node: NodeID, _ key: Key) -> NodeID? {
        document.pairs(of: node).first { pair in
            document.withTextBytes(of: pair.key) { Key.table.key(for: $0) } == key
        }?.key
    }

    /// The name a mapping key gives, or `nil` after reporting a key that is not a scalar.
    mutating func name(_ node: NodeID, in context: @autoclosure () -> String) -> String? {
        guard document[node].kind == .scalar else {
            report(node, "expected a name as key in \(context())")
            return nil
        }
        return document.text(of: node)
    }

    /// The pairs of a mapping; `null` reads as an empty mapping; anything else is reported.
    mutating func mapping(_ node: NodeID?, what: @autoclosure () -> String) -> YAMLDocument.Pairs {
        guard let node else { return YAMLDocument.Pairs(children: []) }
        switch document[node].kind {
        case .mapping:
            return document.pairs(of: node)
        case .scalar where document.isNull(node):
            break
        default:
            report(node, "\(what()) must be a mapping")
        }
        return document.pairs(of: node)
    }

    /// A scalar's text, or `nil` after reporting a sequence or mapping.
    mutating func string(_ node: NodeID, what: @autoclosure () -> String) -> String? {
        guard document[node].kind == .scalar else {
            report(node, "\(what()) must be text")
            return nil
        }
        return document.text(of: node)
    }

    /// One of an enum's cases by its raw text (`consistency: inline`), or `nil` after reporting anything
    /// else: text that names no case gets "'KEY' of CONTEXT is 'TEXT'; it is A or B", a did-you-mean, and
    /// `note`, which says what the cases mean.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ node: NodeID, key: String, in context: String, note: String
    ) -> Choice? where Choice.RawValue == String {
        guard let text = string(node, what: "'\(key)' of \(context)") else { return nil }
        return choice(text, at: node, key: key, in: context, note: note)
    }

    /// ``choice(_:key:in:note:)`` for text already read from `node`.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ text: String, at node: NodeID, key: String, in context: String, note: String
    ) -> Choice? where Choice.RawValue == String {
        if let value = Choice(rawValue: text) { return value }
        let choices = Choice.allCases.map(\.rawValue)
        error(
            "'\(key)' of \(context) is '\(text)'; it is \(choices.joined(separator: " or "))"
                + Suggestion.didYouMean(text, in: choices),
            at: node, notes: [note])
        return nil
    }

    /// `true` or `false`, or `nil` after reporting anything else.
    mutating func bool(_ node: NodeID, what: @autoclosure () -> String) -> Bool? {
        if document[node].kind == .scalar, let value = LiteralSyntax.bool(document.text(of: node)) {
            return value
        }
        report(node, "\(what()) must be true or false")
        return nil
    }

    /// A whole number of at least `minimum`, or `nil` after reporting anything else.
    mutating func integer(_ node: NodeID, what: @autoclosure () -> String, minimum: Int) -> Int? {
        if document[node].kind == .scalar, let value = DecimalNumber.plainInteger(document.text(of: node)),
            value >= minimum
        {
            return value
        }
        let bound = minimum == 1 ? "a positive whole number" : "a whole number of at least \(minimum)"
        report(node, "\(what()) must be \(bound)")
        return nil
    }

    /// The names of a scalar or a sequence of scalars (`key: id` or `key: [a, b]`) with their nodes.
    mutating func nameList(_ node: NodeID, what: @autoclosure () -> String) -> [(name: String, node: NodeID)] {
        switch document[node].kind {
        case .scalar:
            return [(document.text(of: node), node)]
        case .sequence:
            var names: [(name: String, node: NodeID)] = []
            for item in document.items(of: node) {
                if let name = string(item, what: "each name in \(what())") {
                    names.append((name, item))
                }
            }
            if names.isEmpty, document.items(of: node).isEmpty {
                report(node, "\(what()) must name at least one field")
            }
            return names
        default:
            report(node, "\(what()) must be a field name or a list of field names")
            return []
        }
    }

    /// `" (like 'Order')"` when capitalizing the name would make it valid.
    func likeUpperCamel(_ name: String) -> String {
        let fixed = SpecNaming.upperCamelCase(name)
        return SpecNaming.isUpperCamelCase(fixed) ? " (like '\(fixed)')" : ""
    }

    /// `" (like 'order')"` when lowering the name would make it valid.
    func likeLowerCamel(_ name: String) -> String {
        let fixed = SpecNaming.lowerCamelCase(name)
        return SpecNaming.isLowerCamelCase(fixed) ? " (like '\(fixed)')" : ""
    }
}
