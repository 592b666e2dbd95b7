/// What an EXPR is read against: the event of an `on` entry (of a projection or a reaction), its aggregate
/// and the values remembered for its stream.
protocol EventExpressionContext {
    /// The event's aggregate, whose `id` type `$streamId` has.
    var aggregate: Aggregate { get }
    /// The event whose fields an EXPR names.
    var event: Event { get }
    /// The value remembered for the event's stream by this name, if any.
    func remembered(_ name: String) -> Projection.RememberedValue?
}

extension EventExpressionContext {
    /// `event 'OrderPlaced'`, for messages.
    var eventDescription: String { "event '\(event.name)'" }

    func eventField(_ name: String) -> Field? {
        event.fields.first { $0.name == name }
    }

    /// Whether the streams of this event's aggregate carry the remembered value (a broken `remember`
    /// entry, of aggregate `*`, is taken to, so that it is reported once).
    func carries(_ remembered: Projection.RememberedValue) -> Bool {
        remembered.event.aggregate == "*" || remembered.event.aggregate == aggregate.name
    }

    /// The error for a remembered value asked for by an event whose streams never carry it.
    func neverCarried(_ remembered: Projection.RememberedValue) -> String {
        "'\(remembered.name)' is remembered for the streams of '\(remembered.event.aggregate)' (from its '\(remembered.event.event)'); \(eventDescription) belongs to '\(aggregate.name)', whose streams never carry it"
    }
}

extension SpecValidator {
    /// What a projection's `on` entry's EXPRs are read against: the event, its aggregate and the projection.
    struct HandlerContext: EventExpressionContext {
        var aggregate: Aggregate
        var event: Event
        var projection: Projection

        func rowField(_ name: String) -> Field? {
            projection.fields.first { $0.name == name }
        }

        /// The value the projection remembers by this name, if any.
        func remembered(_ name: String) -> Projection.RememberedValue? {
            projection.remembered.first { $0.name == name }
        }
    }

    /// The type of `$streamId` for an aggregate.
    static func streamIdentifierType(of aggregate: Aggregate) -> TypeExpression {
        .named(aggregate.idType.typeName)
    }

    /// Whether a value of type `source` may be stored in a field of type `target`: the same type, or
    /// a non-optional value into the optional of its type.
    static func fits(_ source: TypeExpression, into target: TypeExpression) -> Bool {
        source.isInvalid || target.isInvalid || source == target || target == .optional(source)
    }

    /// Whether two lists of distinct field names hold the same names, in any order.
    static func sameFields(_ first: [String], _ second: [String]) -> Bool {
        first.count == second.count && first.allSatisfy(second.contains)
    }

    // MARK: Projections

    mutating func readProjections(_ section: NodeID?) {
        for (key, value) in mapping(section, what: "'projections'") {
            guard document[key].kind == .scalar else { continue }
            let name = document.text(of: key)
            let projection = readProjection(name, key: key, value: value)
            if projectionIndex[name] == nil {
                projectionIndex[name] = projections.count
            }
            projections.append(projection)
        }
    }

