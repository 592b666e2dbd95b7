/// The events one command may produce: the generated `Emits` enum of a command has one case per `emits`
/// entry, so that a decide function cannot return any other event.
///
/// ```swift
/// enum Emits: CQRS.EmittedEvent {
///     case orderPlaced(OrderPlaced)
///     var event: Order.Event { switch self { case .orderPlaced(let e): .orderPlaced(e) } }
/// }
/// ```
public protocol EmittedEvent: Sendable {
    /// The aggregate's event type.
    associatedtype AggregateEvent
    /// The same event as a value of the aggregate's event type.
    var event: AggregateEvent { get }
}
