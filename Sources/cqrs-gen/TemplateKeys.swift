import ArgumentParser
import CQRSGenerator

/// `cqrs-gen template-keys`: prints what templates can name.
struct TemplateKeys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template-keys",
        abstract: "Prints the keys templates can use, by view-model type, as Markdown.",
        discussion: """
            For writing template overrides (`generate --templates DIR`): every view-model type a \
            template is rendered against, with each key and what it holds. The page starts with the \
            version of the key tree, which changes when a key is removed, renamed or changes kind.
            """
    )

    func run() {
        print(TemplateKeysReference.markdown, terminator: "")
    }
}