    mutating func readProjection(_ name: String, key: NodeID, value: NodeID) -> Projection {
        func context() -> String { "projection '\(name)'" }
        var projection = Projection(name: name, key: [], fields: [], handlers: [], location: document[key].location)
        var keyNode: NodeID?
        var fieldsNode: NodeID?
        var indexesNode: NodeID?
        var onNode: NodeID?
        var rememberNode: NodeID?
        for (attributeKey, attributeValue) in mapping(value, what: context()) {
            guard let which = self.key(attributeKey, as: ProjectionKey.self, in: context()) else { continue }
            switch which {
            case .description: projection.description = string(attributeValue, what: "'description'")
            case .key: keyNode = attributeValue
            case .fields: fieldsNode = attributeValue
            case .indexes: indexesNode = attributeValue
            case .on: onNode = attributeValue
            case .consistency: projection.consistency = readConsistency(attributeValue, in: context()) ?? .async
            case .remember: rememberNode = attributeValue
            case .silence: readSilence(attributeValue, of: .projection, declaredAt: projection.location, in: context())
            }
        }
        guard document[value].kind != .alias else { return projection }
        if let fieldsNode {
            projection.fields = readFields(fieldsNode, in: context())
            checkGeneratedMembers(
                of: projection.fields, in: context(), members: SpecNaming.rowMemberNames, kind: "row type")
            if projection.fields.isEmpty, document[fieldsNode].kind != .alias {
                error("\(context()) has no fields", at: fieldsNode)
                brokenProjections.insert(name)
            }
        } else {
            brokenProjections.insert(name)
            missingKey(
                "fields", in: value, "\(context()) has no 'fields'", at: projection.location,
                notes: ["declare the columns of its rows under `fields:`"])
        }
        if let keyNode {
            if let key = readRowFieldList(keyNode, what: "'key' of \(context())", of: projection) {
                projection.key = key
            } else {
                brokenProjections.insert(name)
            }
            for name in projection.key {
                guard let field = projection.fields.first(where: { $0.name == name }), !field.type.isInvalid else {
                    continue
                }
                if field.type.isOptional {
                    error("key field '\(name)' of \(context()) cannot be optional", at: field.location)
                } else if builtin(field.type) == nil && enumCases(of: field.type) == nil {
                    error(
                        "key field '\(name)' of \(context()) is '\(field.type)'; a key field is a builtin value or an enum",
                        at: field.location
                    )
                }
            }
        } else {
            brokenProjections.insert(name)
            let suggestion = projection.fields.first.map { " like `key: \($0.name)`" } ?? ""
            missingKey(
                "key", in: value, "\(context()) has no 'key'", at: projection.location,
                notes: ["name the field (or fields) that identify a row\(suggestion)"])
        }
        if let indexesNode {
            projection.indexes = readIndexes(indexesNode, of: projection)
        }
        if let rememberNode {
            projection.remembered = readRemembered(rememberNode, in: context())
        }
        if let onNode {
            projection.handlers = readHandlers(onNode, of: projection)
        } else {
            missingKey(
                "on", in: value, "\(context()) has no 'on'", at: projection.location,
                notes: ["name the events that change its rows under `on:`"])
        }
        return projection
    }

    /// `remember: { name: Event }`: each name a field of its event.
    mutating func readRemembered(_ node: NodeID, in context: String) -> [Projection.RememberedValue] {
        var remembered: [Projection.RememberedValue] = []
        for (key, value) in mapping(node, what: "'remember' of \(context)") {
            guard let name = string(key, what: "a name in 'remember'") else { continue }
            // A broken entry stays, typeless and of every aggregate, so that its uses report nothing more.
            let broken = Projection.RememberedValue(
                name: name, event: EventReference(aggregate: "*", event: "*"), type: .invalid,
                location: document[key].location)
            guard let reference = string(value, what: "the event of '\(name)' in 'remember'"),
                let (aggregate, event) = resolveEventReference(reference, at: value)
            else {
                remembered.append(broken)
                continue
            }
            guard let field = event.fields.first(where: { $0.name == name }) else {
                let suggestion = Suggestion.didYouMean(name, in: event.fields.map(\.name))
                error(
                    "'remember' of \(context) reads '\(name)' from event '\(event.name)', which has no such field\(suggestion)",
                    at: key, notes: ["a remembered value is a field of the event named after it"])
                remembered.append(broken)
                continue
            }
            remembered.append(
                .init(
                    name: name, event: EventReference(aggregate: aggregate.name, event: event.name), type: field.type,
                    location: document[key].location))
        }
        return remembered
    }

    /// `consistency: async | inline`, or `nil` after reporting anything else.
    mutating func readConsistency(_ node: NodeID, in context: String) -> Projection.Consistency? {
        choice(
            node, key: "consistency", in: context,
            note:
                "inline: the rows change in the transaction of each append, so a query right after a command sees them")
    }

