/// One node of a ``YAMLDocument``: a scalar, a sequence or a mapping, with where it starts in the file.
///
/// Nodes are small plain values stored in one array of their document; a node refers to its text or
/// its children by position in the document's shared storage, so building a tree costs no allocation
/// per node.
public struct YAMLNode: Hashable, Sendable {
    /// What a node is.
    public enum Kind: UInt8, Hashable, Sendable {
        /// A scalar: text.
        case scalar
        /// A sequence of nodes.
        case sequence
        /// A mapping of key nodes to value nodes, in file order.
        case mapping
        /// An alias (`*name`): not supported in a spec, already reported; has no content.
        case alias
    }

    /// How a node is written.
    public enum Style: UInt8, Hashable, Sendable {
        /// A plain scalar (`name`), the only style YAML would type implicitly.
        case plain
        /// A single-quoted scalar (`'name'`).
        case singleQuoted
        /// A double-quoted scalar (`"name"`).
        case doubleQuoted
        /// A literal block scalar (`|`).
        case literal
        /// A folded block scalar (`>`).
        case folded
        /// A block sequence or mapping (one entry per line).
        case block
        /// A flow sequence or mapping (`[a, b]`, `{a: b}`).
        case flow
    }

    /// What the node is.
    public let kind: Kind
    /// How it is written.
    public let style: Style
    let line: Int32
    let column: Int32
    /// For a scalar, the offset of its text in the document's text storage; for a sequence or a
    /// mapping, the offset of its children in the document's child storage.
    let start: Int32
    /// For a scalar, the length of its text in bytes; for a sequence, its item count; for a mapping,
    /// twice its pair count (keys and values alternate).
    let count: Int32

    init(kind: Kind, style: Style, line: Int32, column: Int32, start: Int32, count: Int32) {
        self.kind = kind
        self.style = style
        self.line = line
        self.column = column
        self.start = start
        self.count = count
    }

    /// Where the node starts (1-based line and column, the column counted in Unicode scalars).
    public var location: SourceLocation {
        SourceLocation(line: Int(line), column: Int(column))
    }

    /// Whether the node is a plain (unquoted) scalar.
    public var isPlainScalar: Bool { kind == .scalar && style == .plain }
}
