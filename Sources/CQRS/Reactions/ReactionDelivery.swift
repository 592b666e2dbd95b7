import Foundation
import Logging
import Synchronization

/// One reaction with its command type erased, as a ``ReactionRunner`` holds it: delivering an event calls
/// the reaction's `_deliver(_:in:)`, compiled for the reaction's own types.
struct ReactionDelivery: Sendable {
    let name: String
    let eventTypes: Set<String>
    let start: ReactionStart
    /// Delivers one event; throws what retrying may help (infrastructure errors, a handler's own error).
    let deliver: @Sendable (RecordedEvent, _ReactionDeliveryContext) async throws -> Void

    init<R: EventReaction>(_ reaction: R) {
        name = reaction.name
        eventTypes = reaction.eventTypes
        start = reaction.start
        deliver = { event, context in try await reaction._deliver(event, in: context) }
    }
}

/// What a reaction runner gives `EventReaction._deliver(_:in:)` for one event: the command processor, the
/// reaction's command ids, the refusals earlier deliveries recorded, and where outcomes are logged and
/// counted. Only the runner makes one, and it has no public members: it exists so that the delivery, an
/// inlinable default of `EventReaction`, can be compiled for each reaction's own types.
public struct _ReactionDeliveryContext: Sendable {
    /// The processor the reaction's commands are sent through.
    @usableFromInline let processor: CommandProcessor
    let reactionName: String
    let logger: Logger
    let metrics: ReactionMetrics
    /// The refusals recorded by earlier deliveries.
    let refusals: RefusalLedger
    /// The reaction's part of its command ids.
    let commandIDs: ReactionCommandID.Seed
    /// Whether an event at a position may have been delivered before (by a runner that then stopped, or
    /// by an earlier attempt).
    let mayHaveBeenDelivered: @Sendable (Int64) -> Bool
    /// The metadata keys of the event's trace context, which the commands' metadata does not copy (a
    /// traced command injects its own span's context instead).
    var traceKeys: [String] = []

    init(
        reactionName: String, processor: CommandProcessor, logger: Logger, metrics: ReactionMetrics,
        refusals: RefusalLedger, commandIDs: ReactionCommandID.Seed,
        mayHaveBeenDelivered: @escaping @Sendable (Int64) -> Bool
    ) {
        self.reactionName = reactionName
        self.processor = processor
        self.logger = logger
        self.metrics = metrics
        self.refusals = refusals
        self.commandIDs = commandIDs
        self.mayHaveBeenDelivered = mayHaveBeenDelivered
    }

    /// This context for an event whose trace context (under `keys` in its metadata) the commands' metadata
    /// does not copy.
    func droppingTraceKeys(_ keys: [String]) -> _ReactionDeliveryContext {
        var context = self
        context.traceKeys = keys
        return context
    }

    /// The id of the `index`th command sent for `event`; with `compensating`, of the `index`th compensation
    /// of the command at that index, which was refused (-1: of a refused ``EventReaction/react(to:)``).
    @usableFromInline
    func commandID(for event: RecordedEvent, index: Int, compensating: Int? = nil) -> UUID {
        commandIDs.make(event: event.eventID, index: index, compensating: compensating)
    }

    /// The refusal an earlier delivery of `event` recorded for the command `id`: a command refused once
    /// stays refused, since sending it again could be accepted by a state that changed since, after its
    /// compensations ran.
    @usableFromInline
    func recordedRefusal(of id: UUID, for event: RecordedEvent) async throws -> RecordedRefusal? {
        guard mayHaveBeenDelivered(event.position) else { return nil }
        return try await refusals.refusal(of: id)
    }

    /// Records that the target refused the command `id`.
    @usableFromInline
    func record(_ refusal: CommandRefusal, of id: UUID) async throws {
        try await refusals.record(refusal, of: id)
    }

    /// The options of a command sent for `event`: its derived id, the event's correlation, and metadata
    /// naming the reaction and the event. The event's trace context is not copied: the command's own span
    /// (a child of the delivery's) is injected in its place.
    @usableFromInline
    func options(for event: RecordedEvent, commandID: UUID) -> CommandOptions {
        var metadata = event.metadata
        metadata.reserveCapacity(metadata.count + 2)
        for key in traceKeys { metadata[key] = nil }
        metadata[ReactionMetadata.reaction] = reactionName
        metadata[ReactionMetadata.causingEvent] = event.eventID.uuidText
        return CommandOptions(
            commandID: commandID,
            correlationID: event.correlationID ?? event.causationID,
            metadata: metadata
        )
    }

    /// Counts an accepted command.
    @usableFromInline
    func accepted(_ receipt: CommandReceipt) {
        metrics.accepted.increment()
    }