    /// Reads a field name or a list of field names that must all be fields of the projection's row.
    /// Returns `nil` (after reporting) when a name is not a field or repeats, or none is given.
    mutating func readRowFieldList(
        _ node: NodeID,
        what: @autoclosure () -> String,
        of projection: Projection
    ) -> [String]? {
        var names: [String] = []
        var valid = true
        for (name, nameNode) in nameList(node, what: what()) {
            if names.contains(name) {
                error("\(what()) names '\(name)' twice", at: nameNode)
                valid = false
            } else if !projection.fields.contains(where: { $0.name == name }) {
                if !brokenProjections.contains(projection.name) {
                    error(
                        "\(what()) names '\(name)', which is not a field of projection '\(projection.name)'\(Suggestion.didYouMean(name, in: projection.fields.map(\.name)))",
                        at: nameNode
                    )
                }
                valid = false
            } else {
                names.append(name)
            }
        }
        return valid && !names.isEmpty ? names : nil
    }

    mutating func readIndexes(_ node: NodeID, of projection: Projection) -> [[String]] {
        func what() -> String { "'indexes' of projection '\(projection.name)'" }
        guard document[node].kind == .sequence else {
            report(node, "\(what()) must be a list of field names (or of lists of field names)")
            return []
        }
        var indexes: [[String]] = []
        for item in document.items(of: node) {
            guard
                let index = readRowFieldList(item, what: "an index of projection '\(projection.name)'", of: projection)
            else { continue }
            if indexes.contains(where: { Self.sameFields($0, index) }) {
                error("\(what()) lists the index [\(index.joined(separator: ", "))] twice", at: item)
            } else if Self.sameFields(index, projection.key) {
                warning(
                    "an index on [\(index.joined(separator: ", "))] repeats the key of projection '\(projection.name)'",
                    .indexRepeatsKey, about: projection.location, at: document[item].location,
                    notes: ["remove it: the key is indexed already"])
            }
            indexes.append(index)
        }
        return indexes
    }

    // MARK: `on` entries

    mutating func readHandlers(_ node: NodeID, of projection: Projection) -> [EventHandler] {
        let pairs = mapping(node, what: "'on' of projection '\(projection.name)'")
        if pairs.isEmpty, document[node].kind != .alias {
            error("projection '\(projection.name)' subscribes to no events", at: node)
        }
        var handlers: [EventHandler] = []
        for (key, value) in pairs {
            guard let reference = string(key, what: "an event name in 'on'"),
                let (aggregate, event) = resolveEventReference(reference, at: key)
            else { continue }
            let eventReference = EventReference(aggregate: aggregate.name, event: event.name)
            let earlier = handlers.first { $0.event == eventReference }?.location
            if repeatsEvent(eventReference, first: earlier, of: "projection '\(projection.name)'", at: key) { continue }
            let context = HandlerContext(aggregate: aggregate, event: event, projection: projection)
            guard let action = readAction(value, context) else { continue }
            handlers.append(EventHandler(event: eventReference, action: action, location: document[key].location))
        }
        warnOfUpsertsThatResetCounters(handlers, of: projection)
        return handlers
    }

