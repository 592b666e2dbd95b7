import Foundation

/// Writes generated files into a directory: all or nothing, and never touching a file whose
/// contents are unchanged (so a build system sees no change and rebuilds nothing).
public struct OutputWriter: Sendable {
    /// Creates a writer.
    public init() {}

    /// Writes the files; returns the names of those whose contents changed.
    ///
    /// Every new file is first written beside its destination under a temporary name; only when all
    /// of them are written are they renamed into place, so an error leaves no half-written output.
    @discardableResult
    public func write(_ files: [GeneratedFile], to directory: String) throws -> [String] {
        let directoryURL = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directoryURL, withIntermediateDirectories: true)
        } catch {
            throw GeneratorError.cannotWrite(path: directory, reason: error.localizedDescription)
        }
        var pending: [(temporary: URL, destination: URL, name: String)] = []
        defer {
            for entry in pending { try? FileManager.default.removeItem(at: entry.temporary) }
        }
        for file in files {
            let destination = directoryURL.appendingPathComponent(file.name)
            let data = Data(file.contents.utf8)
            if let existing = try? Data(contentsOf: destination), existing == data { continue }
            let temporary = directoryURL.appendingPathComponent(".\(file.name).\(UUID().uuidString).tmp")
            do {
                try data.write(to: temporary)
            } catch {
                throw GeneratorError.cannotWrite(path: temporary.path, reason: error.localizedDescription)
            }
            pending.append((temporary, destination, file.name))
        }
        var changed: [String] = []
        for entry in pending {
            if rename(entry.temporary.path, entry.destination.path) != 0 {
                let reason = String(cString: strerror(errno))
                throw GeneratorError.cannotWrite(path: entry.destination.path, reason: reason)
            }
            changed.append(entry.name)
        }
        pending.removeAll()
        return changed
    }
}
