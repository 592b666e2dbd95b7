import Foundation

/// What a `decide` can see besides the command and the state: the stream, the version the state was
/// folded to, and the time of the decision from the processor's clock (``CommandConfiguration/now``, fixed
/// in tests), so that commands need no time field of their own.
///
/// ```swift
/// func decide(_ command: Shop.PayOrder, state: Shop.Order.State, context: CQRS.DecisionContext) throws
///     -> [Shop.PayOrder.Emits]
/// {
///     guard context.version < 100 else { throw OrderError.tooManyChanges }
///     guard context.now < deadline else { throw OrderError.tooLate }
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
    /// When the command is decided, by the processor's clock (``CommandConfiguration/now``).
    public var now: Date

    /// Creates a context (at the current time unless told).
    public init(stream: StreamID, version: Int64, commandID: UUID, now: Date = Date()) {
        self.stream = stream
        self.version = version
        self.commandID = commandID
        self.now = now
    }
}
