extension SpecValidator {
    /// What a reaction's `on` entry's EXPRs are read against: the event and its aggregate (a reaction
    /// remembers nothing of its streams).
    struct ReactionContext: EventExpressionContext {
        var aggregate: Aggregate
        var event: Event
        /// The reaction, for messages.
        var reaction: String

        func remembered(_ name: String) -> Projection.RememberedValue? { nil }

        /// `the 'on' entry for event 'OrderPlaced' of reaction 'ReserveStock'`, for messages.
        var entryDescription: String { "the 'on' entry for \(eventDescription) of reaction '\(reaction)'" }
    }

    /// The commands a reaction's `sends` lists: those that resolve, and the text of those that do not (already
    /// reported; while there is one, a `send:` of a command not among the others reports nothing more).
    struct DeclaredSends {
        /// Whether the reaction's `sends` lists anything.
        var isDeclared = false
        var commands: [CommandReference] = []
        var unresolved: [String] = []
    }

    // MARK: Reactions

    mutating func readReactions(_ section: NodeID?) -> [Reaction] {
        var reactions: [Reaction] = []
        for (key, value) in mapping(section, what: "'reactions'") {
            guard document[key].kind == .scalar else { continue }
            reactions.append(readReaction(document.text(of: key), key: key, value: value))
        }
        return reactions
    }

    mutating func readReaction(_ name: String, key: NodeID, value: NodeID) -> Reaction {
        func context() -> String { "reaction '\(name)'" }
        var reaction = Reaction(name: name, start: .beginning, handlers: [], location: document[key].location)
        var fromNode: NodeID?
        var sendsNode: NodeID?
        var rejected: (key: NodeID, value: NodeID)?
        var onNode: NodeID?
        for (attributeKey, attributeValue) in mapping(value, what: context()) {
            guard let which = self.key(attributeKey, as: ReactionKey.self, in: context()) else { continue }
            switch which {
            case .description: reaction.description = string(attributeValue, what: "'description'")
            case .from: fromNode = attributeValue
            case .sends: sendsNode = attributeValue
            case .rejected: rejected = (attributeKey, attributeValue)
            case .on: onNode = attributeValue
            }
        }
        guard document[value].kind != .alias else { return reaction }
        if let fromNode {
            reaction.start = readStart(fromNode, in: context()) ?? .beginning
        } else {
            missingKey(
                "from", in: value, "\(context()) has no 'from'; it is required: `from: beginning` or `from: now`",
                at: reaction.location, notes: [Self.startNote])
        }
        var sends = DeclaredSends()
        if let sendsNode {
            sends = readSends(sendsNode, in: context())
            reaction.sends = sends.commands
        }
        if let rejected {
            reaction.rejectedIsCustom = readRejected(rejected.key, rejected.value, sends: sends, in: context())
        }
        if let onNode {
            reaction.handlers = readReactionHandlers(onNode, of: name, sends: sends)
        } else {
            missingKey(
                "on", in: value, "\(context()) has no 'on'", at: reaction.location,
                notes: ["name the events it reacts to under `on:`"])
        }
        return reaction
    }

    /// Why `from` is required.
    static let startNote =
        "a reaction says where it starts on its first deployment, so that adding one never replays history by accident: `beginning` reacts to every event already recorded, `now` only to the events recorded after it first runs"

    /// `from: beginning | now`, or `nil` after reporting anything else.
    mutating func readStart(_ node: NodeID, in context: String) -> Reaction.Start? {
        choice(node, key: "from", in: context, note: Self.startNote)
    }

    /// `sends: [Command, Aggregate.Command, …]` (or one command): each a command of some aggregate, once.
    mutating func readSends(_ node: NodeID, in context: String) -> DeclaredSends {
        let items: [NodeID]
        switch document[node].kind {
        case .scalar where !document.isNull(node): items = [node]
        case .scalar: items = []
        case .sequence: items = Array(document.items(of: node))
        default:
            report(node, "'sends' of \(context) must be a command or a list of commands")
            // Taken as declared, so that its entries' `send`s are not reported again.
            return DeclaredSends(isDeclared: true, unresolved: [""])
        }
        // `sends: []` declares nothing.
        var sends = DeclaredSends(isDeclared: !items.isEmpty)
        for item in items {
            guard let text = string(item, what: "a command in 'sends' of \(context)") else { continue }
            guard let (aggregate, command) = resolveCommandReference(text, at: item) else {
                sends.unresolved.append(text)
                continue
            }
            let reference = CommandReference(aggregate: aggregate.name, command: command.name)
            if sends.commands.contains(reference) {
                error("'sends' of \(context) lists the command '\(reference)' twice", at: item)
            } else {
                sends.commands.append(reference)
            }
        }
        return sends
    }

