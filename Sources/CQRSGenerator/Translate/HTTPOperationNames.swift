import CQRSSpec

/// The names of a spec's HTTP operations: the cases of the generated `HTTP.Operation` (escaped where they
/// are keywords) and, unescaped, the OpenAPI document's `operationId`s, so that the two always agree.
struct HTTPOperationNames {
    /// The name of each operation, unescaped.
    let names: [HTTPRoute.Operation: String]

    /// The names of `spec`'s operations: a query's and a count's name in lowerCamelCase; a command's as a
    /// reaction's `Command` case names it, with `Command` after it when that is a query's name too.
    init(spec: Spec) {
        var names: [HTTPRoute.Operation: String] = [:]
        for query in spec.queries {
            names[.query(query.name)] = SpecNaming.lowerCamelCase(query.name)
            names[.count(query: query.name)] = SpecNaming.lowerCamelCase(query.countName)
        }
        let taken = Set(names.values)
        let commands = spec.aggregates.flatMap { aggregate in
            aggregate.commands.map { CommandReference(aggregate: aggregate.name, command: $0.name) }
        }
        for (command, name) in Translator.commandCaseNames(commands) {
            names[.command(aggregate: command.aggregate, command: command.command)] =
                taken.contains(name) ? name + "Command" : name
        }
        self.names = names
    }

    /// The operation's name, unescaped (an `operationId`).
    func name(of operation: HTTPRoute.Operation) -> String { names[operation] ?? "" }

    /// The operation's `HTTP.Operation` case, escaped.
    func caseName(of operation: HTTPRoute.Operation) -> String { SwiftNaming.escaped(name(of: operation)) }
}
