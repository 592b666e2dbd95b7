import CQRSSpec

/// Aggregates with their state, commands and events.
extension Translator {
    func aggregate(_ aggregate: Aggregate) -> AggregateViewModel {
        let idProperty = SwiftNaming.escaped(SpecNaming.streamIdentifierProperty(ofAggregate: aggregate.name))
        let stateSignature = aggregate.state.map { "\($0.name):\($0.type)" }.joined(separator: ";")
        return AggregateViewModel(
            name: aggregate.name,
            docLines: docLines(aggregate.description),
            idType: types.spelling(.named(aggregate.idType.typeName)),
            category: SwiftNaming.stringLiteral(aggregate.name),
            idProperty: idProperty,
            snapshot: aggregate.snapshotEvery.map(SnapshotViewModel.init(every:)),
            storesState: aggregate.storage == .state,
            stateVersion: SwiftNaming.stringLiteral(StableHash.hex(stateSignature)),
            propertyName: applicationName(aggregate.name, suffix: "Definition"),
            parameterName: applicationName(aggregate.name, suffix: "Handler"),
            state: StateViewModel(fields: fieldViewModels(aggregate.state, withDefaults: true)),
            commands: aggregate.commands.map { command($0, of: aggregate, idProperty: idProperty) },
            events: aggregate.events.map { event($0, of: aggregate) }
        )
    }

    func command(_ command: Command, of aggregate: Aggregate, idProperty: String) -> CommandViewModel {
        let fields = fieldViewModels(command.fields)
        return CommandViewModel(
            name: command.name,
            nameLiteral: SwiftNaming.stringLiteral(command.name),
            aggregate: aggregate.name,
            docLines: docLines(command.description),
            creates: command.creates,
            storesState: aggregate.storage == .state,
            idProperty: idProperty,
            idPropertyLiteral: SwiftNaming.stringLiteral(
                SpecNaming.streamIdentifierProperty(ofAggregate: aggregate.name)),
            idDefault: command.creates ? newIdentifier(of: aggregate) : nil,
            fields: fields,
            coding: CodingViewModel(fields: fieldViewModels([identifierField(of: aggregate)]) + fields),
            constraints: constraints([identifierField(of: aggregate)] + command.fields),
            emits: command.emits.map {
                EmittedViewModel(
                    caseName: SwiftNaming.escaped(SpecNaming.lowerCamelCase($0)),
                    type: "\(spec.domain).\(aggregate.name).\($0)"
                )
            },
            hasDomainAlias: uniqueMessageNames.contains(command.name)
        )
    }

    func event(_ event: Event, of aggregate: Aggregate) -> EventViewModel {
        EventViewModel(
            name: event.name,
            aggregate: aggregate.name,
            caseName: SwiftNaming.escaped(SpecNaming.lowerCamelCase(event.name)),
            docLines: docLines(event.description),
            eventType: SwiftNaming.stringLiteral("\(aggregate.name).\(event.name)"),
            laterVersion: event.version == 1
                ? nil
                : EventVersionViewModel(
                    schemaVersion: event.version,
                    upcaster: event.upcasts.isEmpty
                        ? nil
                        : UpcasterViewModel(
                            currentVersion: event.version,
                            steps: event.upcasts.map(upcastStep)
                        )
                ),
            fields: fieldViewModels(event.fields),
            hasDomainAlias: uniqueMessageNames.contains(event.name)
        )
    }

    /// The field every command of `aggregate` carries: the ID of the instance it acts on, with the constraints
    /// of the aggregate's `id`.
    func identifierField(of aggregate: Aggregate) -> Field { aggregate.identifierField }

    func upcastStep(_ upcast: Upcast) -> UpcastViewModel {
        UpcastViewModel(
            fromVersion: upcast.fromVersion,
            defaults: upcast.defaults.map {
                KeyValueViewModel(key: SwiftNaming.stringLiteral($0.field), value: types.jsonValue($0.value))
            },
            renamed: upcast.renamed.map {
                KeyValueViewModel(
                    key: SwiftNaming.stringLiteral($0.from),
                    value: SwiftNaming.stringLiteral($0.to)
                )
            },
            removed: upcast.removed.map { LiteralViewModel(literal: SwiftNaming.stringLiteral($0)) }
        )
    }

    /// What a creating command's identifier defaults to: a new random or time-ordered UUID; none for a
    /// `String` or `Int64` identifier (the caller names it).
    func newIdentifier(of aggregate: Aggregate) -> LiteralViewModel? {
        switch aggregate.idType {
        case .uuid: LiteralViewModel(literal: "Foundation.UUID.fastRandom()")
        case .uuidV7: LiteralViewModel(literal: "Foundation.UUID.timeOrdered()")
        case .string, .int64: nil
        }
    }
}
