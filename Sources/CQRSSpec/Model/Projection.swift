/// A projection: subscribes to events and maintains one read model (rows with a key).
public struct Projection: Hashable, Sendable {
    /// The projection's name (UpperCamelCase); also the name of its row type.
    public var name: String
    /// The projection's `description`, if any.
    public var description: String?
    /// The key's field names, in key order (one for a simple key).
    public var key: [String]
    /// The row's fields, in file order.
    public var fields: [Field]
    /// The indexes, each a list of field names in index order.
    public var indexes: [[String]]
    /// What the projection does for each event it subscribes to, in file order.
    public var handlers: [EventHandler]
    /// When its rows change: after the append (`async`, the default) or in the append's transaction.
    public var consistency: Consistency
    /// `remember`: values the projection keeps per stream, from one event, for the events of the same
    /// streams that do not carry them (`remember: { customerId: OrderPlaced }`).
    public var remembered: [RememberedValue] = []
    /// Where the projection's name stands in the spec.
    public var location: SourceLocation

    /// A value a projection remembers per stream: the field of the same name of the stream's first `event`.
    /// An `on` entry for another event of the same aggregate names it like one of its own fields.
    public struct RememberedValue: Hashable, Sendable {
        /// The name: the field of `event` it is read from, and how `on` entries name it.
        public var name: String
        /// The event that carries it.
        public var event: EventReference
        /// Its type (the event field's).
        public var type: TypeExpression
        /// Where its name stands in the spec.
        public var location: SourceLocation

        /// Creates one.
        public init(name: String, event: EventReference, type: TypeExpression, location: SourceLocation) {
            self.name = name
            self.event = event
            self.type = type
            self.location = location
        }
    }

    /// `consistency:` of a projection.
    public enum Consistency: String, Hashable, Sendable, CaseIterable {
        /// The runner follows the log after the appends (the default).
        case `async`
        /// Rows change in the transaction of the append that produced the events.
        case inline
    }

    /// Creates a projection.
    public init(
        name: String,
        description: String? = nil,
        key: [String],
        fields: [Field],
        indexes: [[String]] = [],
        handlers: [EventHandler],
        consistency: Consistency = .async,
        location: SourceLocation
    ) {
        self.consistency = consistency
        self.name = name
        self.description = description
        self.key = key
        self.fields = fields
        self.indexes = indexes
        self.handlers = handlers
        self.location = location
    }
}

/// A reference to an event of an aggregate, resolved from `Event` or `Aggregate.Event`.
public struct EventReference: Hashable, Sendable, CustomStringConvertible {
    /// The aggregate the event belongs to.
    public var aggregate: String
    /// The event's name within its aggregate.
    public var event: String

    /// Creates a reference.
    public init(aggregate: String, event: String) {
        self.aggregate = aggregate
        self.event = event
    }

    /// `Aggregate.Event`.
    public var description: String { "\(aggregate).\(event)" }
}

/// One `on` entry of a projection: an event and what to do with it.
public struct EventHandler: Hashable, Sendable {
    /// The event this entry handles.
    public var event: EventReference
    /// What to do.
    public var action: ProjectionAction
    /// Where the entry's event name stands in the spec.
    public var location: SourceLocation

    /// Creates an entry.
    public init(event: EventReference, action: ProjectionAction, location: SourceLocation) {
        self.event = event
        self.action = action
        self.location = location
    }
}

/// What a projection does with an event.
public enum ProjectionAction: Hashable, Sendable {
    /// Written by the user, against a generated protocol.
    case custom
    /// A new row; every row field is given a source (resolved in field order: the `set` EXPR, the
    /// event's same-named field, the stream identifier, the field's default, `nil`).
    /// `upsert` replaces an existing row instead of failing.
    case insert(values: [FieldAssignment], upsert: Bool)
    /// `upsert` with `increment`: insert when the key's row is missing (every field from its source, as
    /// `insert`, except that an incremented field starts from its default, or zero, and has the increment
    /// added), otherwise change the existing row: the `set` fields (key fields excepted) are assigned and
    /// the `increment` fields grow; every other field is kept.
    case merge(values: [FieldAssignment], set: [FieldAssignment], increment: [FieldAssignment])
    /// Change one row: the row with `key` (one EXPR per key field; the stream identifier by default):
    /// assign the `set` fields, add to the `increment` fields, append an element to the `append` array
    /// fields, and remove every element equal to the value from the `remove` array fields.
    case update(
        key: [Expression], set: [FieldAssignment], increment: [FieldAssignment], append: [FieldAssignment] = [],
        remove: [FieldAssignment] = [])
    /// Delete the row with `key` (the stream identifier by default).
    case delete(key: [Expression])
}

/// A row field and the EXPR that gives its value.
public struct FieldAssignment: Hashable, Sendable {
    /// The row field's name.
    public var field: String
    /// Where the value comes from.
    public var value: Expression

    /// Creates an assignment.
    public init(field: String, value: Expression) {
        self.field = field
        self.value = value
    }
}

/// An EXPR in a projection's `on` entry, already checked against the types it is used with.
public enum Expression: Hashable, Sendable {
    /// One of the event's fields.
    case eventField(String)
    /// `$streamId`: the event's stream identifier (typed as the aggregate's `id`).
    case streamID
    /// `$position`: the event's position in the global log (`Int64`).
    case position
    /// `$recordedAt`: when the event was stored (`Date`).
    case recordedAt
    /// `$version`: the event's version within its stream (`Int64`).
    case version
    /// A value the projection remembers for the event's stream (``Projection/RememberedValue``).
    case remembered(String)
    /// A literal.
    case literal(Literal)
    /// `-EXPR`, in an `increment` only: the value of a signed number EXPR (an event field, a remembered value,
    /// `$position` or `$version`) negated, so that the field decreases by it (`increment: { balance: -amount }`).
    indirect case negated(Expression)
}
