import CQRS
import Foundation

/// A state-stored aggregate for the shared suite: a subscription's seats, kept as a row of `Seats_state`
/// (`id`, `version`, `holder`, `seats`, `changes`); each change publishes `Seats.Changed`.
package struct Seats: StateStoredAggregate {
    package typealias ID = String

    package struct State: Sendable, Codable, Hashable {
        package var holder = ""
        package var seats = 0
        package var changes = 0

        /// A state.
        package init(holder: String = "", seats: Int = 0, changes: Int = 0) {
            self.holder = holder
            self.seats = seats
            self.changes = changes
        }
    }

    package struct Changed: Sendable, Codable, Hashable {
        package static let eventType = "Seats.Changed"
        package var seats: Int

        /// An event.
        package init(seats: Int) { self.seats = seats }
    }

    package enum Event: Sendable, Hashable {
        case changed(Changed)
    }

    package enum Emits: EmittedEvent, Hashable {
        case changed(Changed)
        package var event: Seats.Event {
            switch self {
            case .changed(let changed): .changed(changed)
            }
        }
    }

    /// Creates one.
    package init() {}

    package static var category: String { "Seats" }
    package static var stateVersion: String { "seats-1" }
    package static func initialState() -> State { State() }

    /// Not called: a state-stored aggregate's commands change the state themselves.
    package func evolve(_ state: inout State, with event: Event) {}

    package static func encode(_ event: Event) throws -> NewEvent {
        switch event {
        case .changed(let changed):
            NewEvent(eventType: Changed.eventType, schemaVersion: 1, payload: try EventPayload.encode(changed))
        }
    }

    package static func decode(_ event: RecordedEvent) throws -> Event {
        guard event.eventType == Changed.eventType else { throw EventDecodingError(event, reason: "not a seats event") }
        return .changed(try EventPayload.decode(Changed.self, from: event))
    }

    package static var stateColumns: [ReadModelSchema.Column] {
        [.init(name: "holder", type: .string), .init(name: "seats", type: .int), .init(name: "changes", type: .int)]
    }

    package static func columns(of state: State) throws -> [ColumnValue] {
        [.string(state.holder), .int(Int64(state.seats)), .int(Int64(state.changes))]
    }

    package static func state(fromColumns columns: ArraySlice<ColumnValue>) throws -> State {
        let values = Array(columns)
        guard values.count == 3, case .string(let holder) = values[0], case .int(let seats) = values[1],
            case .int(let changes) = values[2]
        else {
            throw ColumnConversionError(expected: .string, found: values.first ?? .null, reason: "not a seats row")
        }
        return State(holder: holder, seats: Int(seats), changes: Int(changes))
    }
}

/// Sets a subscription's seats, or refuses with `refusal`; a command that
/// decides no change (`seats == nil`) emits nothing but still changes the state it was given, which must
/// not be saved.
package struct SetSeats: AggregateCommand {
    package typealias Aggregate = Seats
    package typealias Emits = Seats.Emits

    package static var commandName: String { "SetSeats" }
    package var aggregateID: String
    package var holder: String
    package var seats: Int?
    package var refusal: (any Error & Sendable)?

    package init(_ id: String, holder: String = "ada", seats: Int?, refusal: (any Error & Sendable)? = nil) {
        self.aggregateID = id
        self.holder = holder
        self.seats = seats
        self.refusal = refusal
    }

    package func decide(with aggregate: Seats, state: Seats.State, context: DecisionContext) throws -> [Seats.Emits] {
        var copy = state
        return try decide(with: aggregate, changing: &copy, context: context)
    }

    package func decide(with aggregate: Seats, changing state: inout Seats.State, context: DecisionContext) throws
        -> [Seats.Emits]
    {
        if let refusal { throw refusal }
        state.changes += 1
        guard let seats else { return [] }
        state.holder = holder
        state.seats = seats
        return [.changed(.init(seats: seats))]
    }
}

/// A ``SetSeats`` that creates the subscription.
package struct OpenSeats: AggregateCommand {
    package typealias Aggregate = Seats
    package typealias Emits = Seats.Emits

    package static var commandName: String { "OpenSeats" }
    package static var createsStream: Bool { true }
    package var aggregateID: String { command.aggregateID }
    package var command: SetSeats

    package init(_ id: String, holder: String = "ada", seats: Int) {
        command = SetSeats(id, holder: holder, seats: seats)
    }

    package func decide(with aggregate: Seats, state: Seats.State, context: DecisionContext) throws -> [Seats.Emits] {
        try command.decide(with: aggregate, state: state, context: context)
    }

    package func decide(with aggregate: Seats, changing state: inout Seats.State, context: DecisionContext) throws
        -> [Seats.Emits]
    {
        try command.decide(with: aggregate, changing: &state, context: context)
    }
}
