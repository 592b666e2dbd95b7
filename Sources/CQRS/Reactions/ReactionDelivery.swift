import Foundation
import Logging
import Synchronization

/// One reaction with its command type erased, as a ``ReactionRunner`` holds it: delivering an event runs
/// the reaction, sends its commands with derived ids, and hands refusals to its `rejected` method.
struct ReactionDelivery: Sendable {
    let name: String
    let eventTypes: Set<String>
    let start: ReactionStart
    /// Delivers one event; throws what retrying may help (infrastructure errors, a handler's own error).
    /// The keys given are the event's trace context: the commands sent do not copy them (they carry the
    /// context they are handled in).
    let deliver: @Sendable (RecordedEvent, CommandProcessor, ReactionLog, [String]) async throws -> Void

    init<R: EventReaction>(_ reaction: R) {
        name = reaction.name
        eventTypes = reaction.eventTypes
        start = reaction.start
        deliver = { event, processor, log, traceKeys in
            try await reaction.deliver(event, through: processor, log: log, droppingTraceKeys: traceKeys)
        }
    }
}

/// Where a delivery reports what happened (logs, metrics, refusals), and what it needs to know of earlier
/// deliveries.
struct ReactionLog: Sendable {
    let logger: Logger
    let metrics: ReactionMetrics
    /// The refusals recorded by earlier deliveries.
    let refusals: RefusalLedger
    /// The reaction's part of its command ids.
    let commandIDs: ReactionCommandID.Seed
    /// Whether an event at a position may have been delivered before (by a runner that then stopped, or
    /// by an earlier attempt).
    let mayHaveBeenDelivered: @Sendable (Int64) -> Bool

    func accepted(_ receipt: CommandReceipt) {
        metrics.accepted.increment()
    }

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
    /// Delivers one event: ``react(to:)``, then each command in order, each refusal to
    /// ``rejected(_:because:reactingTo:)`` and its compensations after it. A compensation that is refused
    /// in turn is logged and skipped.
    ///
    /// `traceKeys`: the metadata keys of the event's trace context, which the commands' metadata does not
    /// copy (a traced command injects its own span's context instead).
    func deliver(
        _ event: RecordedEvent, through processor: CommandProcessor, log: ReactionLog,
        droppingTraceKeys traceKeys: [String] = []
    ) async throws {
        let commands: [Command]
        do {
            commands = try await react(to: event)
        } catch let refusal as ReactionRefusal {
            let refused = CommandRefusal(command: nil, error: refusal)
            let compensations = try await rejected(nil, because: refused, reactingTo: event)
            log.refused(refused, event: event, compensations: compensations.count)
            try await send(
                compensations, for: event, compensating: -1, through: processor, log: log, traceKeys: traceKeys)
            return
        }
        // Indices rather than `enumerated()`: this generic code runs unspecialized, once per event.
        for index in commands.indices {
            let command = commands[index]
            let id = log.commandIDs.make(event: event.eventID, index: index)
            // A command refused by an earlier delivery stays refused: sending it again could be accepted by a
            // state that changed since, after its compensations ran.
            var outcome: CommandOutcome
            if log.mayHaveBeenDelivered(event.position), let recorded = try await log.refusals.refusal(of: id) {
                outcome = .refused(CommandRefusal(command: self.name(of: command), error: recorded))
            } else {
                let commandOptions = options(for: event, commandID: id, droppingTraceKeys: traceKeys)
                outcome = try await send(command, through: processor, options: commandOptions)
                if case .refused(let refusal) = outcome { try await log.refusals.record(refusal, of: id) }
            }
            switch outcome {
            case .accepted(let receipt):
                log.accepted(receipt)
            case .refused(let refusal):
                let compensations = try await rejected(command, because: refusal, reactingTo: event)
                log.refused(refusal, event: event, compensations: compensations.count)
                try await send(
                    compensations, for: event, compensating: index, through: processor, log: log,
                    traceKeys: traceKeys)
            }
        }
    }

    private func send(
        _ compensations: [Command], for event: RecordedEvent, compensating refused: Int,
        through processor: CommandProcessor, log: ReactionLog, traceKeys: [String]
    ) async throws {
        for index in compensations.indices {
            let command = compensations[index]
            let id = log.commandIDs.make(event: event.eventID, index: index, compensating: refused)
            let commandOptions = options(for: event, commandID: id, droppingTraceKeys: traceKeys)
            switch try await send(command, through: processor, options: commandOptions) {
            case .accepted(let receipt): log.accepted(receipt)
            case .refused(let refusal): log.refused(refusal, event: event, compensations: 0)
            }
        }
    }

    /// The options of a command sent for `event`: its derived id, the event's correlation, and metadata
    /// naming the reaction and the event. The event's trace context (`traceKeys`) is not copied: the
    /// command's own span (a child of the delivery's) is injected in its place.
    func options(for event: RecordedEvent, commandID: UUID, droppingTraceKeys traceKeys: [String] = [])
        -> CommandOptions
    {
        var metadata = event.metadata
        for key in traceKeys { metadata[key] = nil }
        metadata[ReactionMetadata.reaction] = name
        metadata[ReactionMetadata.causingEvent] = event.eventID.uuidText
        return CommandOptions(
            commandID: commandID,
            correlationID: event.correlationID ?? event.causationID,
            metadata: metadata
        )
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
