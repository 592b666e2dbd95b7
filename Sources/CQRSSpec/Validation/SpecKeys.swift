/// The keys a mapping of the spec format may hold, one enum per kind of mapping; any other key is
/// an error with a "did you mean" suggestion drawn from the enum's cases.
protocol SpecKey: RawRepresentable<String>, CaseIterable {}

/// Keys of the top-level mapping.
enum TopLevelKey: String, SpecKey {
    case cqrs, domain, description, types, aggregates, projections, queries
}

/// Keys of a declared type under `types`.
enum TypeKey: String, SpecKey {
    case description, fields, cases
}

/// Keys of a field's long form.
enum FieldKey: String, SpecKey {
    case type, description
    case defaultValue = "default"
    case minimum, maximum, exclusiveMinimum, exclusiveMaximum, minItems, maxItems, minLength, maxLength, pattern
}

/// Keys of an aggregate.
enum AggregateKey: String, SpecKey {
    case description, id, snapshotEvery, state, commands, events
}

/// Keys of a command.
enum CommandKey: String, SpecKey {
    case description, creates, fields, emits
}

/// Keys of an event.
enum EventKey: String, SpecKey {
    case description, version, fields, upcast
}

/// Keys of an upcast block.
enum UpcastKey: String, SpecKey {
    case defaults, renamed, removed
}

/// Keys of a projection.
enum ProjectionKey: String, SpecKey {
    case description, key, fields, indexes, on
}

/// The actions of a projection's `on` entry.
enum ActionKey: String, SpecKey {
    case custom, insert, upsert, update, delete
}

/// Keys of `insert: {…}` / `upsert: {…}`.
enum InsertKey: String, SpecKey {
    case set
}

/// Keys of `update: {…}`.
enum UpdateKey: String, SpecKey {
    case key, set, increment
}

/// Keys of `delete: {…}`.
enum DeleteKey: String, SpecKey {
    case key
}

/// Keys of a query.
enum QueryKey: String, SpecKey {
    case description, projection, by, orderBy, pageSize, custom, params, returns
}
