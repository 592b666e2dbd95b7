import Foundation

/// An event type of an aggregate: the name it is stored under, the version of its fields, how older
/// versions are read, and its payload coding. Every spec event conforms, so encoding and decoding an
/// event is one generic call instead of code per event:
///
/// ```swift
/// let stored = try NewEvent(Shop.OrderPaid(amountUSD: 12))
/// let paid: Shop.OrderPaid = try recorded.decode()
/// ```
public protocol DomainEvent: PayloadEncodable, Decodable, Sendable {
    /// The name the event is stored under: `"<Aggregate>.<Event>"` (for example `"Order.OrderPlaced"`).
    static var eventType: String { get }
    /// The version of the event's fields that this type reads and writes (1 unless the spec says otherwise).
    static var schemaVersion: Int { get }
    /// How stored payloads of older versions are brought to this one (nil: there are none).
    static var upcaster: Upcaster? { get }
}

extension DomainEvent {
    /// Version 1: the spec declares no `version`.
    public static var schemaVersion: Int { 1 }
    /// No upcaster: the spec declares no `upcast` steps.
    public static var upcaster: Upcaster? { nil }
}

extension NewEvent {
    /// Encodes a domain event for appending, under its type's name and schema version.
    @inlinable
    public init<Event: DomainEvent>(_ event: Event, eventID: UUID = .fastRandom()) throws {
        self.init(
            eventID: eventID,
            eventType: Event.eventType,
            schemaVersion: Event.schemaVersion,
            payload: try EventPayload.encode(event)
        )
    }
}

extension RecordedEvent {
    /// Decodes the payload as `Event`, first upcasting it when it was written with an older schema version.
    ///
    /// It does not check ``eventType``: switch on it first. While projections rebuild together
    /// (``Engine/rebuild(projections:)``), each payload is decoded once for all of them.
    ///
    /// - Throws: ``EventDecodingError`` naming the event, whatever went wrong.
    public func decode<Event: DomainEvent>(_ type: Event.Type = Event.self) throws -> Event {
        guard let shared = DecodedPayloads.current else {
            return try EventPayload.decode(Event.self, from: self, upcaster: Event.upcaster)
        }
        return try shared.payload(at: position, as: Event.self) {
            try EventPayload.decode(Event.self, from: self, upcaster: Event.upcaster)
        }
    }
}
