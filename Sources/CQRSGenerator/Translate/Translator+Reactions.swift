import CQRSSpec

/// Reactions: the commands they may send, the aggregate definitions they send them with, and their `on`
/// entries as Swift.
extension Translator {
    func reaction(_ reaction: Reaction) -> ReactionViewModel {
        let aggregates = reaction.sends.map(\.aggregate).reduce(into: [String]()) { names, name in
            if !names.contains(name) { names.append(name) }
        }
        let commandCases = commandCaseNames(reaction.sends)
        let customEntries = reaction.handlers.filter { $0.action == .custom }
        return ReactionViewModel(
            name: reaction.name,
            nameLiteral: SwiftNaming.stringLiteral(reaction.name),
            propertyName: applicationName(reaction.name, suffix: "Handler"),
            docLines: docLines(reaction.description),
            start: ".\(reaction.start.rawValue)",
            commands: reaction.sends.map { command in
                ReactionCommandViewModel(
                    caseName: commandCases[command] ?? SwiftNaming.escaped(SpecNaming.lowerCamelCase(command.command)),
                    type: commandSwiftType(command),
                    nameLiteral: SwiftNaming.stringLiteral(command.command),
                    definition: definitionProperty(command.aggregate)
                )
            },
            definitions: aggregates.map { aggregate in
                ReactionDefinitionViewModel(
                    aggregate: aggregate,
                    property: definitionProperty(aggregate),
                    type: "\(spec.domain).\(aggregate).Definition",
                    applicationProperty: applicationName(aggregate, suffix: "Definition")
                )
            },
            hasCustom: reaction.hasCustom,
            rejectedIsCustom: reaction.rejectedIsCustom,
            customHandlers: customEntries.map {
                ReactionHandlerViewModel(
                    eventType: eventSwiftType($0.event), idType: idType(of: $0.event),
                    commandType: "\(spec.domain).\(reaction.name).Command", sendsCommands: !reaction.sends.isEmpty)
            },
            cases: reaction.handlers.map {
                reactionCase($0, sendsCommands: !reaction.sends.isEmpty, cases: commandCases)
            }
        )
    }

    /// The case of each command in a reaction's `Command` enum: the command's name in lowerCamelCase, or
    /// with its aggregate's in front when two aggregates' commands share a name (every case, when that
    /// still leaves two alike).
    func commandCaseNames(_ commands: [CommandReference]) -> [CommandReference: String] {
        Self.commandCaseNames(commands).mapValues(SwiftNaming.escaped)
    }

    /// ``commandCaseNames(_:)`` before escaping keywords.
    static func commandCaseNames(_ commands: [CommandReference]) -> [CommandReference: String] {
        func cases(qualified: Bool) -> [CommandReference: String] {
            var counts: [String: Int] = [:]
            for command in commands { counts[command.command, default: 0] += 1 }
            return Dictionary(
                commands.map { command in
                    let name =
                        qualified || counts[command.command, default: 0] > 1
                        ? SpecNaming.lowerCamelCase(command.aggregate) + command.command : command.command
                    return (command, SpecNaming.lowerCamelCase(name))
                },
                uniquingKeysWith: { first, _ in first })
        }
        // Qualifying only the shared names can collide with another command's own name (`Acct.Ping` and
        // `Other.AcctPing`): then every case is qualified.
        let short = cases(qualified: false)
        return Set(short.values).count == short.count ? short : cases(qualified: true)
    }

    /// The reaction's property (and initializer label) holding an aggregate's definition: `Account` →
    /// `accountDefinition`; the suffix keeps it apart from the reaction's own members (`name`, `start`, …).
    func definitionProperty(_ aggregate: String) -> String {
        applicationName(aggregate, suffix: "Definition")
    }

    func commandSwiftType(_ command: CommandReference) -> String {
        "\(spec.domain).\(command.aggregate).\(command.command)"
    }

    func reactionCase(_ handler: Reaction.Handler, sendsCommands: Bool, cases: [CommandReference: String])
        -> ReactionCaseViewModel
    {
        var result = ReactionCaseViewModel(
            eventType: eventSwiftType(handler.event), idType: idType(of: handler.event), usesPayload: false,
            usesContext: false, customSends: false, customCallsOut: false)
        switch handler.action {
        case .custom:
            result.customSends = sendsCommands
            result.customCallsOut = !sendsCommands
            result.usesPayload = true
            result.usesContext = true
        case .send(let send):
            guard let aggregate = spec.aggregates.first(where: { $0.name == send.command.aggregate }),
                let command = aggregate.commands.first(where: { $0.name == send.command.command })
            else { break }
            let fields = Dictionary(command.fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            func note(_ expression: Expression) {
                switch expression {
                case .eventField: result.usesPayload = true
                case .streamID, .position, .recordedAt, .version: result.usesContext = true
                case .negated(let operand): note(operand)
                case .remembered, .literal: break
                }
            }
            note(send.target)
            for assignment in send.values { note(assignment.value) }
            let idProperty = SpecNaming.streamIdentifierProperty(ofAggregate: aggregate.name)
            result.send = ReactionSendViewModel(
                caseName: cases[send.command] ?? SwiftNaming.escaped(SpecNaming.lowerCamelCase(command.name)),
                type: commandSwiftType(send.command),
                target: ColumnValueViewModel(
                    key: SwiftNaming.argumentLabel(idProperty),
                    value: value(send.target, type: .named(aggregate.idType.typeName))),
                arguments: send.values.map { assignment in
                    ColumnValueViewModel(
                        key: SwiftNaming.argumentLabel(assignment.field),
                        value: value(assignment.value, type: fields[assignment.field]?.type ?? .named("String")))
                }
            )
        }
        return result
    }
}
