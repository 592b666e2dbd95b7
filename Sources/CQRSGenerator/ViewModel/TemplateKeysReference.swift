/// The keys templates can use, as a Markdown page: every view-model type reachable from the root,
/// with each key's kind. It is made from the same `TemplateModel` keys the renderer uses, so it
/// cannot drift; `cqrs-gen template-keys` prints it and `docs/TemplateKeys.md` is a copy that a test
/// keeps in step.
///
/// ```swift
/// print(TemplateKeysReference.markdown)
/// ```
public enum TemplateKeysReference {
    /// The version of the key tree. It changes whenever a key is removed, renamed or changes kind,
    /// so that an override written against an older tree can be told apart.
    public static let version = 3

    /// The page.
    public static var markdown: String {
        var lines = [
            "# Template keys (version \(version))",
            "",
            "What a template in `Templates/` (or an override of one) can name, by the view-model type it is",
            "rendered against. Every file template starts at `SpecViewModel`; a section of a `model`,",
            "`optional` or `list` key renders inside that key's type; a name that the current type lacks",
            "is looked up in the enclosing ones, as Mustache does. Made by `cqrs-gen template-keys`.",
        ]
        var seen: Set<String> = []
        var pending: [any TemplateModel.Type] = [SpecViewModel.self]
        while !pending.isEmpty {
            let type = pending.removeFirst()
            let name = "\(type)"
            guard seen.insert(name).inserted else { continue }
            lines += ["", "## \(name)", "", "| key | kind |", "|---|---|"]
            for (key, kind) in type.templateKeyKinds {
                lines.append("| `\(key)` | \(describe(kind)) |")
                if let nested = kind.sectionModel { pending.append(nested) }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func describe(_ kind: TemplateKeyKind) -> String {
        switch kind {
        case .text: "text"
        case .number: "number"
        case .flag: "flag"
        case .model(let type): "model: \(type)"
        case .optional(let type): "optional: \(type)"
        case .list(let type): "list of \(type)"
        }
    }
}
