/// What an EXPR of an `on` entry gives a row field, which its errors say: `cannot set 'total' ('Int') to …`
/// for a value, `cannot increment 'total' ('Int') by …` for an `increment`.
enum ExpressionUse {
    /// The field's value (`set`, a row's key, an element to append or remove).
    case value
    /// An amount added to the field (`increment`), which may be negated (`-amount`).
    case increment

    /// The start of an error about an EXPR for `target`: `cannot set 'total' ('Int') to`.
    func cannot(_ target: Field) -> String {
        let field = "'\(target.name)' ('\(target.type)')"
        return switch self {
        case .value: "cannot set \(field) to"
        case .increment: "cannot increment \(field) by"
        }
    }
}
