extension SpecValidator {
    mutating func readQueries(_ section: NodeID?) -> [Query] {
        var queries: [Query] = []
        for (key, value) in mapping(section, what: "'queries'") {
            guard document[key].kind == .scalar else { continue }
            if let query = readQuery(document.text(of: key), key: key, value: value) {
                queries.append(query)
            }
        }
        return queries
    }

    mutating func readQuery(_ name: String, key: NodeID, value: NodeID) -> Query? {
        func context() -> String { "query '\(name)'" }
        var description: String?
        var projectionNode: NodeID?
        var byNode: NodeID?
        var orderByNode: NodeID?
        var pageSizeNode: NodeID?
        var customNode: NodeID?
        var paramsNode: NodeID?
        var returnsNode: NodeID?
        var pagingNode: NodeID?
        var countNode: NodeID?
        var whereNode: NodeID?
        var httpNode: NodeID?
        for (attributeKey, attributeValue) in mapping(value, what: context()) {
            guard let which = self.key(attributeKey, as: QueryKey.self, in: context()) else { continue }
            switch which {
            case .description: description = string(attributeValue, what: "'description'")
            case .projection: projectionNode = attributeValue
            case .by: byNode = attributeValue
            case .orderBy: orderByNode = attributeValue
            case .pageSize: pageSizeNode = attributeValue
            case .custom: customNode = attributeValue
            case .params: paramsNode = attributeValue
            case .returns: returnsNode = attributeValue
            case .paging: pagingNode = attributeValue
            case .count: countNode = attributeValue
            case .where: whereNode = attributeValue
            case .http: httpNode = attributeValue
            case .silence: readSilence(attributeValue, of: .query, declaredAt: document[key].location, in: context())
            }
        }
        guard document[value].kind != .alias else { return nil }
        var projection: Projection?
        var projectionName = ""
        if let projectionNode, let text = string(projectionNode, what: "'projection'") {
            projectionName = text
            if let index = projectionIndex[text] {
                projection = projections[index]
                queriedProjections.insert(text)
            } else {
                let suggestion = Suggestion.didYouMean(text, in: projections.map(\.name))
                error("\(context()) reads unknown projection '\(text)'\(suggestion)", at: projectionNode)
            }
        } else if projectionNode == nil {
            missingKey(
                "projection", in: value, "\(context()) has no 'projection'", at: document[key].location,
                notes: ["name the projection whose rows it reads"])
        }

        let isCustom = customNode.flatMap { bool($0, what: "'custom'") } ?? false
        var kind = Query.Kind.all
        if isCustom {
            if let byKey = keyNode(in: value, QueryKey.by) {
                error("a custom query takes 'params', not 'by'", at: byKey)
            }
            let parameters = paramsNode.map { readFields($0, in: "the params of \(context())") } ?? []
            var returns = TypeExpression.invalid
            if let returnsNode {
                returns = typeExpression(returnsNode, scope: .results)
            } else {
                missingKey(
                    "returns", in: value, "custom \(context()) has no 'returns'", at: document[key].location,
                    notes: [
                        "declare what it returns, like `returns: [\(projectionName.isEmpty ? "Row" : projectionName)]`"
                    ])
            }
            kind = .custom(parameters: parameters, returns: returns)
        } else {
            for unexpected in [QueryKey.params, .returns] {
                if let node = keyNode(in: value, unexpected) {
                    error(
                        "'\(unexpected.rawValue)' applies only to a custom query", at: node,
                        notes: ["add `custom: true` to implement \(context()) yourself"])
                }
            }
            if let byNode, let projection {
                kind = readBy(byNode, of: projection) ?? .all
            }
        }

        var orderBy: Query.Ordering?
        if let orderByNode, let text = string(orderByNode, what: "'orderBy'") {
            orderBy = readOrdering(text, at: orderByNode, of: projection)
        }
        let pageSize = pageSizeNode.flatMap { integer($0, what: "'pageSize'", minimum: 1) }
        // `orderBy` and `pageSize` order and size pages of rows the generated query reads.
        let ignoredBecause: (reason: String, fix: String)? =
            switch kind {
            case .byKey:
                (
                    "\(context()) finds one row by the key of its projection",
                    "a query by the key answers one row or none"
                )
            case .custom:
                (
                    "custom \(context()) answers what its handler returns",
                    "the handler orders and pages its own answer (give it a parameter in 'params' to choose)"
                )
            case .byIndex, .all: nil
            }
        if let ignoredBecause {
            for unused in [QueryKey.pageSize, .orderBy] {
                if let node = keyNode(in: value, unused) {
                    warning(
                        "'\(unused.rawValue)' has no effect: \(ignoredBecause.reason)", .ineffectivePaging,
                        about: document[key].location, at: document[node].location,
                        notes: ["remove '\(unused.rawValue)': \(ignoredBecause.fix)"])
                }
            }
        }
        var query = Query(
            name: name,
            description: description,
            projection: projectionName,
            kind: kind,
            orderBy: orderBy,
            pageSize: pageSize,
            http: httpNode.flatMap { readHTTPBinding($0, isQuery: true, in: context()) },
            location: document[key].location
        )
        readPaging(pagingNode, countNode, of: &query, in: context())
        if let whereNode {
            switch kind {
            case .byKey, .custom:
                let what = if case .custom = kind { "custom: its handler reads the rows" } else { "one row by the key" }
                error(
                    "'where' applies only to a query of many rows (by an index, or of all rows): \(context()) is \(what)",
                    at: keyNode(in: value, QueryKey.where) ?? whereNode)
            case .byIndex(let fields):
                query.conditions = readConditions(whereNode, of: projection, taken: fields, in: context())
            case .all:
                query.conditions = readConditions(whereNode, of: projection, taken: [], in: context())
            }
        }
        return query
    }

