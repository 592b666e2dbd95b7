import CQRS
import Foundation

/// Given-when-then for a reaction: given events, then these commands are sent; given a refusal, then
/// these compensations.
///
/// The events are appended to an in-memory store (versions per stream, positions in the order given) and
/// read back the way the reaction's runner reads them; each one of the reaction's types is handed to
/// `react(to:)` in log order.
///
/// ```swift
/// try await ReactionScenario(Bank.DebitPayer.Reaction(DebitPayerSteps(), accountDefinition: account,
///                                                      transferDefinition: transfer))
///     .given(Bank.Transfer.Definition.self, id: transferID, .transferRequested(requested))
///     .thenSends([.debitForTransfer(.init(accountId: "ada", transferId: transferID, amountCents: 500))])
/// ```
public struct ReactionScenario<R: EventReaction>: Sendable where R.Command: Equatable {
    /// The reaction under test.
    public let reaction: R
    private var log = ScenarioLog()

    /// Starts a scenario with no events.
    public init(_ reaction: R) {
        self.reaction = reaction
    }

    /// Adds events of one aggregate instance, encoded with the aggregate's `encode`.
    public func given<A: AggregateDefinition>(_ aggregate: A.Type, id: A.ID, _ events: A.Event...) throws
        -> ReactionScenario
    {
        var copy = self
        try copy.log.append(aggregate, id: id, events)
        return copy
    }

    /// The events of the reaction's types, as its runner reads them.
    public func deliveredEvents() async throws -> [RecordedEvent] {
        let store = try await log.store()
        var events: [RecordedEvent] = []
        var position: Int64 = 0
        while true {
            let page = try await store.readAll(after: position, limit: 500, eventTypes: reaction.eventTypes)
            guard page.lastPosition > position else { return events }
            events += page.events
            position = page.lastPosition
        }
    }

    /// The commands the reaction sends for the given events, in order.
    public func commands() async throws -> [R.Command] {
        var commands: [R.Command] = []
        for event in try await deliveredEvents() {
            commands += try await reaction.react(to: event)
        }
        return commands
    }

    /// Checks that the reaction sends exactly these commands, in this order.
    ///
    /// - Throws: ``ScenarioFailure`` listing both.
    public func thenSends(_ expected: [R.Command]) async throws {
        let actual = try await commands()
        guard actual == expected else {
            throw ScenarioFailure(
                check: "commands sent by \(reaction.name)", expected: "\(expected)", actual: "\(actual)")
        }
    }

    /// The compensations the reaction sends when `command`, sent for the last given event, is refused
    /// with `error` (the error its target's `decide` throws, say).
    public func compensations(whenRefused command: R.Command, because error: any Error) async throws -> [R.Command] {
        guard let event = try await deliveredEvents().last else {
            throw ScenarioFailure(check: "a refusal", expected: "a given event the reaction reads", actual: "none")
        }
        let refusal = CommandRefusal(command: reaction.name(of: command), error: error)
        return try await reaction.rejected(command, because: refusal, reactingTo: event)
    }

    /// Checks the compensations for a refusal of `command` (``compensations(whenRefused:because:)``).
    ///
    /// - Throws: ``ScenarioFailure`` listing both.
    public func whenRefused(_ command: R.Command, because error: any Error, thenSends expected: [R.Command])
        async throws
    {
        let actual = try await compensations(whenRefused: command, because: error)
        guard actual == expected else {
            throw ScenarioFailure(
                check: "compensations of \(reaction.name) for a refused \(reaction.name(of: command))",
                expected: "\(expected)", actual: "\(actual)")
        }
    }
}
