import CQRS
import Foundation

/// A small aggregate that snapshots every 3 events, for the snapshot tests.
package enum Tally {
    package struct State: Sendable, Codable, Hashable {
        package var total = 0
        package var additions = 0

        /// A state.
        package init(total: Int = 0, additions: Int = 0) {
            self.total = total
            self.additions = additions
        }
    }

    package struct Added: Sendable, Codable, Hashable {
        package static let eventType = "Tally.Added"
        package var amount: Int

        /// An event.
        package init(amount: Int) { self.amount = amount }
    }

    package enum Event: Sendable, Hashable {
        case added(Added)
    }

    package enum Emits: CQRS.EmittedEvent, Hashable {
        case added(Added)
        package var event: Tally.Event {
            switch self {
            case .added(let added): .added(added)
            }
        }
    }
}

/// The shared definition of the tally aggregates; only the state version differs between them.
package protocol TallyDefinition: CQRS.AggregateDefinition
where ID == String, State == Tally.State, Event == Tally.Event {}

extension TallyDefinition {
    package static var category: String { "Tally" }
    package static var snapshotEvery: Int? { 3 }
    package static func initialState() -> Tally.State { Tally.State() }

    package func evolve(_ state: inout Tally.State, with event: Tally.Event) {
        switch event {
        case .added(let added):
            state.total += added.amount
            state.additions += 1
        }
    }

    package static func encode(_ event: Tally.Event) throws -> CQRS.NewEvent {
        switch event {
        case .added(let added):
            CQRS.NewEvent(
                eventType: Tally.Added.eventType, schemaVersion: 1, payload: try CQRS.EventPayload.encode(added))
        }
    }

    package static func decode(_ event: CQRS.RecordedEvent) throws -> Tally.Event {
        guard event.eventType == Tally.Added.eventType else {
            throw CQRS.EventDecodingError(event, reason: "not a tally event")
        }
        return .added(try CQRS.EventPayload.decode(Tally.Added.self, from: event))
    }
}

/// The tally as first shipped.
package struct TallyV1: TallyDefinition {
    /// Creates one.
    package init() {}

    package static var stateVersion: String { "tally-1" }
}

/// The tally after its state changed shape: snapshots of `TallyV1` do not apply.
package struct TallyV2: TallyDefinition {
    /// Creates one.
    package init() {}

    package static var stateVersion: String { "tally-2" }
}

extension CommandProcessor {
    /// Adds `amount` to a tally (creating it on first use).
    @discardableResult
    package func add<D: TallyDefinition>(_ amount: Int, to id: String, using definition: D, creates: Bool = false)
        async throws -> CommandReceipt
    {
        let decide: @Sendable (Tally.State, DecisionContext) -> [Tally.Emits] = { _, _ in
            [Tally.Emits.added(.init(amount: amount))]
        }
        if creates { return try await handle(AdHocCommand(id, CreatesStream.self, decide: decide), with: definition) }
        return try await handle(AdHocCommand(id, decide: decide), with: definition)
    }
}