    /// `paging: cursor | offset` and `count: true | false`, for a query of many rows only; `count: true`
    /// adds the query `Count<Name>`, whose name must be free.
    mutating func readPaging(_ pagingNode: NodeID?, _ countNode: NodeID?, of query: inout Query, in context: String) {
        let manyRows: Bool
        switch query.kind {
        case .byIndex, .all: manyRows = true
        case .byKey, .custom: manyRows = false
        }
        let what = if case .custom = query.kind { "custom" } else { "one row by the key" }
        if let pagingNode, let text = string(pagingNode, what: "'paging' of \(context)") {
            if let paging: Query.Paging = choice(
                text, at: pagingNode, key: "paging", in: context,
                note: "offset: pages by number and size; cursor (the default): each page gives the next one's cursor")
            {
                query.paging = paging
            }
            if !manyRows {
                error(
                    "'paging' applies only to a query of many rows (by an index, or of all rows): \(context) is \(what)",
                    at: pagingNode)
            }
        }
        guard let countNode, let counts = bool(countNode, what: "'count' of \(context)") else { return }
        if counts, !manyRows {
            error(
                "'count: true' applies only to a query of many rows (by an index, or of all rows): \(context) is \(what)",
                at: countNode,
                notes: ["a query by the key finds one row or none"])
            return
        }
        query.counts = counts
        guard counts else { return }
        let countName = query.countName
        if let existing = globalNames[countName] {
            error(
                "'count: true' of \(context) generates the query '\(countName)', which is the name of the \(existing.kind) declared at line \(existing.location.line)",
                at: countNode, notes: ["rename one of them"])
        } else if let member = aggregates.lazy.flatMap({ $0.commands.map(\.name) + $0.events.map(\.name) }).first(
            where: { $0 == countName })
        {
            error(
                "'count: true' of \(context) generates the query '\(countName)', which is the name of a command or event",
                at: countNode, notes: ["rename '\(member)' or the query"])
        } else {
            globalNames[countName] = GlobalName(
                kind: "count query of '\(query.name)'", location: document[countNode].location)
        }
    }

    /// `by`: the key (one optional row) or an index (a page of rows), compared as sets of fields.
    mutating func readBy(_ node: NodeID, of projection: Projection) -> Query.Kind? {
        guard let names = readRowFieldList(node, what: "'by'", of: projection),
            !brokenProjections.contains(projection.name)
        else { return nil }
        if Self.sameFields(names, projection.key) {
            return .byKey(projection.key)
        }
        if let index = projection.indexes.first(where: { Self.sameFields($0, names) }) {
            return .byIndex(index)
        }
        let written = names.count == 1 ? names[0] : "[\(names.joined(separator: ", "))]"
        let indexes = (projection.indexes + [names]).map { $0.count == 1 ? $0[0] : "[\($0.joined(separator: ", "))]" }
        let fix =
            projection.indexes.isEmpty
            ? "add `indexes: [\(written)]` to projection '\(projection.name)'"
            : "add \(written) to the indexes of projection '\(projection.name)': `indexes: [\(indexes.joined(separator: ", "))]`"
        error("'\(written)' is neither the key nor an index of '\(projection.name)'", at: node, notes: [fix])
        return nil
    }

    /// `orderBy: field [asc|desc]`.
    mutating func readOrdering(_ text: String, at node: NodeID, of projection: Projection?) -> Query.Ordering? {
        let words = text.utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) }
        guard words.count == 1 || words.count == 2 else {
            error("'orderBy' is a field name and optionally 'asc' or 'desc', like 'placedAt desc'", at: node)
            return nil
        }
        let field = String(words[0])
        var descending = false
        if words.count == 2 {
            switch words[1] {
            case "asc": descending = false
            case "desc": descending = true
            default:
                error("'orderBy' direction must be 'asc' or 'desc', not '\(words[1])'", at: node)
                return nil
            }
        }
        if let projection, !projection.fields.contains(where: { $0.name == field }) {
            let suggestion = Suggestion.didYouMean(field, in: projection.fields.map(\.name))
            error(
                "'orderBy' names '\(field)', which is not a field of projection '\(projection.name)'\(suggestion)",
                at: node)
            return nil
        }
        return Query.Ordering(field: field, descending: descending)
    }

    /// Warns about projections that no query reads.
    mutating func warnAboutUnusedDeclarations() {
        var warned: Set<String> = []
        for projection in projections where !queriedProjections.contains(projection.name) {
            guard warned.insert(projection.name).inserted else { continue }
            warning(
                "projection '\(projection.name)' is read by no query", .unreadProjection, about: projection.location,
                at: projection.location,
                notes: ["add a query with `projection: \(projection.name)`, or remove the projection"])
        }
    }
}