    /// An `upsert` replaces the whole row: a field another entry increments restarts from the upsert's value
    /// each time (counting with `upsert` silently resets the count). A warning at each such `upsert`.
    mutating func warnOfUpsertsThatResetCounters(_ handlers: [EventHandler], of projection: Projection) {
        var incrementedBy: [String: EventReference] = [:]
        for handler in handlers {
            let increment: [FieldAssignment]
            switch handler.action {
            case .update(_, _, let assignments, _, _), .merge(_, _, let assignments): increment = assignments
            default: continue
            }
            for assignment in increment where incrementedBy[assignment.field] == nil {
                incrementedBy[assignment.field] = handler.event
            }
        }
        guard !incrementedBy.isEmpty else { return }
        for handler in handlers {
            // A plain upsert replaces every field; one with `increment` changes only its `set` fields.
            let (replaced, what): ([String], String)
            switch handler.action {
            case .insert(_, upsert: true): (replaced, what) = (projection.fields.map(\.name), "replaces the whole row")
            case .merge(_, let set, _): (replaced, what) = (set.map(\.field), "sets fields of each row")
            default: continue
            }
            let reset = replaced.filter { incrementedBy[$0] != nil && incrementedBy[$0] != handler.event }
            guard !reset.isEmpty else { continue }
            let described = reset.map { "'\($0)' (incremented on \(incrementedBy[$0]!))" }.joined(separator: ", ")
            warning(
                "'upsert' on \(handler.event) \(what) of projection '\(projection.name)', resetting \(described)",
                .upsertResetsCounter, about: projection.location, at: handler.location,
                notes: [
                    "to add to a counter, create the row once with 'insert' and change it with 'update: { increment: … }', or use 'custom'"
                ])
        }
    }

    /// Resolves `Event` (unique across aggregates) or `Aggregate.Event`.
    mutating func resolveEventReference(_ reference: String, at node: NodeID) -> (Aggregate, Event)? {
        guard
            let (index, name) = resolveMemberReference(
                reference, kind: "event", owners: eventOwners, at: node, names: { $0.events.map(\.name) })
        else { return nil }
        guard let event = aggregates[index].events.first(where: { $0.name == name }) else { return nil }
        return (aggregates[index], event)
    }

    /// Resolves `Command` (unique across aggregates) or `Aggregate.Command`.
    mutating func resolveCommandReference(_ reference: String, at node: NodeID) -> (Aggregate, Command)? {
        guard
            let (index, name) = resolveMemberReference(
                reference, kind: "command", owners: commandOwners, at: node, names: { $0.commands.map(\.name) })
        else { return nil }
        guard let command = aggregates[index].commands.first(where: { $0.name == name }) else { return nil }
        return (aggregates[index], command)
    }

    /// Resolves a member of an aggregate (an event, a command; `kind` names it) written `Member` when one
    /// aggregate declares it, else `Aggregate.Member`: the aggregate's index and the member's name, or `nil`
    /// after reporting an unknown or ambiguous name. `owners` maps each name to the aggregates that declare
    /// it, read before the members are (one that could not be read is in `owners` but not in `names`, and
    /// stays unreported: its own error was given).
    mutating func resolveMemberReference(
        _ reference: String, kind: String, owners: [String: [Int]], at node: NodeID,
        names: (Aggregate) -> [String]
    ) -> (aggregate: Int, name: String)? {
        if let dot = reference.utf8.firstIndex(of: UInt8(ascii: ".")) {
            let aggregateName = String(reference[..<dot])
            let memberName = String(reference[reference.utf8.index(after: dot)...])
            guard let index = aggregateIndex[aggregateName] else {
                let suggestion = Suggestion.didYouMean(aggregateName, in: aggregates.map(\.name))
                error("unknown aggregate '\(aggregateName)' in '\(reference)'\(suggestion)", at: node)
                return nil
            }
            let members = names(aggregates[index])
            guard members.contains(memberName) else {
                if !(owners[memberName]?.contains(index) ?? false) {
                    let suggestion = Suggestion.didYouMean(memberName, in: members)
                    error("unknown \(kind) '\(memberName)' of aggregate '\(aggregateName)'\(suggestion)", at: node)
                }
                return nil
            }
            return (index, memberName)
        }
        guard let declaring = owners[reference] else {
            let candidates = aggregates.flatMap(names)
            error("unknown \(kind) '\(reference)'\(Suggestion.didYouMean(reference, in: candidates))", at: node)
            return nil
        }
        var distinct: [Int] = []
        for owner in declaring where !distinct.contains(owner) { distinct.append(owner) }
        if distinct.count > 1 {
            let names = distinct.map { "'\(aggregates[$0].name).\(reference)'" }
            error(
                "\(kind) '\(reference)' is ambiguous: aggregates \(distinct.map { "'\(aggregates[$0].name)'" }.joined(separator: " and ")) both declare it; write \(names.joined(separator: " or "))",
                at: node
            )
            return nil
        }
        return (distinct[0], reference)
    }

