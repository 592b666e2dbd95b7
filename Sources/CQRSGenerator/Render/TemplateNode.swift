import Mustache
import Synchronization

/// A view-model value as the Mustache renderer sees it: each lookup goes through the value's
/// `TemplateModel` keys (a closure per key), with no reflection.
///
/// An absent optional becomes an explicit empty value (`TemplateNull`), so that a missing optional
/// never falls through to a same-named value of an enclosing section.
struct ModelNode<Model: TemplateModel>: MustacheParent {
    let model: Model

    init(_ model: Model) {
        self.model = model
    }

    func child(named name: String) -> Any? {
        for key in Model.templateKeys where key.name == name {
            return key.value(model)
        }
        return nil
    }
}

/// An absent optional: an empty section, a true inverted section, no text.
struct TemplateNull: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}

/// The root of a render: the last place a name is looked up. A name that reaches it and is not
/// there is not in the view model at all, which a template must never do.
final class StrictRoot: MustacheParent {
    let node: ModelNode<SpecViewModel>
    private let missing = Mutex<Set<String>>([])

    init(node: ModelNode<SpecViewModel>) {
        self.node = node
    }

    func child(named name: String) -> Any? {
        if let value = node.child(named: name) { return value }
        missing.withLock { _ = $0.insert(name) }
        return nil
    }

    /// The names templates asked for that the view model lacks.
    var missingNames: [String] { missing.withLock { $0.sorted() } }
}
