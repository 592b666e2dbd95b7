import Foundation

/// What a `decide` can see besides the command and the state: the stream and the version the state was
/// folded to.
///
/// ```swift
/// func decide(_ command: Shop.PayOrder, state: Shop.Order.State, context: CQRS.DecisionContext) throws
///     -> [Shop.PayOrder.Emits]
/// {
///     guard context.version < 100 else { throw OrderError.tooManyChanges }
///     return [.orderPaid(.init(amountUSD: command.amountUSD))]
/// }
/// ```
public struct DecisionContext: Sendable, Hashable {
    /// The stream the command acts on.
    public var stream: StreamID
    /// The stream's version the state was folded to; 0 for a stream that does not exist yet.
    public var version: Int64
    /// The command's id (``CommandOptions/commandID``).
    public var commandID: UUID

    /// Creates a context.
    public init(stream: StreamID, version: Int64, commandID: UUID) {
        self.stream = stream
        self.version = version
        self.commandID = commandID
    }
}
