/// A type as written in a spec: a builtin, a declared type, or a composite of them.
///
/// `[LineItem]`, `{String: Int}` (read as `[String: Int]`) and `Seats?` are all type expressions.
public indirect enum TypeExpression: Hashable, Sendable, CustomStringConvertible {
    /// A builtin such as `String` or a type declared under `types`.
    case named(String)
    /// `[T]`.
    case array(TypeExpression)
    /// `[K: V]`.
    case dictionary(key: TypeExpression, value: TypeExpression)
    /// `T?`.
    case optional(TypeExpression)

    /// The expression in Swift's own spelling, e.g. `[String: Int]?`.
    public var description: String {
        switch self {
        case .named(let name): name
        case .array(let element): "[\(element)]"
        case .dictionary(let key, let value): "[\(key): \(value)]"
        case .optional(let wrapped): "\(wrapped)?"
        }
    }

    /// Whether the outermost type is optional.
    public var isOptional: Bool {
        if case .optional = self { return true }
        return false
    }

    /// The type without its outermost `?`, if any.
    public var nonOptional: TypeExpression {
        if case .optional(let wrapped) = self { return wrapped }
        return self
    }
}

/// The builtin types every spec may use.
public enum BuiltinType: String, CaseIterable, Hashable, Sendable {
    case string = "String"
    case int = "Int"
    case int32 = "Int32"
    case int64 = "Int64"
    case uint = "UInt"
    case double = "Double"
    case float = "Float"
    case bool = "Bool"
    case decimal = "Decimal"
    case date = "Date"
    case uuid = "UUID"
    case data = "Data"
    case url = "URL"

    /// Whether values of this type are numbers (and so take `minimum`/`maximum` constraints).
    public var isNumeric: Bool {
        switch self {
        case .int, .int32, .int64, .uint, .double, .float, .decimal: true
        default: false
        }
    }

    /// Whether values of this type are numbers that may be negative (every number type but `UInt`), so that
    /// an `increment` may subtract them (`-amount`).
    public var isSigned: Bool { isNumeric && self != .uint }

    /// Whether values of this type are whole numbers.
    public var isInteger: Bool {
        switch self {
        case .int, .int32, .int64, .uint: true
        default: false
        }
    }
}
