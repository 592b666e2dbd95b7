/// An aggregate: a consistency boundary whose state is folded from its own event stream.
public struct Aggregate: Hashable, Sendable {
    /// The type of an aggregate's stream identifier.
    public enum IdentifierType: String, Hashable, Sendable, CaseIterable {
        /// `UUID`: new identifiers are random (version 4).
        case uuid = "UUID"
        /// `UUIDv7`: a `UUID` whose new identifiers are time-ordered (version 7, RFC 9562): they sort by
        /// creation time, which keeps a database index's inserts together.
        case uuidV7 = "UUIDv7"
        case string = "String"
        case int64 = "Int64"

        /// The identifier's type among the spec's builtins (`UUID` for both kinds of UUID).
        public var typeName: String { self == .uuidV7 ? "UUID" : rawValue }
    }

    /// The aggregate's name (UpperCamelCase).
    public var name: String
    /// The aggregate's `description`, if any.
    public var description: String?
    /// The type of its stream identifier (`id:`, `UUID` by default).
    public var idType: IdentifierType
    /// The constraints of `id: { type: String, minLength: 1, pattern: … }` (of a field's kinds), which every
    /// command of the aggregate checks its identifier against; none by default.
    public var idConstraints = FieldConstraints()
    /// `snapshotEvery`: write a snapshot of the state every N events.
    public var snapshotEvery: Int?
    /// `storage:`: where the state is kept (folded from the events by default).
    public var storage: Storage = .events
    /// The write model's state fields, in file order.
    public var state: [Field]
    /// The commands, in file order.
    public var commands: [Command]
    /// The events, in file order.
    public var events: [Event]
    /// Where the aggregate's name stands in the spec.
    public var location: SourceLocation

    /// Creates an aggregate.
    public init(
        name: String,
        description: String? = nil,
        idType: IdentifierType = .uuid,
        snapshotEvery: Int? = nil,
        state: [Field] = [],
        commands: [Command] = [],
        events: [Event] = [],
        location: SourceLocation
    ) {
        self.name = name
        self.description = description
        self.idType = idType
        self.snapshotEvery = snapshotEvery
        self.state = state
        self.commands = commands
        self.events = events
        self.location = location
    }
}

extension Aggregate {
    /// `storage:` of an aggregate.
    public enum Storage: String, Hashable, Sendable, CaseIterable {
        /// Event-sourced: the state is folded from the aggregate's events (the default).
        case events
        /// State-stored: the state is a row of the aggregate's table, written with its events, which are
        /// the outbox projections and reactions read.
        case state
    }
}

/// A command: a request to change one stream of its aggregate.
public struct Command: Hashable, Sendable {
    /// The command's name (UpperCamelCase).
    public var name: String
    /// The command's `description`, if any.
    public var description: String?
    /// `creates: true`: the command acts on a new stream.
    public var creates: Bool
    /// The command's fields, in file order.
    public var fields: [Field]
    /// The names of the events (of the same aggregate) its handler may return, in file order.
    public var emits: [String]
    /// `http:`, if given: how the HTTP API serves the command instead of by default.
    public var http: HTTPBinding?
    /// Where the command's name stands in the spec.
    public var location: SourceLocation

    /// Creates a command.
    public init(
        name: String,
        description: String? = nil,
        creates: Bool = false,
        fields: [Field] = [],
        emits: [String],
        http: HTTPBinding? = nil,
        location: SourceLocation
    ) {
        self.name = name
        self.description = description
        self.creates = creates
        self.fields = fields
        self.emits = emits
        self.http = http
        self.location = location
    }
}

/// An event: a fact recorded in its aggregate's stream.
public struct Event: Hashable, Sendable {
    /// The event's name (UpperCamelCase).
    public var name: String
    /// The event's `description`, if any.
    public var description: String?
    /// The schema version (`version:`, 1 by default).
    public var version: Int
    /// The event's fields at its current version, in file order.
    public var fields: [Field]
    /// How stored events of older versions are read, ordered by ascending `fromVersion`.
    public var upcasts: [Upcast]
    /// Where the event's name stands in the spec.
    public var location: SourceLocation

    /// Creates an event.
    public init(
        name: String,
        description: String? = nil,
        version: Int = 1,
        fields: [Field] = [],
        upcasts: [Upcast] = [],
        location: SourceLocation
    ) {
        self.name = name
        self.description = description
        self.version = version
        self.fields = fields
        self.upcasts = upcasts
        self.location = location
    }
}

/// How to read a stored event of an older schema version as the next version.
///
/// An upcast block keyed `1:` turns a version-1 payload into a version-2 payload; upcasts chain.
public struct Upcast: Hashable, Sendable {
    /// The version this block reads from.
    public var fromVersion: Int
    /// Fields added since `fromVersion`, with the value older events get (in file order).
    public var defaults: [FieldDefault]
    /// Fields renamed since `fromVersion`: old name to new name (in file order).
    public var renamed: [Rename]
    /// Fields dropped since `fromVersion`.
    public var removed: [String]

    /// A field added since an older version, and the value old events get.
    public struct FieldDefault: Hashable, Sendable {
        /// The field's current name.
        public var field: String
        /// The value, already checked to fit the field's type.
        public var value: Literal

        /// Creates a field default.
        public init(field: String, value: Literal) {
            self.field = field
            self.value = value
        }
    }

    /// A renamed field.
    public struct Rename: Hashable, Sendable {
        /// The name in the older version.
        public var from: String
        /// The name in the newer version.
        public var to: String

        /// Creates a rename.
        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    /// Creates an upcast block.
    public init(fromVersion: Int, defaults: [FieldDefault] = [], renamed: [Rename] = [], removed: [String] = []) {
        self.fromVersion = fromVersion
        self.defaults = defaults
        self.renamed = renamed
        self.removed = removed
    }
}

extension Aggregate {
    /// The stream identifier every command of the aggregate has (`orderId`), as a field of its type with
    /// the identifier's constraints.
    public var identifierField: Field {
        Field(
            name: SpecNaming.streamIdentifierProperty(ofAggregate: name), type: .named(idType.typeName),
            constraints: idConstraints, location: location)
    }
}
