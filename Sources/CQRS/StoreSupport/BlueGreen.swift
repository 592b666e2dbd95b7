/// The blue-green decision of ``ReadStore/prepare(_:)``, written once for every store: given what the store
/// holds for a model, which table the projection builds and what to create and drop.
///
/// A reshaped model (another ``ReadModelSchema/shapeHash``) is built in a staging table named
/// ``ReadModelSchema/stagingName`` beside the one queries read, and promoted once caught up; a staging table
/// of any other shape is an abandoned reshape and goes.
package struct BlueGreenPlan: Sendable, Hashable {
    /// A staging or active table the store holds for the model, by model name.
    package struct Held: Sendable, Hashable {
        /// The model name (the model's own, or a staging name).
        package var name: String
        /// The shape the table has.
        package var shapeHash: String

        package init(name: String, shapeHash: String) {
            self.name = name
            self.shapeHash = shapeHash
        }
    }

    /// What the projection builds.
    package var preparation: ModelPreparation
    /// The model name whose table to create (empty, checkpoint 0); `nil`: the table to build exists.
    package var create: String?
    /// The model names whose tables go (abandoned or no longer needed staging tables).
    package var drop: [String]

    /// Decides for `schema`, given the model's table (`name == schema.name`) and its staging tables among
    /// `held` (names starting with `schema.name + "@"`); other names are ignored.
    package init(for schema: ReadModelSchema, held: [Held]) {
        let staging = schema.stagingName
        let stagings = held.filter { $0.name.hasPrefix(schema.name + "@") }
        let active = held.first { $0.name == schema.name }
        guard let active else {
            preparation = ModelPreparation(target: schema.name, isStaging: false)
            create = schema.name
            drop = stagings.map(\.name)
            return
        }
        if active.shapeHash == schema.shapeHash {
            preparation = ModelPreparation(target: schema.name, isStaging: false)
            create = nil
            drop = stagings.map(\.name)
            return
        }
        preparation = ModelPreparation(target: staging, isStaging: true)
        create = stagings.contains { $0.name == staging } ? nil : staging
        drop = stagings.map(\.name).filter { $0 != staging }
    }
}

extension ReadModelSchema {
    /// The stable name durable stores give a model for other tools: a view `rm_<model name>` that
    /// always shows the live table (the same rule in every store; the name is quoted in SQL).
    package static func stableName(of model: String) -> String {
        "rm_\(model)"
    }

    /// The model name of this shape's staging table while the model is reshaped: `Name@shapeHash`.
    package var stagingName: String { "\(name)@\(shapeHash)" }

    /// The model a table target belongs to: the model's own name, or the name a staging target
    /// (``stagingName``, `Name@` and 16 hex digits) was made from.
    package static func modelName(ofTarget target: String) -> String {
        guard let at = target.lastIndex(of: "@") else { return target }
        let suffix = target[target.index(after: at)...]
        guard suffix.count == 16, suffix.allSatisfy(\.isHexDigit) else { return target }
        return String(target[..<at])
    }
}
