/// What ``ReadStore/prepare(_:)`` found for a model: which table the projection builds, and whether it is a
/// new one filled beside the table queries still read (a reshape, blue-green).
///
/// ```swift
/// let preparation = try await store.prepare(Shop.UserOrders.schema)
/// // … catch up into preparation.target …
/// if preparation.isStaging { try await store.promote(Shop.UserOrders.schema) }
/// ```
public struct ModelPreparation: Sendable, Hashable {
    /// The model name the projection reads and writes (checkpoint, commit, row lookups) while it builds:
    /// the schema's name, or a staging name when the stored table has another shape.
    public var target: String
    /// Whether `target` is a new table being filled beside the one queries still read; call
    /// ``ReadStore/promote(_:)`` once caught up.
    public var isStaging: Bool

    /// Creates a preparation.
    public init(target: String, isStaging: Bool) {
        self.target = target
        self.isStaging = isStaging
    }
}
