import CQRSSpec

/// The names of a spec's HTTP operations: the cases of the generated `HTTP.Operation` (escaped where they
/// are keywords) and, unescaped, the OpenAPI document's `operationId`s, so that the two always agree.
struct HTTPOperationNames {
    /// The name of each operation, unescaped.
    let names: [HTTPRoute.Operation: String]

    /// The names of `spec`'s operations: a query's and a count's name in lowerCamelCase; a command's as a
    /// reaction's `Command` case names it, with `Command` after it (and a number, if need be) when that is
    /// a query's or a count's name too.
    init(spec: Spec) {
        var names: [HTTPRoute.Operation: String] = [:]
        for query in spec.queries {
            names[.query(query.name)] = SpecNaming.lowerCamelCase(query.name)
            if query.counts {
                names[.count(query: query.name)] = SpecNaming.lowerCamelCase(query.countName)
            }
        }
        let queryNames = Set(names.values)
        let commands = spec.aggregates.flatMap { aggregate in
            aggregate.commands.map { CommandReference(aggregate: aggregate.name, command: $0.name) }
        }
        let commandNames = Translator.commandCaseNames(commands)
        var taken = queryNames.union(commandNames.values)
        for command in commands {
            guard var name = commandNames[command] else { continue }
            if queryNames.contains(name) {
                // `Command` after it, and a number after that when another name has that too.
                var candidate = name + "Command"
                var number = 2
                while taken.contains(candidate) {
                    candidate = name + "Command\(number)"
                    number += 1
                }
                name = candidate
                taken.insert(name)
            }
            names[.command(aggregate: command.aggregate, command: command.command)] = name
        }
        self.names = names
    }

    /// The operation's name, unescaped (an `operationId`).
    func name(of operation: HTTPRoute.Operation) -> String { names[operation] ?? "" }

    /// The operation's `HTTP.Operation` case, escaped.
    func caseName(of operation: HTTPRoute.Operation) -> String { SwiftNaming.escaped(name(of: operation)) }
}