    /// Counts and logs a refusal, and how many compensations follow it.
    @usableFromInline
    func refused(_ refusal: CommandRefusal, event: RecordedEvent, compensations: Int) {
        metrics.refused.increment()
        logger.notice(
            compensations == 0 ? "refused; skipped" : "refused; compensating",
            metadata: [
                "event": "\(event.eventType)", "eventID": "\(event.eventID)", "position": "\(event.position)",
                "refusal": "\(refusal)", "compensations": "\(compensations)",
            ])
    }
}

extension EventReaction {
    /// Delivers one event: ``react(to:)``, then each command in order with its derived id, each refusal to
    /// ``rejected(_:because:reactingTo:)`` and its compensations after it. A compensation that is refused
    /// in turn is logged and skipped.
    ///
    /// The runner's entry point, not an extension point: being an inlinable default of a requirement, it is
    /// compiled for each reaction's own types, so a delivery pays no generic dispatch.
    @inlinable
    public func _deliver(_ event: RecordedEvent, in context: _ReactionDeliveryContext) async throws {
        let commands: [Command]
        do {
            commands = try await react(to: event)
        } catch let refusal as ReactionRefusal {
            let refused = CommandRefusal(command: nil, error: refusal)
            let compensations = try await rejected(nil, because: refused, reactingTo: event)
            context.refused(refused, event: event, compensations: compensations.count)
            try await send(compensations, for: event, compensating: -1, in: context)
            return
        }
        for index in commands.indices {
            let command = commands[index]
            let id = context.commandID(for: event, index: index)
            var outcome: CommandOutcome
            if let recorded = try await context.recordedRefusal(of: id, for: event) {
                outcome = .refused(CommandRefusal(command: self.name(of: command), error: recorded))
            } else {
                outcome = try await send(
                    command, through: context.processor, options: context.options(for: event, commandID: id))
                if case .refused(let refusal) = outcome { try await context.record(refusal, of: id) }
            }
            switch outcome {
            case .accepted(let receipt):
                context.accepted(receipt)
            case .refused(let refusal):
                let compensations = try await rejected(command, because: refusal, reactingTo: event)
                context.refused(refusal, event: event, compensations: compensations.count)
                try await send(compensations, for: event, compensating: index, in: context)
            }
        }
    }

    /// Sends the compensations of the command at `refused` (-1: of a refused ``react(to:)``).
    @inlinable
    func send(
        _ compensations: [Command], for event: RecordedEvent, compensating refused: Int,
        in context: _ReactionDeliveryContext
    ) async throws {
        for index in compensations.indices {
            let id = context.commandID(for: event, index: index, compensating: refused)
            let options = context.options(for: event, commandID: id)
            switch try await send(compensations[index], through: context.processor, options: options) {
            case .accepted(let receipt): context.accepted(receipt)
            case .refused(let refusal): context.refused(refusal, event: event, compensations: 0)
            }
        }
    }
}

/// The metadata keys a reaction's commands carry into their events.
public enum ReactionMetadata {
    /// The name of the reaction that sent the command.
    public static let reaction = "cqrs.reaction"
    /// The id of the event the reaction reacted to.
    public static let causingEvent = "cqrs.causing-event"
}

/// The refusals of a reaction's commands, kept in the rows of its checkpoint model (written with its
/// checkpoint, fenced like it).
///
/// A runner makes one when it takes the reaction's lease, knowing whether the model held any refusal then:
/// while none is recorded, a redelivered event's commands need no look-up (a fresh reaction catching up on
/// a long log reads no row per event).
final class RefusalLedger: Sendable {
    let model: String
    let readStore: any ReadStore
    /// Whether a refusal may be recorded: one was when the ledger was made, or one has been since.
    private let mayHoldRefusals: Mutex<Bool>

    init(model: String, readStore: any ReadStore, holdsRefusals: Bool) {
        self.model = model
        self.readStore = readStore
        self.mayHoldRefusals = Mutex(holdsRefusals)
    }

    /// Records that the target refused the command `id`.
    func record(_ refusal: CommandRefusal, of id: UUID) async throws {
        mayHoldRefusals.withLock { $0 = true }
        let checkpoint = try await readStore.checkpoint(of: model)
        try await readStore.commit(
            [.upsert([.uuid(id), .string("\(refusal.error)")])], to: model, expected: checkpoint,
            checkpoint: checkpoint)
    }

    /// The refusal recorded for the command `id`, if any.
    func refusal(of id: UUID) async throws -> RecordedRefusal? {
        guard mayHoldRefusals.withLock({ $0 }) else { return nil }
        guard let row = try await readStore.row(in: model, key: [.uuid(id)]), row.count == 2,
            case .string(let reason) = row[1]
        else { return nil }
        return RecordedRefusal(reason: reason)
    }
}

/// A refusal an earlier delivery recorded: the command is not sent again.
public struct RecordedRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The refusal as it was recorded.
    public var reason: String

    /// The recorded refusal.
    public var description: String { reason }
}
