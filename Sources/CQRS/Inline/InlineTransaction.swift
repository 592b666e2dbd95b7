/// One transaction of a store that keeps events and read models together: appends, row reads and row
/// changes in it commit together or not at all. An inline projection's rows change through one
/// (``InlineProjectionStore``).
package protocol InlineTransaction: RowSource {
    /// Appends in this transaction (the idempotency and expected-version checks as ``EventStore/append(_:)``);
    /// the result and the events as recorded (none for a duplicate).
    func append(_ request: AppendRequest) async throws -> (result: AppendResult, events: [RecordedEvent])

    /// A model's checkpoint and its table's shape (``ReadModelSchema/shapeHash``), as this transaction sees
    /// them; `nil` when the model has no table.
    func model(_ name: String) async throws -> (checkpoint: Int64, shapeHash: String)?

    /// The events of a stream, in order, as this transaction sees them (on its own connection).
    func readStream(_ stream: StreamID) async throws -> [RecordedEvent]

    /// At most `limit` events of these types with position `> position`, in order: every one committed, and
    /// none is in flight elsewhere for a model this transaction locks.
    func readAll(after position: Int64, limit: Int, eventTypes: Set<String>) async throws -> EventPage

    /// Applies the changes, in order, to the model's rows and, when `checkpoint` is given, sets its
    /// checkpoint.
    func apply(_ changes: [RowChange], to model: String, checkpoint: Int64?) async throws
}
