/// How a payload of one schema version becomes the next version: members renamed, removed, and added
/// with defaults (applied in that order).
///
/// ```swift
/// UpcastStep(fromVersion: 1, defaults: ["cancelledBy": .string("unknown")],
///            renamed: [(from: "note", to: "reason")], removed: ["legacyCode"])
/// ```
public struct UpcastStep: Sendable {
    /// The version this step reads; it produces `fromVersion + 1`.
    public var fromVersion: Int
    /// Members added since `fromVersion`, with the value to use when a payload lacks them.
    public var defaults: [String: JSONValue]
    /// Members renamed since `fromVersion`, old name to new name.
    public var renamed: [(from: String, to: String)]
    /// Members dropped since `fromVersion`.
    public var removed: [String]

    /// Creates a step.
    public init(
        fromVersion: Int,
        defaults: [String: JSONValue] = [:],
        renamed: [(from: String, to: String)] = [],
        removed: [String] = []
    ) {
        self.fromVersion = fromVersion
        self.defaults = defaults
        self.renamed = renamed
        self.removed = removed
    }

    /// Applies the step to a payload object.
    public func apply(to members: inout [String: JSONValue]) {
        for rename in renamed {
            if let value = members.removeValue(forKey: rename.from) { members[rename.to] = value }
        }
        for name in removed { members.removeValue(forKey: name) }
        for (name, value) in defaults where members[name] == nil { members[name] = value }
    }
}
