/// Reads payloads written with older schema versions of an event: the steps run in order, from the stored
/// version up to `currentVersion`, on the JSON before it is decoded.
///
/// Generated events that have an `upcast` section keep one in a `static let`:
///
/// ```swift
/// static let upcaster = Upcaster(currentVersion: 2, steps: [
///     UpcastStep(fromVersion: 1, defaults: ["cancelledBy": .string("unknown")])
/// ])
/// let cancelled = try EventPayload.decode(OrderCancelled.self, from: recorded, upcaster: upcaster)
/// ```
public struct Upcaster: Sendable {
    /// The schema version the Swift type decodes.
    public var currentVersion: Int
    /// The steps, sorted by ``UpcastStep/fromVersion``.
    public var steps: [UpcastStep]

    /// Creates an upcaster; a version without a step is assumed unchanged.
    public init(currentVersion: Int, steps: [UpcastStep]) {
        self.currentVersion = currentVersion
        self.steps = steps.sorted { $0.fromVersion < $1.fromVersion }
    }

    /// Brings a payload object written with `version` up to ``currentVersion``.
    public func upcast(_ members: inout [String: JSONValue], from version: Int) {
        for step in steps where step.fromVersion >= version && step.fromVersion < currentVersion {
            step.apply(to: &members)
        }
    }
}
