/// The keys a mapping of the spec format may hold, one enum per kind of mapping; any other key is
/// an error with a "did you mean" suggestion drawn from the enum's cases.
protocol SpecKey: RawRepresentable<String>, CaseIterable, Hashable, Sendable {
    /// The keys' UTF-8 spellings, for matching a key without creating a string.
    static var table: KeyTable<Self> { get }
}

/// The UTF-8 spellings of a ``SpecKey`` type's cases.
struct KeyTable<Key: SpecKey>: Sendable {
    private let entries: [(bytes: [UInt8], key: Key)]

    init() {
        entries = Key.allCases.map { (Array($0.rawValue.utf8), $0) }
    }

    /// The key spelled exactly `bytes`, if any.
    func key(for bytes: UnsafeBufferPointer<UInt8>) -> Key? {
        for entry in entries where entry.bytes.count == bytes.count {
            if entry.bytes.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return entry.key }
        }
        return nil
    }
}

/// Keys of the top-level mapping.
enum TopLevelKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case cqrs, domain, description, types, aggregates, projections, queries, reactions
}

/// Keys of a declared type under `types`.
enum TypeKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case description, fields, cases
}

/// Keys of a tagged union's case.
enum UnionCaseKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case description, fields
}

/// Keys of a field's long form.
enum FieldKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case type, description
    case defaultValue = "default"
    case minimum, maximum, exclusiveMinimum, exclusiveMaximum, minItems, maxItems, minLength, maxLength, pattern
}

/// Keys of an aggregate's `id` in its long form, `id: { type: String, maxLength: 64 }`: the type and the
/// constraints of ``FieldKey`` that may apply to an identifier.
enum IdentifierKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case type, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, pattern
}

/// Keys of an aggregate.
enum AggregateKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case description, id, storage, snapshotEvery, state, commands, events, silence
}

/// Keys of a command.
enum CommandKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case description, creates, fields, emits, http, silence
}

/// Keys of an event.
enum EventKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case description, version, fields, upcast, silence
}

/// Keys of an upcast block.
enum UpcastKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case defaults, renamed, removed
}

/// Keys of a projection.
enum ProjectionKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case description, key, fields, indexes, on, consistency, remember, silence
}

/// The actions of a projection's `on` entry.
enum ActionKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case custom, insert, upsert, update, delete
}

/// Keys of `insert: {…}` / `upsert: {…}` (`increment` is for `upsert` only).
enum InsertKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case set, increment
}

/// Keys of `update: {…}`.
enum UpdateKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case key, set, increment, append, remove
}

/// Keys of `delete: {…}`.
enum DeleteKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case key
}

/// Keys of a query.
enum QueryKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case description, projection, by, orderBy, pageSize, custom, params, returns, paging, count, http, silence
    case `where`
}

/// Keys of a reaction.
enum ReactionKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case description, from, sends, rejected, on
}

/// Keys of a reaction's declarative `on` entry, `{ send: Command, to: EXPR, set: { field: EXPR } }`.
enum SendKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case send, to, set
}

/// The keys of `http:` on a command or query.
enum HTTPKey: String, SpecKey {
    static let table = KeyTable<Self>()

    case method, path
}
