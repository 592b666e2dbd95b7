extension SpecValidator {
    /// A warning a declaration silences: `silence: [unread-projection]`.
    struct Silence {
        var warning: SpecWarning
        /// Where the name stands in `silence`.
        var location: SourceLocation
        /// The declaration, for messages: `projection 'UserOrders'`.
        var context: String
    }

    /// `silence: [name, …]` (or one name) of the declaration of `kind` whose name stands at `declaration`:
    /// each a warning such a declaration can have, once.
    mutating func readSilence(
        _ node: NodeID, of kind: SpecWarning.Declaration, declaredAt declaration: SourceLocation, in context: String
    ) {
        guard !document.isNull(node) else { return }
        let items: [NodeID] = document[node].kind == .sequence ? Array(document.items(of: node)) : [node]
        let names = SpecWarning.allCases.filter { $0.declaration == kind }.map(\.rawValue)
        let choices = "\(context) can silence \(names.map { "'\($0)'" }.joined(separator: ", "))"
        for item in items {
            guard let name = string(item, what: "a warning in 'silence' of \(context)") else { continue }
            guard let warning = SpecWarning(rawValue: name) else {
                error(
                    "unknown warning '\(name)' in 'silence' of \(context)\(Suggestion.didYouMean(name, in: names))",
                    at: item, notes: [choices])
                continue
            }
            guard let owner = warning.declaration else {
                error(
                    "'\(name)' cannot be silenced", at: item,
                    notes: ["remove the names in 'silence' that silence nothing"])
                continue
            }
            guard owner == kind else {
                error(
                    "\(context) never has the warning '\(name)': it is about a \(owner.rawValue)", at: item,
                    notes: [choices])
                continue
            }
            if silences[declaration, default: []].contains(where: { $0.warning == warning }) {
                error("'silence' of \(context) lists '\(name)' twice", at: item)
                continue
            }
            silences[declaration, default: []].append(
                Silence(warning: warning, location: document[item].location, context: context))
        }
    }

    /// Keeps the warnings their declarations do not silence; then, when the spec has no error (so that every
    /// warning was looked for), warns of each silence that silenced nothing.
    mutating func applySilences() {
        var used: Set<SourceLocation> = []
        for (diagnostic, declaration) in namedWarnings {
            if let silence = silences[declaration]?.first(where: { $0.warning == diagnostic.warning }) {
                used.insert(silence.location)
            } else {
                diagnostics.append(diagnostic)
            }
        }
        namedWarnings = []
        guard errorCount == 0 else { return }
        for silence in silences.values.joined() where !used.contains(silence.location) {
            var diagnostic = Diagnostic(
                severity: .warning,
                message: "'silence' of \(silence.context) names '\(silence.warning.rawValue)', which it does not have",
                path: path, location: silence.location,
                notes: ["remove '\(silence.warning.rawValue)' from 'silence'"])
            diagnostic.warning = .unusedSilence
            diagnostics.append(diagnostic)
        }
    }
}
