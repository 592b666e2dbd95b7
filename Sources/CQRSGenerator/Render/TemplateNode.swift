import Mustache
import Synchronization

/// A view-model value as the Mustache renderer sees it: a dictionary of its stored properties.
///
/// Converting once, up front, makes every lookup a dictionary access (not a `Mirror` walk per tag)
/// and turns `nil` into an explicit empty value, so that a missing optional never falls through to
/// a same-named value of an enclosing section.
struct TemplateNode: MustacheParent {
    let values: [String: Any]

    func child(named name: String) -> Any? { values[name] }

    /// Converts a view-model value (structs, arrays, strings, numbers, booleans, optionals).
    static func make(_ value: Any) -> Any {
        switch value {
        case let text as String: return text
        case let flag as Bool: return flag
        case let number as Int: return number
        case let array as [Any]: return array.map(make)
        default:
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional {
                guard let wrapped = mirror.children.first else { return TemplateNull() }
                return make(wrapped.value)
            }
            var values: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label { values[label] = make(child.value) }
            }
            return TemplateNode(values: values)
        }
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
    let node: TemplateNode
    private let missing = Mutex<Set<String>>([])

    init(node: TemplateNode) {
        self.node = node
    }

    func child(named name: String) -> Any? {
        if let value = node.values[name] { return value }
        missing.withLock { _ = $0.insert(name) }
        return nil
    }

    /// The names templates asked for that the view model lacks.
    var missingNames: [String] { missing.withLock { $0.sorted() } }
}
