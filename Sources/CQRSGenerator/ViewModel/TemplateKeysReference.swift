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
    public static let version = 5

    /// The keys of the root (`SpecViewModel`) that every template may use inside any section: the
    /// domain's name, the declarations' access level and the spec's file name. Any other name is a key
    /// of the type the tag is rendered against; nothing else is looked up in enclosing sections.
    public static let globalKeys: Set<String> = ["domain", "access", "specFileName"]

    /// The page.
    public static var markdown: String {
        var lines = [
            "# Template keys (version \(version))",
            "",
            "What a template in `Templates/` (or an override of one) can name, by the view-model type it is",
            "rendered against. Every file template starts at `SpecViewModel`; a section of a `model`,",
            "`optional` or `list` key renders inside that key's type, and its tags name keys of that type.",
            "The global keys \(globalKeys.sorted().map { "`\($0)`" }.joined(separator: ", ")) of `SpecViewModel`",
            "may be used anywhere; the built-in templates use no other key of an enclosing section (a test",
            "checks it), so that a tag means the same wherever its section is. Made by `cqrs-gen template-keys`.",
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
