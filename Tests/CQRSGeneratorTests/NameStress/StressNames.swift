import Foundation

/// The names the name-stress test gives each declaration: Swift's keywords and contextual keywords,
/// the standard library's and Foundation's common types, protocols and functions, the runtime's
/// public names (read from its sources, so the list grows with the runtime) and the names generated
/// code itself declares or uses. Each is also tried with its first letter's case flipped, so that
/// `Event` is tried as a field (`event`) and `default` as a type (`Default`).
enum StressNames {
    /// Swift's keywords (declarations, statements, expressions and types).
    static let keywords = [
        "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension", "fileprivate",
        "func", "import", "init", "inout", "internal", "let", "nonisolated", "open", "operator", "private",
        "precedencegroup", "protocol", "public", "rethrows", "static", "struct", "subscript", "typealias", "var",
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard",
        "if", "in", "repeat", "return", "throw", "switch", "where", "while", "Any", "as", "await", "false", "is",
        "nil", "self", "Self", "super", "throws", "true", "try", "async", "actor", "any", "some", "consume",
        "copy", "discard", "each", "macro", "package", "sending", "Type", "Protocol",
    ]

    /// Contextual keywords: identifiers everywhere except in their own position.
    static let contextualKeywords = [
        "associativity", "convenience", "didSet", "dynamic", "final", "get", "indirect", "infix", "lazy",
        "left", "mutating", "none", "nonmutating", "optional", "override", "postfix", "precedence", "prefix",
        "required", "right", "set", "unowned", "weak", "willSet", "isolated", "unsafe", "then", "yield",
        "borrow", "modify", "read", "of", "safe", "unchecked", "preconcurrency", "retroactive",
    ]

    /// The standard library's common types, protocols and functions.
    static let standardLibrary = [
        "String", "Int", "Int8", "Int16", "Int32", "Int64", "Int128", "UInt", "UInt8", "UInt16", "UInt32",
        "UInt64", "UInt128", "Double", "Float", "Float16", "Bool", "Character", "Substring", "Array",
        "Dictionary", "Set", "Optional", "Result", "Never", "Void", "Error", "Equatable", "Hashable",
        "Comparable", "Codable", "Encodable", "Decodable", "Encoder", "Decoder", "CodingKey", "Sendable",
        "CaseIterable", "Identifiable", "RawRepresentable", "CustomStringConvertible", "Sequence", "Collection",
        "IteratorProtocol", "Range", "ClosedRange", "Duration", "Task", "Actor", "AnyObject", "AnyHashable",
        "Unicode", "Mirror", "KeyPath", "ObjectIdentifier", "Hasher", "StaticString", "Numeric",
        "BinaryInteger", "FixedWidthInteger", "Strideable", "Clock", "ContinuousClock", "SuspendingClock",
        "MainActor", "AsyncSequence", "AsyncStream", "CheckedContinuation", "UnsafePointer", "OptionSet",
        "Copyable", "Escapable", "BitwiseCopyable", "SIMD", "Swift", "min", "max", "print", "abs", "zip",
        "stride", "type", "assert", "precondition", "fatalError", "withExtendedLifetime", "repeatElement",
    ]

    /// Foundation's common types.
    static let foundation = [
        "Foundation", "Date", "UUID", "Data", "URL", "Decimal", "NSDecimalNumber", "JSONEncoder", "JSONDecoder",
        "Locale", "Calendar", "TimeZone", "NSObject", "Bundle", "FileManager", "ProcessInfo", "Notification",
        "NotificationCenter", "DateFormatter", "ISO8601DateFormatter", "Measurement", "IndexPath",
        "CharacterSet", "URLRequest", "NSError", "NSString", "NSNumber", "Formatter", "NumberFormatter",
        "DateComponents", "TimeInterval", "NSRegularExpression", "Progress", "Thread", "OperationQueue",
        "RunLoop", "Timer", "Pipe", "Process", "FoundationEssentials",
    ]

    /// Names that generated code declares (types, members, parameters, locals) or that the base spec
    /// of the test uses for its other declarations.
    static let generated = [
        "CQRS", "CQRSPayload", "GeneratedCode", "Event", "State", "Handler", "Handlers", "Definition",
        "Projection", "Emits", "ID", "Application", "Engine", "Aggregate", "Key", "Columns", "Result", "Schema",
        "CodingKeys", "AllCases", "RawValue", "Indirect", "T", "payload", "context", "rows", "row", "value",
        "index", "element", "violations", "path", "writer", "query", "page", "receipt", "timeout", "engine",
        "handler", "command", "state", "aggregate", "event", "events", "columns", "key", "schema", "eventType",
        "schemaVersion", "upcaster", "commandName", "createsStream", "aggregateID", "aggregateId", "aggregateIDField",
        "validate",
        "decide", "evolve", "encode", "decode", "initialState", "category", "snapshotEvery", "stateVersion",
        "rawValue", "allCases", "columnValue", "columnType", "defaultPageSize", "send", "ask", "run",
        "withProjectionsRunning", "waitForProjection", "encodePayload", "hash", "hashValue", "description",
        "debugDescription", "id", "name", "eventStore", "readStore", "configuration", "body", "options",
        "services", "streamID", "position", "recordedAt", "version", "from", "to", "with", "after", "matching",
        "orderBy", "label", "function", "subject", "bound", "level", "detail", "details", "rowId", "total",
        "amount", "seen", "entryId", "note", "other", "count", "at", "StressDomain", "StressItem",
        "StressLevel", "StressThing", "StressMake", "StressTouch", "StressMade", "StressTouched", "StressOther",
        "StressOpen", "StressOpened", "StressRows", "StressLog", "StressGet", "StressList", "StressAll",
        "StressCustom", "filters", "answer", "watch", "notePrefix", "levels", "CountStressList",
    ]

    /// The public type names of the runtime (`CQRS`, `CQRSPayload`), read from their sources.
    static func runtimeNames(packageRoot: URL) throws -> [String] {
        var names: Set<String> = []
        let declaration =
            #/public\s+(?:final\s+)?(?:struct|enum|protocol|class|actor|typealias)\s+([A-Za-z_][A-Za-z0-9_]*)/#
        for module in ["Sources/CQRS", "Sources/CQRSPayload"] {
            let folder = packageRoot.appendingPathComponent(module)
            guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: folder.path])
            }
            for case let file as URL in files where file.pathExtension == "swift" {
                let text = try String(contentsOf: file, encoding: .utf8)
                for match in text.matches(of: declaration) { names.insert(String(match.1)) }
            }
        }
        return names.sorted()
    }

    /// Every name to try, each also with its first letter's case flipped, without repeats.
    static func all(packageRoot: URL) throws -> [String] {
        let base =
            keywords + contextualKeywords + standardLibrary + foundation + generated
            + (try runtimeNames(packageRoot: packageRoot))
        var seen: Set<String> = []
        var names: [String] = []
        for name in base {
            for candidate in [name, flippedFirstLetter(name)] where seen.insert(candidate).inserted {
                names.append(candidate)
            }
        }
        return names
    }

    /// `Event` → `event`, `default` → `Default`; other names unchanged.
    static func flippedFirstLetter(_ name: String) -> String {
        guard let first = name.first, first.isLetter else { return name }
        let flipped = first.isUppercase ? first.lowercased() : first.uppercased()
        return flipped + name.dropFirst()
    }
}
