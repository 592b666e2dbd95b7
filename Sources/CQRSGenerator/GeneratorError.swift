/// Why the generator could not produce its files (spec errors are diagnostics, not these).
public enum GeneratorError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A template could not be parsed, or a required one is missing.
    case invalidTemplate(name: String, reason: String)
    /// A template names keys that the view model does not have.
    case unknownTemplateKeys(template: String, keys: [String])
    /// The templates directory given could not be read.
    case templatesDirectoryUnreadable(path: String, reason: String)
    /// An output file could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidTemplate(let name, let reason):
            "template '\(name)' is invalid: \(reason)"
        case .unknownTemplateKeys(let template, let keys):
            "template '\(template)' names \(keys.map { "'\($0)'" }.joined(separator: ", ")), "
                + "which the view model does not have"
        case .templatesDirectoryUnreadable(let path, let reason):
            "cannot read templates directory '\(path)': \(reason)"
        case .cannotWrite(let path, let reason):
            "cannot write '\(path)': \(reason)"
        }
    }
}
