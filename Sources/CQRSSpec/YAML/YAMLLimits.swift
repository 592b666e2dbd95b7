/// The bounds within which a spec file is read; beyond them the reader reports an error instead of
/// spending unbounded time or memory.
public struct YAMLLimits: Hashable, Sendable {
    /// The largest file read, in bytes.
    public var maximumFileSize: Int
    /// The deepest nesting of sequences and mappings.
    public var maximumDepth: Int

    /// Creates limits.
    public init(maximumFileSize: Int = 64 * 1024 * 1024, maximumDepth: Int = 64) {
        self.maximumFileSize = maximumFileSize
        self.maximumDepth = maximumDepth
    }

    /// 64 MiB and 64 levels.
    public static let standard = YAMLLimits()
}
