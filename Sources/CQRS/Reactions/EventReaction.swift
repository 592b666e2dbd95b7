/// A reaction: it reads events of any aggregate and, for each one, sends commands or calls out to
/// another system. The generator emits one per spec reaction (`Bank.DebitOnTransfer.Reaction`); a
/// ``ReactionRunner`` delivers it every event of its types, at least once, in log order.
///
/// Delivery is at least once: after a crash, the events after the reaction's checkpoint are delivered
/// again. Each command a reaction returns is sent with a command id derived from the reaction, the event
/// and the command's index (``ReactionCommandID``), so the command processor's idempotency absorbs a
/// redelivery: the effect on the write side is exactly once, as long as ``react(to:)`` returns the same
/// commands for the same event. A call-out gets the event id as the idempotency key the other system
/// deduplicates by.
///
/// ```swift
/// struct Reserve: CQRS.EventReaction {
///     var name: String { "ReserveStock" }
///     var eventTypes: Set<String> { [Shop.OrderPlaced.eventType] }
///     var start: CQRS.ReactionStart { .beginning }
///     func react(to event: CQRS.RecordedEvent) async throws -> [Command] { … }
///     func send(_ command: Command, through processor: CQRS.CommandProcessor,
///               options: CQRS.CommandOptions) async throws -> CQRS.CommandOutcome { … }
/// }
/// ```
public protocol EventReaction: Sendable {
    /// The commands the reaction may send: the generated enum of its spec's `sends`, or ``NoCommand`` for a
    /// reaction that only calls out.
    associatedtype Command: Sendable

    /// The reaction's name, unique among an engine's reactions.
    var name: String { get }
    /// The stored event types the reaction reads; it is given no others.
    var eventTypes: Set<String> { get }
    /// Where it starts the first time it runs against a store.
    var start: ReactionStart { get }

    /// What to do about one event: the commands to send, in order (none for a call-out, which does its
    /// work here). Throwing ``ReactionRefusal`` hands the event to the failure path as a refusal (no
    /// retry); any other error is retried with backoff, and stops the reaction once the attempts run out.
    func react(to event: RecordedEvent) async throws -> [Command]

    /// What to do when a command's target refused it (its `decide` threw, a constraint failed, the stream
    /// did not exist or already did), or when ``react(to:)`` threw ``ReactionRefusal`` (`command` is then
    /// `nil`): compensating commands, sent like ``react(to:)``'s. By default none: the refusal is logged,
    /// counted and skipped.
    func rejected(_ command: Command?, because refusal: CommandRefusal, reactingTo event: RecordedEvent)
        async throws -> [Command]

    /// Sends one command through the processor with the options the runner chose (its command id,
    /// correlation and metadata); a refusal is returned, not thrown.
    func send(_ command: Command, through processor: CommandProcessor, options: CommandOptions) async throws
        -> CommandOutcome

    /// The command's name, for logs and metrics.
    func name(of command: Command) -> String

    /// How the runner delivers one event. Do not implement it: the default (which reacts, sends the
    /// commands with their derived ids and hands refusals to ``rejected(_:because:reactingTo:)``) is a
    /// requirement only so that it is compiled for each reaction's own types.
    func _deliver(_ event: RecordedEvent, in context: _ReactionDeliveryContext) async throws
}

extension EventReaction {
    /// No compensation: the refusal is logged, counted and skipped.
    public func rejected(_ command: Command?, because refusal: CommandRefusal, reactingTo event: RecordedEvent)
        async throws -> [Command]
    { [] }
}

extension EventReaction where Command == NoCommand {
    /// A call-out sends nothing.
    public func send(_ command: NoCommand, through processor: CommandProcessor, options: CommandOptions)
        async throws -> CommandOutcome
    {
        preconditionFailure("a reaction that calls out sends no commands")
    }

    /// A call-out sends nothing.
    public func name(of command: NoCommand) -> String {
        preconditionFailure("a reaction that calls out sends no commands")
    }
}

/// The command type of a reaction that sends none: it only calls out.
public struct NoCommand: Sendable, Hashable {
    private init() {}
}

/// Where a reaction starts the first time it runs against a store; afterwards it resumes from its
/// checkpoint.
public enum ReactionStart: String, Sendable, Hashable, CaseIterable {
    /// From the first event of the log: every past event is delivered.
    case beginning
    /// From the head of the log: only events appended from then on are delivered, so that adding a
    /// reaction to a system with a long history does not replay its side effects.
    case now
}
