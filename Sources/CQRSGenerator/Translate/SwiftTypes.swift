import CQRSSpec
import Foundation

/// Spells a spec's types, zero values and literals in Swift, with every declared type qualified by
/// the domain namespace and every builtin by its module (`Swift.String`, `Foundation.Date`), so that
/// no name a spec declares can shadow them inside the domain's namespace.
struct SwiftTypes {
    /// The domain namespace, e.g. `Shop`.
    let domain: String
    /// The declared types by name.
    let declarations: [String: TypeDeclaration]

    init(spec: Spec) {
        self.domain = spec.domain
        self.declarations = Dictionary(spec.types.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The Swift spelling of a type expression: `[Shop.LineItem]`, `[String: Int]?`.
    func spelling(_ type: TypeExpression) -> String {
        switch type {
        case .named(let name):
            if declarations[name] != nil { return "\(domain).\(name)" }
            return BuiltinType(rawValue: name).map(Self.qualified) ?? name
        case .array(let element):
            return "[\(spelling(element))]"
        case .dictionary(let key, let value):
            return "[\(spelling(key)): \(spelling(value))]"
        case .optional(let wrapped):
            return "\(spelling(wrapped))?"
        }
    }

    /// A builtin type's name qualified by the module that declares it: `Swift.Int`, `Foundation.UUID`.
    static func qualified(_ builtin: BuiltinType) -> String {
        switch builtin {
        case .string, .int, .int32, .int64, .uint, .double, .float, .bool: "Swift.\(builtin.rawValue)"
        case .decimal, .date, .uuid, .data, .url: "Foundation.\(builtin.rawValue)"
        }
    }

    /// The declared struct a type names directly, if any.
    func structDeclaration(_ type: TypeExpression) -> [Field]? {
        guard case .named(let name) = type, case .structure(let fields)? = declarations[name]?.kind else {
            return nil
        }
        return fields
    }

    /// Whether a field of the struct `owner` must be stored out of line: an optional (not inside a
    /// collection) of a struct from which `owner` can be reached again without passing through a
    /// collection. Swift cannot lay such a struct out inline.
    func needsIndirection(_ field: Field, in owner: String) -> Bool {
        guard case .optional(let wrapped) = field.type, let target = inlineStruct(wrapped) else { return false }
        var seen: Set<String> = []
        var pending = [target]
        while let name = pending.popLast() {
            if name == owner { return true }
            guard seen.insert(name).inserted, let fields = inlineFields(of: name) else { continue }
            pending += fields.compactMap { inlineStruct($0.type) }
        }
        return false
    }

    /// The declared struct or union a value of this type holds inline (directly or through optionals).
    private func inlineStruct(_ type: TypeExpression) -> String? {
        switch type {
        case .optional(let wrapped): return inlineStruct(wrapped)
        case .named(let name): return inlineFields(of: name) == nil ? nil : name
        case .array, .dictionary: return nil
        }
    }

    /// The fields a declared struct holds inline, or every case's of a union (it holds any one of them).
    private func inlineFields(of name: String) -> [Field]? {
        switch declarations[name]?.kind {
        case .structure(let fields)?: fields
        case .union(let cases)?: cases.flatMap(\.fields)
        case .enumeration?, nil: nil
        }
    }

    /// The `CQRS.ColumnType` a value of this type is stored as in a read model table.
    func columnType(_ type: TypeExpression) -> String {
        switch type {
        case .optional(let wrapped): return columnType(wrapped)
        case .array, .dictionary: return ".json"
        case .named(let name):
            if let builtin = BuiltinType(rawValue: name) {
                switch builtin {
                case .string, .url: return ".string"
                case .int, .int32, .int64, .uint: return ".int"
                case .double, .float: return ".double"
                case .bool: return ".bool"
                case .decimal: return ".decimal"
                case .date: return ".date"
                case .uuid: return ".uuid"
                case .data: return ".data"
                }
            }
            if case .enumeration? = declarations[name]?.kind {
                if case .integers? = declarations[name]?.rawValues { return ".int" }
                return ".string"
            }
            return ".json"
        }
    }

    /// The expression a value of this type starts at when nothing else is known: 0, "", false, the
    /// first enum case, an empty collection, nil, 1970-01-01, the nil UUID.
    func zeroValue(_ type: TypeExpression) -> String {
        switch type {
        case .optional: return "nil"
        case .array: return "[]"
        case .dictionary: return "[:]"
        case .named(let name):
            if let builtin = BuiltinType(rawValue: name) {
                switch builtin {
                case .string: return "\"\""
                case .int, .int32, .int64, .uint, .double, .float, .decimal: return "0"
                case .bool: return "false"
                case .date: return "Foundation.Date(timeIntervalSince1970: 0)"
                case .uuid: return "Foundation.UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))"
                case .data: return "Foundation.Data()"
                case .url: return "Foundation.URL(fileURLWithPath: \"/\")"
                }
            }
            switch declarations[name]?.kind {
            case .enumeration(let cases)?:
                return "\(domain).\(name).\(SwiftNaming.escaped(cases.first ?? "unknown"))"
            case .structure(let fields)?:
                let arguments = fields.map { "\(SwiftNaming.argumentLabel($0.name)): \(initialValue(of: $0))" }
                return "\(domain).\(name)(\(arguments.joined(separator: ", ")))"
            case .union(let cases)?:
                guard let first = cases.first else { return "nil" }
                let arguments = first.fields.map { "\(SwiftNaming.argumentLabel($0.name)): \(initialValue(of: $0))" }
                return
                    "\(domain).\(name).\(SwiftNaming.escaped(first.name))(.init(\(arguments.joined(separator: ", "))))"
            case nil:
                return "nil"
            }
        }
    }

    /// A field's starting value: its default, else its type's zero value.
    func initialValue(of field: Field) -> String {
        if let value = field.defaultValue { return literal(value, as: field.type) }
        return zeroValue(field.type)
    }

    /// A literal written as a Swift expression of the given type.
    func literal(_ literal: Literal, as type: TypeExpression) -> String {
        let base = type.nonOptional
        switch literal {
        case .null: return "nil"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let text):
            if base == .named(BuiltinType.decimal.rawValue), text.count > 18 {
                return "Foundation.Decimal(string: \(SwiftNaming.stringLiteral(text)))!"
            }
            return text
        case .number(let text):
            if base == .named(BuiltinType.decimal.rawValue) {
                return "Foundation.Decimal(string: \(SwiftNaming.stringLiteral(text)))!"
            }
            return text
        case .string(let text): return SwiftNaming.stringLiteral(text)
        case .date(let text): return "Foundation.Date(timeIntervalSince1970: \(Self.epochSeconds(text)))"
        case .uuid(let text): return "Foundation.UUID(uuidString: \(SwiftNaming.stringLiteral(text)))!"
        case .data(let text): return "Foundation.Data(base64Encoded: \(SwiftNaming.stringLiteral(text)))!"
        case .url(let text): return "Foundation.URL(string: \(SwiftNaming.stringLiteral(text)))!"
        case .enumCase(let name):
            if case .named(let typeName) = base { return "\(domain).\(typeName).\(SwiftNaming.escaped(name))" }
            return ".\(SwiftNaming.escaped(name))"
        case .emptyArray: return "[]"
        case .emptyDictionary: return "[:]"
        }
    }

    /// A literal as the `CQRS.JSONValue` an upcaster inserts into an older event's payload, in the
    /// payload format (dates as seconds since 1970, UUIDs and enums as text).
    func jsonValue(_ literal: Literal) -> String {
        switch literal {
        case .null: return ".null"
        case .bool(let value): return ".bool(\(value))"
        case .integer(let text), .number(let text): return ".number(\(SwiftNaming.stringLiteral(text)))"
        case .string(let text), .uuid(let text), .data(let text), .url(let text), .enumCase(let text):
            return ".string(\(SwiftNaming.stringLiteral(text)))"
        case .date(let text): return ".number(\(SwiftNaming.stringLiteral(Self.epochSeconds(text))))"
        case .emptyArray: return ".array([])"
        case .emptyDictionary: return ".object([:])"
        }
    }

    /// An ISO 8601 timestamp as seconds since 1970, in text that reads back exactly.
    static func epochSeconds(_ iso: String) -> String {
        guard
            let date = (try? Date(iso, strategy: withFractionalSeconds)) ?? (try? Date(iso, strategy: wholeSeconds))
        else { return "0" }
        let seconds = date.timeIntervalSince1970
        return seconds == seconds.rounded() ? String(Int64(seconds)) : "\(seconds)"
    }

    private static let withFractionalSeconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let wholeSeconds = Date.ISO8601FormatStyle()
}