    /// `rejected: custom`, which needs `sends`; whether it was given and valid.
    mutating func readRejected(_ key: NodeID, _ node: NodeID, sends: DeclaredSends, in context: String) -> Bool {
        guard let text = string(node, what: "'rejected' of \(context)") else { return false }
        guard text == "custom" else {
            error(
                "'rejected' of \(context) is '\(text)'; the only value is custom\(Suggestion.didYouMean(text, in: ["custom"]))",
                at: node,
                notes: [
                    "`rejected: custom` hands each refused command to a method you write; without it, a refused command is recorded and skipped"
                ])
            return false
        }
        guard sends.isDeclared else {
            error(
                "\(context) has 'rejected: custom' but no 'sends': it sends no command that could be refused", at: key,
                notes: ["declare the commands it sends with `sends: [Command]`, or remove 'rejected'"])
            return false
        }
        return true
    }

    // MARK: `on` entries

    mutating func readReactionHandlers(_ node: NodeID, of reaction: String, sends: DeclaredSends) -> [Reaction.Handler]
    {
        let pairs = mapping(node, what: "'on' of reaction '\(reaction)'")
        if pairs.isEmpty, document[node].kind != .alias {
            error("reaction '\(reaction)' reacts to no events", at: node)
        }
        var handlers: [Reaction.Handler] = []
        for (key, value) in pairs {
            guard let reference = string(key, what: "an event name in 'on'"),
                let (aggregate, event) = resolveEventReference(reference, at: key)
            else { continue }
            let eventReference = EventReference(aggregate: aggregate.name, event: event.name)
            let earlier = handlers.first { $0.event == eventReference }?.location
            if repeatsEvent(eventReference, first: earlier, of: "reaction '\(reaction)'", at: key) { continue }
            let context = ReactionContext(aggregate: aggregate, event: event, reaction: reaction)
            guard let action = readReactionAction(value, at: key, sends: sends, context) else { continue }
            handlers.append(Reaction.Handler(event: eventReference, action: action, location: document[key].location))
        }
        return handlers
    }

    /// What an `on` entry of a reaction says: `custom`, or `{ send: Command, to: EXPR, set: { field: EXPR } }`.
    static let reactionEntryNote =
        "an 'on' entry of a reaction is `custom` or `{ send: Command, to: EXPR, set: { field: EXPR } }`"

    mutating func readReactionAction(
        _ node: NodeID, at eventKey: NodeID, sends: DeclaredSends, _ context: ReactionContext
    ) -> Reaction.Action? {
        switch document[node].kind {
        case .alias:
            return nil
        case .scalar:
            if document.isScalar(node, equalTo: "custom") { return .custom }
            let text = document.text(of: node)
            error(
                "unknown action '\(text)' for \(context.eventDescription) of reaction '\(context.reaction)'\(Suggestion.didYouMean(text, in: ["custom"]))",
                at: node, notes: [Self.reactionEntryNote])
            return nil
        case .sequence:
            error("\(context.entryDescription) is a list", at: node, notes: [Self.reactionEntryNote])
            return nil
        case .mapping:
            return readSend(node, at: eventKey, sends: sends, context).map { .send($0) }
        }
    }

