/// What a command did and the state it left its aggregate in: the command-side return, for a client that
/// shows the new state at once instead of waiting for a read model.
///
/// The state costs no extra read: it is the state the command's events were folded into on the way to the
/// append. Only a resend of a handled command id reads it: as of the first handling's version for an
/// event-sourced aggregate; the current state for a state-stored one, which keeps no other (its version may
/// then be past the receipt's).
///
/// ```swift
/// let result = try await app.sendReturningState(Shop.PayOrder(orderId: id, amountUSD: 12))
/// print(result.receipt.version, result.state.status)
/// ```
public struct CommandResult<State: Sendable>: Sendable {
    /// The command's receipt.
    public var receipt: CommandReceipt
    /// The aggregate's state after the command's events, or as the command found it when it decided on none:
    /// at ``CommandReceipt/version``, except for a resend to a state-stored aggregate (its current state).
    public var state: State

    /// Creates a result.
    public init(receipt: CommandReceipt, state: State) {
        self.receipt = receipt
        self.state = state
    }
}

extension CommandResult: Equatable where State: Equatable {}
extension CommandResult: Hashable where State: Hashable {}
