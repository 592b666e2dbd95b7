/// Why a spec file could not be read at all: a problem with the file, as opposed to a problem in
/// its contents (which is a ``Diagnostic``).
public enum SpecFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path.
    case notFound(path: String)
    /// The path names a directory.
    case isDirectory(path: String)
    /// The file exists but may not be read.
    case permissionDenied(path: String)
    /// Reading failed for another reason, e.g. an I/O error.
    case unreadable(path: String, reason: String)

    /// The path as given by the caller.
    public var path: String {
        switch self {
        case .notFound(let path), .isDirectory(let path), .permissionDenied(let path), .unreadable(let path, _):
            path
        }
    }

    /// One line for the user, e.g. `cannot read 'shop.cqrs.yaml': no such file`.
    public var description: String {
        switch self {
        case .notFound(let path): "cannot read '\(path)': no such file"
        case .isDirectory(let path): "cannot read '\(path)': it is a directory, not a spec file"
        case .permissionDenied(let path): "cannot read '\(path)': permission denied"
        case .unreadable(let path, let reason): "cannot read '\(path)': \(reason)"
        }
    }
}
