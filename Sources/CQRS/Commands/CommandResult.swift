/// What a command did and the state it left its aggregate in: the command-side return, for a client that
/// shows the new state at once instead of waiting for a read model.
///
/// The state costs no extra read: it is the state the command's events were folded into on the way to the
/// append. Only a resend of a handled command id reads it, as of the first handling's version.
///
/// ```swift
/// let result = try await app.sendReturningState(Shop.PayOrder(orderId: id, amountUSD: 12))
/// print(result.receipt.version, result.state.status)
/// ```
public struct CommandResult<State: Sendable>: Sendable {
    /// The command's receipt.
    public var receipt: CommandReceipt
    /// The aggregate's state at ``CommandReceipt/version``: after the command's events, or as the command
    /// found it when it decided on none.
    public var state: State

    /// Creates a result.
    public init(receipt: CommandReceipt, state: State) {
        self.receipt = receipt
        self.state = state
    }
}

extension CommandResult: Equatable where State: Equatable {}
extension CommandResult: Hashable where State: Hashable {}
