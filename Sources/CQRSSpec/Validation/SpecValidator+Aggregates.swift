extension SpecValidator {
    /// Registers every aggregate's name and the names of its events and commands, so that `emits`,
    /// projections and reactions can refer to them wherever they stand in the file.
    mutating func registerAggregates(_ section: NodeID?) {
        guard let section else { return }
        let pairs = mapping(section, what: "'aggregates'")
        if pairs.isEmpty, document[section].kind != .alias {
            error("'aggregates' is empty; a spec declares at least one aggregate", at: section)
        }
        for (key, value) in pairs {
            guard let name = name(key, in: "'aggregates'") else { continue }
            registerGlobalName(name, kind: "aggregate", at: key)
            let index = aggregates.count
            if aggregateIndex[name] == nil {
                aggregateIndex[name] = index
            }
            aggregates.append(Aggregate(name: name, location: document[key].location))
            aggregateNodes.append(value)
            if document[value].kind == .mapping, let events = document.value(of: value, forKey: "events") {
                for (eventKey, _) in document.pairs(of: events) where document[eventKey].kind == .scalar {
                    eventOwners[document.text(of: eventKey), default: []].append(index)
                }
            }
            if document[value].kind == .mapping, let commands = document.value(of: value, forKey: "commands") {
                for (commandKey, _) in document.pairs(of: commands) where document[commandKey].kind == .scalar {
                    commandOwners[document.text(of: commandKey), default: []].append(index)
                }
            }
        }
    }

    /// Reads every registered aggregate in full.
    mutating func readAggregates() {
        for index in aggregates.indices {
            readAggregate(index, node: aggregateNodes[index])
        }
    }

    mutating func readAggregate(_ index: Int, node: NodeID) {
        let name = aggregates[index].name
        func context() -> String { "aggregate '\(name)'" }
        var commandsNode: NodeID?
        var eventsNode: NodeID?
        var snapshotNode: NodeID?
        for (key, value) in mapping(node, what: context()) {
            guard let which = self.key(key, as: AggregateKey.self, in: context()) else { continue }
            switch which {
            case .description:
                aggregates[index].description = string(value, what: "'description'")
            case .id:
                readIdentifier(value, of: index)
            case .storage:
                aggregates[index].storage = readStorage(value, in: context()) ?? .events
            case .snapshotEvery:
                snapshotNode = key
                aggregates[index].snapshotEvery = integer(value, what: "'snapshotEvery'", minimum: 1)
            case .state:
                aggregates[index].state = readFields(value, in: "the state of \(context())")
            case .commands:
                commandsNode = value
            case .events:
                eventsNode = value
            case .silence:
                readSilence(value, of: .aggregate, declaredAt: aggregates[index].location, in: context())
            }
        }
        let location = aggregates[index].location
        if let snapshotNode, aggregates[index].storage == .state {
            error(
                "\(context()) keeps its state as a row (storage: state), so it has no snapshots; remove 'snapshotEvery'",
                at: snapshotNode,
                notes: [
                    "snapshots shorten the replay of an event-sourced aggregate's events; a stored state is read in one row"
                ])
        }
        if aggregates[index].storage == .state {
            for field in aggregates[index].state where ["id", "version"].contains(field.name.lowercased()) {
                error(
                    "state field '\(field.name)' of \(context()) would be a second '\(field.name)' column of its table",
                    at: field.location,
                    notes: [
                        "a state-stored aggregate's table '\(name)_state' starts with 'id' (the stream identifier) and 'version'; rename the field"
                    ])
            }
        }
        if let eventsNode {
            let pairs = mapping(eventsNode, what: "'events' of \(context())")
            if pairs.isEmpty, document[eventsNode].kind != .alias {
                error("\(context()) has no events", at: eventsNode)
            }
            for (key, value) in pairs {
                guard let eventName = self.name(key, in: "the events of \(context())") else { continue }
                if let event = readEvent(eventName, key: key, value: value, aggregate: name) {
                    let caseName = SpecNaming.lowerCamelCase(event.name)
                    if let twin = aggregates[index].events.first(where: {
                        SpecNaming.lowerCamelCase($0.name) == caseName
                    }) {
                        redeclaration(
                            "event '\(event.name)' and the event '\(twin.name)' declared at line \(twin.location.line) would both be the case '\(caseName)' of the generated enum '\(name).Event'",
                            at: key, first: twin.location, name: twin.name,
                            notes: ["rename one of them so that their lowerCamelCase forms differ"])
                    }
                    aggregates[index].events.append(event)
                }
            }
        } else {
            missingKey(
                "events", in: node, "\(context()) has no 'events'", at: location,
                notes: ["declare the facts it records under `events:`"])
        }
        var emitted: Set<String> = []
        if let commandsNode {
            let pairs = mapping(commandsNode, what: "'commands' of \(context())")
            if pairs.isEmpty, document[commandsNode].kind != .alias {
                error("\(context()) has no commands", at: commandsNode)
            }
            for (key, value) in pairs {
                guard let commandName = self.name(key, in: "the commands of \(context())") else { continue }
                if let command = readCommand(commandName, key: key, value: value, aggregate: index) {
                    emitted.formUnion(command.emits)
                    aggregates[index].commands.append(command)
                }
            }
        } else {
            missingKey(
                "commands", in: node, "\(context()) has no 'commands'", at: location,
                notes: ["declare the requests it handles under `commands:`"])
        }
        if commandsNode != nil, !aggregates[index].commands.isEmpty,
            !aggregates[index].commands.contains(where: \.creates)
        {
            warning(
                "no command of \(context()) creates its stream, so every command fails with 'streamNotFound'",
                .uncreatedAggregate, about: location, at: location,
                notes: ["mark the command that starts a '\(name)' with `creates: true`"])
        }
        if commandsNode != nil {
            for event in aggregates[index].events where !emitted.contains(event.name) {
                warning(
                    "event '\(event.name)' of \(context()) is emitted by no command", .unemittedEvent,
                    about: event.location, at: event.location,
                    notes: ["list it in the 'emits' of the command that records it, or remove it"])
            }
        }
    }

    /// `storage: events | state`, or `nil` after reporting anything else.
    mutating func readStorage(_ node: NodeID, in context: String) -> Aggregate.Storage? {
        choice(
            node, key: "storage", in: context,
            note:
                "events: the state is folded from the aggregate's events; state: the state is a row, saved with the events it publishes"
        )
    }

    /// `id: Type`, or `id: { type: Type, minLength: …, pattern: … }` with the constraints of a field that apply
    /// to the type, checked as a field's are.
    mutating func readIdentifier(_ node: NodeID, of index: Int) {
        let context = "aggregate '\(aggregates[index].name)'"
        var typeNode: NodeID? = node
        var constraintNodes: [(key: FieldKey, keyNode: NodeID, value: NodeID)] = []
        if document[node].kind == .mapping {
            typeNode = nil
            for (key, value) in document.pairs(of: node) {
                guard let which = self.key(key, as: IdentifierKey.self, in: "the 'id' of \(context)") else { continue }
                if which == .type {
                    typeNode = value
                } else if let constraint = FieldKey(rawValue: which.rawValue) {
                    constraintNodes.append((constraint, key, value))
                }
            }
        }
        guard let typeNode else {
            missingKey(
                "type", in: node, "the 'id' of \(context) has no 'type'", at: document[node].location,
                notes: ["the long form of an identifier is `id: { type: String, maxLength: 64 }`"])
            return
        }
        let text = document[typeNode].kind == .scalar ? document.text(of: typeNode) : ""
        guard let type = Aggregate.IdentifierType(rawValue: text) else {
            let choices = Aggregate.IdentifierType.allCases.map(\.rawValue)
            report(
                typeNode,
                "the 'id' type of \(context) must be UUID, UUIDv7, String or Int64, not '\(text)'"
                    + Suggestion.didYouMean(text, in: choices))
            return
        }
        aggregates[index].idType = type
        guard !constraintNodes.isEmpty else { return }
        var field = Field(
            name: SpecNaming.streamIdentifierProperty(ofAggregate: aggregates[index].name),
            type: .named(type.typeName), location: document[node].location)
        let subject = "the id of \(context)"
        for constraint in constraintNodes {
            readConstraint(
                constraint.key, keyNode: constraint.keyNode, value: constraint.value, into: &field, subject: subject)
        }
        checkConstraintBounds(of: field, constraintNodes, subject: subject)
        aggregates[index].idConstraints = field.constraints
    }

    // MARK: Events

    mutating func readEvent(_ name: String, key: NodeID, value: NodeID, aggregate: String) -> Event? {
        guard checkMemberName(name, kind: "event", aggregate: aggregate, at: key) else { return nil }
        func context() -> String { "event '\(name)'" }
        var event = Event(name: name, location: document[key].location)
        var upcastNode: NodeID?
        for (attributeKey, attributeValue) in mapping(value, what: context()) {
            guard let which = self.key(attributeKey, as: EventKey.self, in: context()) else { continue }
            switch which {
            case .description: event.description = string(attributeValue, what: "'description'")
            case .version: event.version = integer(attributeValue, what: "'version'", minimum: 1) ?? 1
            case .fields: event.fields = readFields(attributeValue, in: context())
            case .upcast: upcastNode = attributeValue
            case .silence: readSilence(attributeValue, of: .event, declaredAt: event.location, in: context())
            }
        }
        if let upcastNode {
            event.upcasts = readUpcasts(upcastNode, of: event)
        }
        return event
    }

    mutating func readUpcasts(_ node: NodeID, of event: Event) -> [Upcast] {
        func context() -> String { "'upcast' of event '\(event.name)'" }
        var upcasts: [Upcast] = []
        for (key, value) in mapping(node, what: context()) {
            guard let version = integer(key, what: "a version in \(context())", minimum: 1) else { continue }
            guard version < event.version else {
                error(
                    "\(context()) reads version \(version), but the event's version is \(event.version); upcasts read older versions",
                    at: key,
                    notes: event.version == 1
                        ? ["declare the current schema version with `version: \(version + 1)`"] : []
                )
                continue
            }
            if upcasts.contains(where: { $0.fromVersion == version }) {
                error("\(context()) has version \(version) twice", at: key)
                continue
            }
            upcasts.append(readUpcast(value, from: version, of: event))
        }
        upcasts.sort { $0.fromVersion < $1.fromVersion }
        return upcasts
    }

    mutating func readUpcast(_ node: NodeID, from version: Int, of event: Event) -> Upcast {
        var upcast = Upcast(fromVersion: version)
        func context() -> String { "the upcast of event '\(event.name)' from version \(version)" }
        let fieldNames = event.fields.map(\.name)
        for (key, value) in mapping(node, what: context()) {
            guard let which = self.key(key, as: UpcastKey.self, in: context()) else { continue }
            switch which {
            case .defaults:
                for (fieldKey, fieldValue) in mapping(value, what: "'defaults' of \(context())") {
                    guard let name = name(fieldKey, in: "'defaults'") else { continue }
                    guard let field = event.fields.first(where: { $0.name == name }) else {
                        error(
                            "'defaults' names '\(name)', which is not a field of event '\(event.name)'\(Suggestion.didYouMean(name, in: fieldNames))",
                            at: fieldKey
                        )
                        continue
                    }
                    switch literal(fieldValue, for: field.type) {
                    case .value(let literal):
                        upcast.defaults.append(Upcast.FieldDefault(field: name, value: literal))
                    case .mismatch(let reason):
                        report(
                            fieldValue, "default for field '\(name)' does not fit its type '\(field.type)': \(reason)")
                    }
                }
            case .renamed:
                for (oldKey, newValue) in mapping(value, what: "'renamed' of \(context())") {
                    guard let old = name(oldKey, in: "'renamed'"), let new = string(newValue, what: "a new field name")
                    else { continue }
                    if !SpecNaming.isLowerCamelCase(old) {
                        error(
                            "field name '\(old)' must be a lowerCamelCase Swift identifier\(likeLowerCamel(old))",
                            at: oldKey)
                    }
                    if !fieldNames.contains(new) {
                        error(
                            "'renamed' maps '\(old)' to '\(new)', which is not a field of event '\(event.name)'\(Suggestion.didYouMean(new, in: fieldNames))",
                            at: newValue
                        )
                    } else if upcast.renamed.contains(where: { $0.to == new }) {
                        error("'renamed' maps two fields to '\(new)'", at: newValue)
                    }
                    upcast.renamed.append(Upcast.Rename(from: old, to: new))
                }
            case .removed:
                for (name, nameNode) in nameList(value, what: "'removed'") {
                    if fieldNames.contains(name) {
                        error(
                            "'removed' lists '\(name)', but it is a field of the current version of event '\(event.name)'",
                            at: nameNode,
                            notes: [
                                "'removed' lists fields that versions before \(version + 1) had and the event no longer has"
                            ]
                        )
                    } else if !SpecNaming.isLowerCamelCase(name) {
                        error(
                            "field name '\(name)' must be a lowerCamelCase Swift identifier\(likeLowerCamel(name))",
                            at: nameNode)
                    }
                    upcast.removed.append(name)
                }
            }
        }
        return upcast
    }

    // MARK: Commands

    mutating func readCommand(_ name: String, key: NodeID, value: NodeID, aggregate index: Int) -> Command? {
        let aggregate = aggregates[index]
        guard checkMemberName(name, kind: "command", aggregate: aggregate.name, at: key) else { return nil }
        if let event = aggregate.events.first(where: { $0.name == name }) {
            redeclaration(
                "command '\(name)' has the name of the event declared at line \(event.location.line) in the same aggregate",
                at: key, first: event.location, name: name
            )
        }
        func context() -> String { "command '\(name)'" }
        var command = Command(name: name, emits: [], location: document[key].location)
        var emitsNode: NodeID?
        for (attributeKey, attributeValue) in mapping(value, what: context()) {
            guard let which = self.key(attributeKey, as: CommandKey.self, in: context()) else { continue }
            switch which {
            case .description: command.description = string(attributeValue, what: "'description'")
            case .creates: command.creates = bool(attributeValue, what: "'creates'") ?? false
            case .fields: command.fields = readFields(attributeValue, in: context())
            case .emits: emitsNode = attributeValue
            case .http: command.http = readHTTPBinding(attributeValue, isQuery: false, in: context())
            case .silence: readSilence(attributeValue, of: .command, declaredAt: command.location, in: context())
            }
        }
        checkGeneratedMembers(
            of: command.fields, in: context(), members: SpecNaming.commandMemberNames, kind: "command")
        let identifier = SpecNaming.streamIdentifierProperty(ofAggregate: aggregate.name)
        for field in command.fields where field.name == identifier {
            error(
                "field '\(identifier)' of \(context()) clashes with the property '\(identifier)' that every command of '\(aggregate.name)' has for its stream identifier",
                at: field.location
            )
        }
        for field in command.fields where Self.readsAsIdentifier(field.name, beside: identifier) {
            warning(
                "field '\(field.name)' of \(context()) reads as a second identifier beside '\(identifier)', which every command of '\(aggregate.name)' has for its stream",
                .secondIdentifier, about: command.location, at: field.location,
                notes: [
                    "the stream's identifier is '\(identifier)': remove '\(field.name)', or rename it to say what else it identifies"
                ])
        }
        guard let emitsNode else {
            missingKey(
                "emits",
                in: value,
                "\(context()) has no 'emits'",
                at: document[key].location,
                notes: [
                    "list the events its handler may return, like `emits: [\(aggregate.events.first?.name ?? "SomethingHappened")]`"
                ]
            )
            return command
        }
        command.emits = readEmits(emitsNode, command: name, aggregate: aggregate)
        return command
    }

    /// Whether a command field named `name` would be taken for the stream identifier `identifier`
    /// (`giftCardId`) that generated commands have: `id`, `identifier`, `aggregateId`, or the identifier's
    /// name in another case (`giftCardID`) or spelled out (`giftCardIdentifier`). The identifier's own name
    /// and `aggregateID` are errors, not this.
    static func readsAsIdentifier(_ name: String, beside identifier: String) -> Bool {
        guard name != identifier, SpecNaming.commandMemberNames[name] == nil else { return false }
        let lowered = name.lowercased()
        let stem = String(identifier.lowercased().dropLast(2))
        return ["id", "identifier", "aggregateid", stem + "id", stem + "identifier"].contains(lowered)
    }

    mutating func readEmits(_ node: NodeID, command: String, aggregate: Aggregate) -> [String] {
        let items: [NodeID] =
            document[node].kind == .scalar && !document.isNull(node) ? [node] : Array(document.items(of: node))
        if document[node].kind == .mapping || (items.isEmpty && document[node].kind != .alias) {
            error("'emits' of command '\(command)' must list at least one event", at: node)
            return []
        }
        var emits: [String] = []
        for item in items {
            guard var name = string(item, what: "an event in 'emits'") else { continue }
            if let dot = name.utf8.firstIndex(of: UInt8(ascii: ".")), name[..<dot] == aggregate.name {
                name = String(name[name.utf8.index(after: dot)...])
            }
            if emits.contains(name) {
                error("'emits' of command '\(command)' lists '\(name)' twice", at: item)
            } else if aggregate.events.contains(where: { $0.name == name }) {
                emits.append(name)
            } else if let owners = eventOwners[name],
                let owner = owners.first(where: { aggregates[$0].name != aggregate.name })
            {
                error(
                    "event '\(name)' belongs to aggregate '\(aggregates[owner].name)'; 'emits' names events of '\(aggregate.name)' only",
                    at: item
                )
            } else if eventOwners[name] == nil {
                error(
                    "unknown event '\(name)' in 'emits'\(Suggestion.didYouMean(name, in: aggregate.events.map(\.name)))",
                    at: item)
            }
        }
        return emits
    }
}