    /// Reports an `on` entry for an event that an earlier entry of the same `on` handles (`first` is where
    /// that entry stands, `nil` when there is none); `true` when it repeats.
    mutating func repeatsEvent(
        _ event: EventReference, first: SourceLocation?, of owner: @autoclosure () -> String, at key: NodeID
    ) -> Bool {
        guard let first else { return false }
        error("\(owner()) handles event '\(event)' twice (first at line \(first.line))", at: key)
        return true
    }

    mutating func readAction(_ node: NodeID, _ context: HandlerContext) -> ProjectionAction? {
        let actions = "custom, insert, upsert, update or delete"
        switch document[node].kind {
        case .alias:
            return nil
        case .scalar:
            switch document.withTextBytes(of: node, { ActionKey.table.key(for: $0) }) {
            case .custom: return .custom
            case .insert: return readInsert(nil, upsert: false, at: node, context)
            case .upsert: return readInsert(nil, upsert: true, at: node, context)
            case .delete: return readDelete(nil, at: node, context)
            case .update:
                error(
                    "'update' needs to know what to change",
                    at: node,
                    notes: ["write `update: { set: { field: EXPR } }` or `update: { increment: { field: EXPR } }`"]
                )
                return nil
            case nil:
                let text = document.text(of: node)
                let suggestion = Suggestion.didYouMean(text, in: ActionKey.allCases.map(\.rawValue))
                error(
                    "unknown action '\(text)' for \(context.eventDescription)\(suggestion)", at: node,
                    notes: ["an 'on' entry takes \(actions)"])
                return nil
            }
        case .sequence:
            error("an 'on' entry takes \(actions), not a list", at: node)
            return nil
        case .mapping:
            let pairs = document.pairs(of: node)
            guard pairs.count == 1, let (key, value) = pairs.first else {
                error("an 'on' entry takes one action (\(actions))", at: node)
                return nil
            }
            guard let action = self.key(key, as: ActionKey.self, in: "the 'on' entry for \(context.eventDescription)")
            else {
                return nil
            }
            switch action {
            case .custom:
                error("'custom' takes no options; write `\(context.event.name): custom`", at: key)
                return nil
            case .insert: return readInsert(value, upsert: false, at: value, context)
            case .upsert: return readInsert(value, upsert: true, at: value, context)
            case .update: return readUpdate(value, at: key, context)
            case .delete: return readDelete(value, at: value, context)
            }
        }
    }

    // MARK: Actions

