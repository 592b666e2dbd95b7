/// A reaction: it subscribes to events of any aggregate and, for each one, sends commands (declared in
/// `sends`) or calls out to another system (a `custom` entry with no `sends`).
///
/// ```yaml
/// reactions:
///   ReserveStockForOrders:
///     from: beginning
///     sends: [ReserveStock]
///     on:
///       OrderPlaced: { send: ReserveStock, to: warehouseId, set: { quantity: itemCount } }
///       OrderCancelled: custom
/// ```
public struct Reaction: Hashable, Sendable {
    /// Where a reaction starts on its first deployment.
    public enum Start: String, Hashable, Sendable, CaseIterable {
        /// From the first event of the log: every past event is delivered.
        case beginning
        /// From the log's head when it first runs: only events appended afterwards are delivered.
        case now
    }

    /// What a reaction does with one event.
    public enum Action: Hashable, Sendable {
        /// A method of the generated `Handler` protocol, which returns commands among `sends` (or none) or
        /// calls out.
        case custom
        /// One command, built from the event.
        case send(Send)
    }

    /// A declarative `send`: the command, the stream it targets and every field the command's initializer
    /// needs.
    public struct Send: Hashable, Sendable {
        /// The command sent.
        public var command: CommandReference
        /// The target stream's identifier (`to:`; `$streamId` when the spec leaves it out).
        public var target: Expression
        /// A value for each command field the spec sets, the event carries (a field of the same name) or that
        /// has neither a default nor an optional type: the field's `set` EXPR, else the event's same-named
        /// field. Fields left out take their defaults (or `nil`). In the command's field order; never the
        /// stream identifier, which is ``target``.
        public var values: [FieldAssignment]

        /// Creates a send.
        public init(command: CommandReference, target: Expression, values: [FieldAssignment]) {
            self.command = command
            self.target = target
            self.values = values
        }
    }

    /// One `on` entry: the event it reads and what it does.
    public struct Handler: Hashable, Sendable {
        /// The event.
        public var event: EventReference
        /// What the reaction does with it.
        public var action: Action
        /// Where the entry is in the spec.
        public var location: SourceLocation

        /// Creates an entry.
        public init(event: EventReference, action: Action, location: SourceLocation) {
            self.event = event
            self.action = action
            self.location = location
        }
    }

    /// The reaction's name: UpperCamelCase, unique among types, aggregates, projections, queries and
    /// reactions.
    public var name: String
    /// The reaction's description.
    public var description: String?
    /// Where it starts on its first deployment (`from:`, required).
    public var start: Start
    /// The commands it may send, in spec order: a command outside them does not compile.
    public var sends: [CommandReference]
    /// Its `on` entries, in spec order.
    public var handlers: [Handler]
    /// Whether a refused command goes to a `rejected` method the user implements (`rejected: custom`);
    /// otherwise it is recorded and skipped. A reaction with a `custom` entry that sends commands always
    /// gets the method, with a default that records and skips.
    public var rejectedIsCustom: Bool
    /// Where the reaction is in the spec.
    public var location: SourceLocation

    /// Creates a reaction.
    public init(
        name: String,
        description: String? = nil,
        start: Start,
        sends: [CommandReference] = [],
        handlers: [Handler],
        rejectedIsCustom: Bool = false,
        location: SourceLocation
    ) {
        self.name = name
        self.description = description
        self.start = start
        self.sends = sends
        self.handlers = handlers
        self.rejectedIsCustom = rejectedIsCustom
        self.location = location
    }

    /// Whether any entry is `custom`, so that the reaction needs the user's `Handler`.
    public var hasCustom: Bool {
        rejectedIsCustom || handlers.contains { $0.action == .custom }
    }
}

/// A command, named with its aggregate.
public struct CommandReference: Hashable, Sendable, CustomStringConvertible {
    /// The aggregate whose command it is.
    public var aggregate: String
    /// The command's name.
    public var command: String

    /// Creates a reference.
    public init(aggregate: String, command: String) {
        self.aggregate = aggregate
        self.command = command
    }

    /// `Aggregate.Command`.
    public var description: String { "\(aggregate).\(command)" }
}
