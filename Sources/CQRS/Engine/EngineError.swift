/// A request to an ``Engine`` that names something it does not have.
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No projection of this name was given to the engine.
    case unknownProjection(String)

    /// A sentence naming the projection.
    public var description: String {
        switch self {
        case .unknownProjection(let name): "the engine has no projection named \(name)"
        }
    }
}