    /// `insert` / `upsert`, with an optional `set`: resolves a source for every row field.
    mutating func readInsert(_ node: NodeID?, upsert: Bool, at anchor: NodeID, _ context: HandlerContext)
        -> ProjectionAction?
    {
        let verb = upsert ? "upsert" : "insert"
        var explicit: [FieldAssignment] = []
        var increment: [FieldAssignment] = []
        var incrementNode: NodeID?
        if let node {
            for (key, value) in mapping(node, what: "'\(verb)'") {
                switch self.key(key, as: InsertKey.self, in: "'\(verb)'") {
                case .set: explicit = readAssignments(value, increment: false, allowKeyFields: true, context)
                case .increment where upsert:
                    incrementNode = value
                    increment = readAssignments(value, increment: true, allowKeyFields: false, context)
                case .increment:
                    error(
                        "'insert' takes no 'increment': a new row has nothing to add to", at: key,
                        notes: [
                            "to add to the row when it exists and create it otherwise, write `upsert: { increment: … }`"
                        ])
                case nil: continue
                }
            }
        }
        if let incrementNode { refuseSetAndIncrement(explicit, increment, verb: verb, at: incrementNode) }
        let projection = context.projection
        var values: [FieldAssignment] = []
        var complete = true
        for field in projection.fields {
            if increment.contains(where: { $0.field == field.name }) {
                // A new row's counter starts from its default (zero without one); the increment is added.
                values.append(FieldAssignment(field: field.name, value: .literal(field.defaultValue ?? .integer("0"))))
            } else if let assignment = explicit.first(where: { $0.field == field.name }) {
                values.append(assignment)
            } else if let eventField = context.eventField(field.name) {
                guard Self.fits(eventField.type, into: field.type) else {
                    error(
                        "'\(verb)' would fill row field '\(field.name)' ('\(field.type)') of projection '\(projection.name)' from the field '\(field.name)' of \(context.eventDescription), which is '\(eventField.type)'",
                        at: anchor,
                        notes: ["give it a value of its type with `\(verb): { set: { \(field.name): EXPR } }`"]
                    )
                    complete = false
                    continue
                }
                values.append(FieldAssignment(field: field.name, value: .eventField(field.name)))
            } else if let remembered = context.remembered(field.name) {
                guard context.carries(remembered) else {
                    error(context.neverCarried(remembered), at: anchor)
                    complete = false
                    continue
                }
                guard Self.fits(remembered.type, into: field.type) else {
                    error(
                        "'\(verb)' would fill row field '\(field.name)' ('\(field.type)') of projection '\(projection.name)' with the remembered '\(field.name)', which is '\(remembered.type)'",
                        at: anchor)
                    complete = false
                    continue
                }
                values.append(FieldAssignment(field: field.name, value: .remembered(field.name)))
            } else if projection.key.contains(field.name) {
                let idType = Self.streamIdentifierType(of: context.aggregate)
                guard Self.fits(idType, into: field.type) else {
                    error(
                        "'\(verb)' would fill key field '\(field.name)' ('\(field.type)') of projection '\(projection.name)' with the stream identifier of '\(context.aggregate.name)', which is '\(idType)'",
                        at: anchor,
                        notes: ["give it a value of its type with `\(verb): { set: { \(field.name): EXPR } }`"]
                    )
                    complete = false
                    continue
                }
                values.append(FieldAssignment(field: field.name, value: .streamID))
            } else if let defaultValue = field.defaultValue {
                values.append(FieldAssignment(field: field.name, value: .literal(defaultValue)))
            } else if field.type.isOptional {
                values.append(FieldAssignment(field: field.name, value: .literal(.null)))
            } else if !field.type.isInvalid && !brokenProjections.contains(projection.name) {
                error(
                    "'\(verb)' leaves row field '\(field.name)' of projection '\(projection.name)' without a value: \(context.eventDescription) has no field '\(field.name)' and the row field has no default",
                    at: anchor,
                    notes: [
                        "give it one with `\(verb): { set: { \(field.name): EXPR } }`, a 'default', or make it optional"
                    ]
                )
                complete = false
            }
        }
        guard complete else { return nil }
        if !increment.isEmpty {
            return .merge(
                values: values, set: explicit.filter { !projection.key.contains($0.field) }, increment: increment)
        }
        return .insert(values: values, upsert: upsert)
    }