    /// `{ send: Command, to: EXPR, set: { field: EXPR } }`: the command among `sends`, the target stream (by
    /// default the event's own, which must then be of the target's identifier type) and a value for every
    /// command field that needs one.
    mutating func readSend(_ node: NodeID, at eventKey: NodeID, sends: DeclaredSends, _ context: ReactionContext)
        -> Reaction.Send?
    {
        var sendNode: NodeID?
        var toNode: NodeID?
        var setNode: NodeID?
        for (key, value) in document.pairs(of: node) {
            if document.isScalar(key, equalTo: "custom") {
                error("'custom' takes no options; write `\(context.event.name): custom`", at: key)
                return nil
            }
            guard let which = self.key(key, as: SendKey.self, in: context.entryDescription) else { continue }
            switch which {
            case .send: sendNode = value
            case .to: toNode = value
            case .set: setNode = value
            }
        }
        guard let sendNode else {
            missingKey(
                "send", in: node, "\(context.entryDescription) has no 'send'", at: document[eventKey].location,
                notes: [
                    "write `\(context.event.name): { send: Command }`, or `\(context.event.name): custom` to handle it in Swift"
                ])
            return nil
        }
        guard let text = string(sendNode, what: "'send'"),
            let (aggregate, command) = sentCommand(text, at: sendNode, sends: sends, context)
        else { return nil }
        let reference = CommandReference(aggregate: aggregate.name, command: command.name)
        let identifier = Field(
            name: SpecNaming.streamIdentifierProperty(ofAggregate: aggregate.name),
            type: Self.streamIdentifierType(of: aggregate), location: aggregate.location)
        var complete = true
        var target = Expression.streamID
        if let toNode {
            if let expression = readExpression(toNode, into: identifier, context) {
                target = expression
            } else {
                complete = false
            }
        } else {
            let streamType = Self.streamIdentifierType(of: context.aggregate)
            if !Self.fits(streamType, into: identifier.type) {
                error(
                    "reaction '\(context.reaction)' sends '\(reference)' to the stream of \(context.eventDescription) ($streamId, '\(streamType)'), but '\(aggregate.name)' is identified by '\(identifier.type)'; add `to:`",
                    at: sendNode,
                    notes: [
                        "`to: EXPR` gives the identifier of the stream the command goes to, of type '\(identifier.type)'"
                    ])
                complete = false
            }
        }
        // The fields `set` names (even those whose EXPR was refused, so that they are not filled otherwise).
        var setFields: Set<String> = []
        // A name `set` gives that is no field is likely the field left without a value: reported once.
        var setNamesUnknownField = false
        var explicit: [FieldAssignment] = []
        if let setNode {
            for (key, value) in mapping(setNode, what: "'set' of \(context.entryDescription)") {
                guard let name = name(key, in: "'set'") else { continue }
                if name == identifier.name {
                    error(
                        "'set' names '\(name)', the identifier of the stream '\(reference)' is sent to; give it with `to:`",
                        at: key, notes: ["write `to: EXPR` beside `send:`; without it the command goes to $streamId"])
                    complete = false
                    continue
                }
                guard let field = command.fields.first(where: { $0.name == name }) else {
                    let suggestion = Suggestion.didYouMean(name, in: command.fields.map(\.name))
                    error("'set' names '\(name)', which is not a field of command '\(reference)'\(suggestion)", at: key)
                    setNamesUnknownField = true
                    complete = false
                    continue
                }
                setFields.insert(name)
                if let expression = readExpression(value, into: field, context) {
                    explicit.append(FieldAssignment(field: name, value: expression))
                } else {
                    complete = false
                }
            }
        }
        var values: [FieldAssignment] = []
        for field in command.fields {
            if setFields.contains(field.name) {
                values += explicit.filter { $0.field == field.name }
            } else if let eventField = context.eventField(field.name) {
                guard Self.fits(eventField.type, into: field.type) else {
                    error(
                        "'send' would fill field '\(field.name)' ('\(field.type)') of command '\(reference)' from the field '\(field.name)' of \(context.eventDescription), which is '\(eventField.type)'",
                        at: sendNode, notes: ["give it a value of its type with `set: { \(field.name): EXPR }`"])
                    complete = false
                    continue
                }
                values.append(FieldAssignment(field: field.name, value: .eventField(field.name)))
            } else if field.defaultValue == nil, !field.type.isOptional, !field.type.isInvalid {
                complete = false
                guard !setNamesUnknownField else { continue }
                error(
                    "'send' leaves field '\(field.name)' of command '\(reference)' without a value: \(context.eventDescription) has no field '\(field.name)' and the command field has no default",
                    at: sendNode, notes: ["set it with `set: { \(field.name): EXPR }` or give it a default"])
            }
        }
        guard complete else { return nil }
        return Reaction.Send(command: reference, target: target, values: values)
    }

    /// The command a `send:` names among the reaction's `sends` (`Command` or `Aggregate.Command`), or `nil`
    /// after reporting one that is not among them.
    mutating func sentCommand(_ text: String, at node: NodeID, sends: DeclaredSends, _ context: ReactionContext)
        -> (Aggregate, Command)?
    {
        let qualified = text.utf8.contains(UInt8(ascii: "."))
        let matches = sends.commands.filter { qualified ? $0.description == text : $0.command == text }
        guard matches.count == 1, let match = matches.first else {
            if matches.count > 1 {
                let choices = matches.map { "'\($0)'" }.joined(separator: " or ")
                error(
                    "command '\(text)' is ambiguous among the 'sends' of reaction '\(context.reaction)'; write \(choices)",
                    at: node)
            } else if !sends.isDeclared {
                error(
                    "reaction '\(context.reaction)' sends '\(text)' but declares no 'sends'; it sends nothing",
                    at: node,
                    notes: [
                        "declare the commands it may send, like `sends: [\(text)]`; a reaction without 'sends' only calls out, with `custom` entries"
                    ])
            } else if sends.unresolved.isEmpty {
                let listed = sends.commands.map { "'\($0)'" }.joined(separator: ", ")
                let names = sends.commands.map(\.command) + sends.commands.map(\.description)
                error(
                    "reaction '\(context.reaction)' sends '\(text)', which is not among its 'sends' (\(listed))\(Suggestion.didYouMean(text, in: names))",
                    at: node, notes: ["a reaction sends only the commands its 'sends' lists: add it there"])
            }
            return nil
        }
        guard let index = aggregateIndex[match.aggregate],
            let command = aggregates[index].commands.first(where: { $0.name == match.command })
        else { return nil }
        return (aggregates[index], command)
    }
}
