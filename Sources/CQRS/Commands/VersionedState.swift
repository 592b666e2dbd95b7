/// An aggregate's state read from the write side, with the stream version it was folded to: what
/// `Application.state(of:in:)` returns for the confirmation page right after a command, before any
/// projection has caught up.
///
/// ```swift
/// if let order = try await app.state(of: orderID, in: Shop.Order.self) {
///     print(order.version, order.state.status)
/// }
/// ```
public struct VersionedState<State: Sendable>: Sendable {
    /// The aggregate's stream.
    public var stream: StreamID
    /// The stream version the state was folded to (its last event's); at least 1.
    public var version: Int64
    /// The state after the events up to ``version``.
    public var state: State

    /// Creates a versioned state.
    public init(stream: StreamID, version: Int64, state: State) {
        self.stream = stream
        self.version = version
        self.state = state
    }
}

extension VersionedState: Equatable where State: Equatable {}
extension VersionedState: Hashable where State: Hashable {}
