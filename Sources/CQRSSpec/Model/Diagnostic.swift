/// A problem found in a spec, located in the file, printed the way the Swift compiler prints its own.
///
/// ```
/// Sources/Shop/shop.cqrs.yaml:14:9: error: unknown event 'OrderShiped' in 'emits'; did you mean 'OrderShipped'?
/// ```
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Hashable, Sendable {
        case error
        case warning
        case note
    }

    /// How serious it is.
    public var severity: Severity
    /// The message, one line, without the location.
    public var message: String
    /// The spec's path, as given by the caller.
    public var path: String
    /// Where in the file.
    public var location: SourceLocation
    /// Follow-up notes (e.g. the fix), printed as `note:` lines at the same location.
    public var notes: [String]
    /// The kind of a warning, whose name the description shows after the message (`[unread-projection]`)
    /// and which `silence` names; `nil` for errors and notes.
    public var warning: SpecWarning?
    /// Notes about another place in the file (where a redeclared name was first declared), printed
    /// as `note:` lines at their own location, as the Swift compiler points at a previous declaration.
    public var relatedNotes: [RelatedNote] = []

    /// A note at another place in the spec.
    public struct RelatedNote: Hashable, Sendable {
        /// The note.
        public var message: String
        /// Where it points.
        public var location: SourceLocation

        /// Creates a note at `location`.
        public init(_ message: String, at location: SourceLocation) {
            self.message = message
            self.location = location
        }
    }

    /// Creates a diagnostic.
    public init(
        severity: Severity,
        message: String,
        path: String,
        location: SourceLocation,
        notes: [String] = []
    ) {
        self.severity = severity
        self.message = message
        self.path = path
        self.location = location
        self.notes = notes
    }

    /// The compiler-format text: the diagnostic line (a warning's name after the message, as compilers show
    /// a warning's flag), then one line per note.
    public var description: String {
        var text = "\(path):\(location.line):\(location.column): \(severity.rawValue): \(message)"
        if let warning { text += " [\(warning.rawValue)]" }
        for note in notes {
            text += "\n\(path):\(location.line):\(location.column): note: \(note)"
        }
        for note in relatedNotes {
            text += "\n\(path):\(note.location.line):\(note.location.column): note: \(note.message)"
        }
        return text
    }
}