    mutating func readUpdate(_ node: NodeID, at anchor: NodeID, _ context: HandlerContext) -> ProjectionAction? {
        var key: [Expression]?
        var set: [FieldAssignment] = []
        var increment: [FieldAssignment] = []
        var incrementNode: NodeID?
        var append: [FieldAssignment] = []
        var remove: [FieldAssignment] = []
        for (attributeKey, value) in mapping(node, what: "'update'") {
            guard let which = self.key(attributeKey, as: UpdateKey.self, in: "'update'") else { continue }
            switch which {
            case .key: key = readKeyExpressions(value, context)
            case .set: set = readAssignments(value, increment: false, allowKeyFields: false, context)
            case .increment:
                incrementNode = value
                increment = readAssignments(value, increment: true, allowKeyFields: false, context)
            case .append: append = readElementChanges(value, verb: "append", context)
            case .remove: remove = readElementChanges(value, verb: "remove", context)
            }
        }
        for change in append + remove where set.contains(where: { $0.field == change.field }) {
            error(
                "'update' both sets field '\(change.field)' and changes its elements", at: node,
                notes: ["'set' replaces the whole array: leave '\(change.field)' out of 'set'"])
        }
        if set.isEmpty, increment.isEmpty, append.isEmpty, remove.isEmpty,
            document.pairs(of: node).allSatisfy({ document.isScalar($0.key, equalTo: "key") })
        {
            error(
                "'update' changes nothing",
                at: anchor,
                notes: ["write `update: { set: { field: EXPR } }` or `update: { increment: { field: EXPR } }`"]
            )
        }
        if let incrementNode { refuseSetAndIncrement(set, increment, verb: "update", at: incrementNode) }
        guard let key = key ?? defaultKey(for: "update", at: anchor, context) else { return nil }
        return .update(key: key, set: set, increment: increment, append: append, remove: remove)
    }

    /// An error at `increment` for each field both set and incremented (whatever order the keys come in).
    mutating func refuseSetAndIncrement(
        _ set: [FieldAssignment], _ increment: [FieldAssignment], verb: String, at node: NodeID
    ) {
        for assignment in increment where set.contains(where: { $0.field == assignment.field }) {
            error("'\(verb)' both sets and increments field '\(assignment.field)'", at: node)
        }
    }

    /// The row field `key` names in `what` (`'set'`, `'append'`, …); an error with a did-you-mean when the
    /// projection has none, and when it is a key field that `what` may not change.
    mutating func rowField(named key: NodeID, in what: String, allowKeyFields: Bool, _ context: HandlerContext)
        -> Field?
    {
        guard let name = name(key, in: what) else { return nil }
        let projection = context.projection
        guard let field = context.rowField(name) else {
            let suggestion = Suggestion.didYouMean(name, in: projection.fields.map(\.name))
            error(
                "\(what) names '\(name)', which is not a field of projection '\(projection.name)'\(suggestion)",
                at: key)
            return nil
        }
        if !allowKeyFields, projection.key.contains(name) {
            error("\(what) cannot change key field '\(name)': the key identifies the row", at: key)
            return nil
        }
        return field
    }

    /// `append: { field: EXPR }` or `remove: { field: EXPR }` of an `update`: each field an array field of
    /// the row (not a key field), each EXPR a value of its element type.
    mutating func readElementChanges(_ node: NodeID, verb: String, _ context: HandlerContext) -> [FieldAssignment] {
        var changes: [FieldAssignment] = []
        for (key, value) in mapping(node, what: "'\(verb)'") {
            guard let field = rowField(named: key, in: "'\(verb)'", allowKeyFields: false, context) else { continue }
            let name = field.name
            guard case .array(let element) = field.type else {
                if !field.type.isInvalid {
                    error(
                        "cannot \(verb) an element to field '\(name)' ('\(field.type)'): only array fields have elements",
                        at: key)
                }
                continue
            }
            let elementField = Field(name: "\(name)[]", type: element, location: field.location)
            if let expression = readExpression(value, into: elementField, context) {
                changes.append(FieldAssignment(field: name, value: expression))
            }
        }
        return changes
    }

    mutating func readDelete(_ node: NodeID?, at anchor: NodeID, _ context: HandlerContext) -> ProjectionAction? {
        var key: [Expression]?
        if let node {
            for (attributeKey, value) in mapping(node, what: "'delete'") {
                guard self.key(attributeKey, as: DeleteKey.self, in: "'delete'") != nil else { continue }
                key = readKeyExpressions(value, context)
            }
        }
        guard let key = key ?? defaultKey(for: "delete", at: anchor, context) else { return nil }
        return .delete(key: key)
    }

