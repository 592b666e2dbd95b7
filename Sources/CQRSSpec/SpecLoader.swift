/// Reads and validates `*.cqrs.yaml` specs: the front end of the generator.
///
/// ```swift
/// let result = try SpecLoader().load(path: "Sources/Shop/shop.cqrs.yaml")
/// for diagnostic in result.diagnostics { print(diagnostic) }
/// if let spec = result.spec { print(spec.aggregates.map(\.name)) }
/// ```
///
/// Problems in the file's contents, from a YAML syntax error to a query by an unindexed field, are
/// all collected as ``Diagnostic``s located in the file; only a file that cannot be read at all
/// throws a ``SpecFileError``.
public struct SpecLoader: Sendable {
    /// The bounds within which a file is read.
    public var limits: YAMLLimits

    /// Creates a loader.
    public init(limits: YAMLLimits = .standard) {
        self.limits = limits
    }

    /// Reads and validates the spec at `path`; diagnostics carry `path` as given.
    ///
    /// - Throws: ``SpecFileError`` when the file does not exist, is a directory or cannot be read.
    public func load(path: String) throws(SpecFileError) -> SpecLoadResult {
        switch try SpecFile.read(path, limit: limits.maximumFileSize) {
        case .bytes(let bytes):
            return load(contents: bytes, path: path)
        case .tooLarge(let size):
            let message = "the spec is too large (\(size) bytes); the limit is \(limits.maximumFileSize) bytes"
            let location = SourceLocation(line: 1, column: 1)
            return SpecLoadResult(
                spec: nil,
                diagnostics: [Diagnostic(severity: .error, message: message, path: path, location: location)]
            )
        }
    }

    /// Validates a spec given as UTF-8 bytes; `path` is used in the spec and its diagnostics.
    public func load(contents: [UInt8], path: String) -> SpecLoadResult {
        contents.withUnsafeBufferPointer { load(buffer: $0, path: path) }
    }

    /// Validates a spec given as text; `path` is used in the spec and its diagnostics.
    public func load(contents: String, path: String) -> SpecLoadResult {
        var text = contents
        return text.withUTF8 { load(buffer: $0, path: path) }
    }

    private func load(buffer: UnsafeBufferPointer<UInt8>, path: String) -> SpecLoadResult {
        let parsed = YAMLParser.parse(buffer, path: path, limits: limits)
        guard let document = parsed.document else {
            return SpecLoadResult(spec: nil, diagnostics: parsed.diagnostics)
        }
        var validator = SpecValidator(document: document, path: path)
        let spec = validator.validate()
        var diagnostics = parsed.diagnostics
        diagnostics.append(contentsOf: validator.diagnostics)
        if !parsed.diagnostics.isEmpty {
            // Both lists are in file order; merge them (a stable sort keeps equal positions in order).
            diagnostics.sort { $0.location < $1.location }
        }
        return SpecLoadResult(spec: parsed.hasErrors ? nil : spec, diagnostics: diagnostics)
    }
}
