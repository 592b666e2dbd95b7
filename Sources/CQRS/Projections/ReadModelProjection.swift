/// A projection: which events it reads and how each changes its read model's rows. The generator emits one
/// per spec projection (`Shop.UserOrders.Projection`, over your `Shop.UserOrders.Handler`).
///
/// ```swift
/// struct Projection: CQRS.ReadModelProjection {
///     var name: String { "UserOrders" }
///     var schema: CQRS.ReadModelSchema { UserOrders.schema }
///     var eventTypes: Set<String> { [Order.OrderPlaced.eventType, Order.OrderPaid.eventType] }
///     func apply(_ event: CQRS.RecordedEvent, to batch: CQRS.ProjectionBatch) async throws { ... }
/// }
/// ```
public protocol ReadModelProjection: Sendable {
    /// The projection's name, which is also its read model's (``ReadModelSchema/name``).
    var name: String { get }
    /// The read model's table.
    var schema: ReadModelSchema { get }
    /// The stored event types the projection reads; it is given no others.
    var eventTypes: Set<String> { get }
    /// When its rows change: after the append (the default) or in the append's transaction.
    var consistency: ProjectionConsistency { get }
    /// Applies one event to the batch's rows. Throwing stops the projection (nothing of the batch is kept);
    /// for an inline projection applied by an append, it fails the command instead.
    func apply(_ event: RecordedEvent, to batch: ProjectionBatch) async throws
}

extension ReadModelProjection {
    /// `.async`: the runner follows the log.
    public var consistency: ProjectionConsistency { .async }
}