    /// The remembered values of the event's stream when they are the key; else `[.streamID]` when the key is
    /// one field whose type the stream identifier fits.
    mutating func defaultKey(for verb: String, at anchor: NodeID, _ context: HandlerContext) -> [Expression]? {
        let projection = context.projection
        // Every key field remembered for this event's streams: the row is the one of the remembered values.
        let remembered = projection.key.compactMap { name in
            context.remembered(name).flatMap { context.carries($0) ? $0 : nil }
        }
        if !projection.key.isEmpty, remembered.count == projection.key.count,
            !projection.key.contains(where: { context.eventField($0) != nil })
        {
            return remembered.map { .remembered($0.name) }
        }
        guard projection.key.count == 1 else {
            if projection.key.count > 1 {
                error(
                    "projection '\(projection.name)' has the composite key [\(projection.key.joined(separator: ", "))]; '\(verb)' needs its 'key'",
                    at: anchor,
                    notes: [
                        "write `\(verb): { key: [\(projection.key.map { _ in "EXPR" }.joined(separator: ", "))] }`, one EXPR per key field in key order"
                    ]
                )
            }
            return projection.key.isEmpty ? [.streamID] : nil
        }
        let idType = Self.streamIdentifierType(of: context.aggregate)
        if let field = context.rowField(projection.key[0]), !Self.fits(idType, into: field.type) {
            error(
                "'\(verb)' finds the row of projection '\(projection.name)' by the stream identifier of '\(context.aggregate.name)' ('\(idType)'), but its key '\(field.name)' is '\(field.type)'",
                at: anchor,
                notes: ["give the key explicitly with `\(verb): { key: EXPR }`"]
            )
            return nil
        }
        return [.streamID]
    }

    /// `key: EXPR` (a simple key) or `key: [EXPR, …]` (one per key field, in key order).
    mutating func readKeyExpressions(_ node: NodeID, _ context: HandlerContext) -> [Expression]? {
        let projection = context.projection
        let items: [NodeID] = document[node].kind == .sequence ? Array(document.items(of: node)) : [node]
        guard items.count == projection.key.count else {
            if !projection.key.isEmpty {
                error(
                    "'key' gives \(items.count) value\(items.count == 1 ? "" : "s") for the key [\(projection.key.joined(separator: ", "))] of projection '\(projection.name)'",
                    at: node,
                    notes: ["give one EXPR per key field, in key order"]
                )
            }
            return nil
        }
        var expressions: [Expression] = []
        for (item, name) in zip(items, projection.key) {
            guard let field = context.rowField(name),
                let expression = readExpression(item, into: field, context)
            else { return nil }
            expressions.append(expression)
        }
        return expressions
    }

    /// A mapping of row field → EXPR (`set`, `increment`).
    mutating func readAssignments(
        _ node: NodeID,
        increment: Bool,
        allowKeyFields: Bool,
        _ context: HandlerContext
    ) -> [FieldAssignment] {
        let what = increment ? "'increment'" : "'set'"
        var assignments: [FieldAssignment] = []
        for (key, value) in mapping(node, what: what) {
            guard let field = rowField(named: key, in: what, allowKeyFields: allowKeyFields, context) else { continue }
            let name = field.name
            if increment {
                guard let builtin = builtin(field.type), builtin.isNumeric else {
                    if !field.type.isInvalid {
                        error(
                            "cannot increment field '\(name)' ('\(field.type)'): only non-optional number fields can be incremented",
                            at: key)
                    }
                    continue
                }
            }
            if let expression = readExpression(value, into: field, use: increment ? .increment : .value, context) {
                assignments.append(FieldAssignment(field: name, value: expression))
            }
        }
        return assignments
    }
}
