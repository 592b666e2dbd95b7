/// A YAML document read into a compact tree: every node keeps its kind, style and start position.
///
/// All nodes live in one array, all scalar text in one byte buffer and all child references in a
/// third array, so reading a large spec allocates a handful of buffers rather than one object per
/// node. Nodes are addressed by ``NodeID``.
///
/// ```swift
/// let result = YAMLParser.parse(Array("a: [1, 2]".utf8), path: "x.yaml")
/// if let document = result.document, let root = document.root {
///     for pair in document.pairs(of: root) { print(document.text(of: pair.key)) }
/// }
/// ```
public struct YAMLDocument: Sendable {
    /// The address of a node in its document.
    public struct NodeID: Hashable, Sendable {
        let index: Int32
    }

    /// A mapping's key/value pairs, in file order.
    public struct Pairs: RandomAccessCollection, Sendable {
        let children: ArraySlice<NodeID>

        /// The position of the first pair.
        public var startIndex: Int { 0 }
        /// The position after the last pair.
        public var endIndex: Int { children.count / 2 }

        /// The pair at `position`.
        public subscript(position: Int) -> (key: NodeID, value: NodeID) {
            let base = children.startIndex + 2 * position
            return (children[base], children[base + 1])
        }
    }

    var nodes: [YAMLNode] = []
    var children: [NodeID] = []
    var text: [UInt8] = []
    /// The document's top node; `nil` for an empty document.
    public internal(set) var root: NodeID?

    /// The node with this address.
    public subscript(id: NodeID) -> YAMLNode {
        nodes[Int(id.index)]
    }

    /// The text of a scalar (already unescaped and folded by YAML); empty for other nodes.
    public func text(of id: NodeID) -> String {
        let node = nodes[Int(id.index)]
        guard node.kind == .scalar, node.count > 0 else { return "" }
        return text.withUnsafeBufferPointer { buffer in
            String(
                decoding: UnsafeBufferPointer(rebasing: buffer[Int(node.start)..<Int(node.start + node.count)]),
                as: UTF8.self)
        }
    }

    /// Calls `body` with the UTF-8 bytes of a scalar's text (empty for other nodes).
    public func withTextBytes<Result>(of id: NodeID, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
        -> Result
    {
        let node = nodes[Int(id.index)]
        let range = node.kind == .scalar ? Int(node.start)..<Int(node.start + node.count) : 0..<0
        return try text.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[range]))
        }
    }

    /// Whether a node is a scalar whose text is exactly `string`.
    public func isScalar(_ id: NodeID, equalTo string: StaticString) -> Bool {
        let node = nodes[Int(id.index)]
        guard node.kind == .scalar, Int(node.count) == string.utf8CodeUnitCount else { return false }
        return withTextBytes(of: id) { bytes in
            bytes.elementsEqual(UnsafeBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
        }
    }

    /// Whether two nodes are scalars with the same text.
    public func scalarTextsEqual(_ first: NodeID, _ second: NodeID) -> Bool {
        let a = nodes[Int(first.index)]
        let b = nodes[Int(second.index)]
        guard a.kind == .scalar, b.kind == .scalar, a.count == b.count else { return false }
        return text.withUnsafeBufferPointer { buffer in
            buffer[Int(a.start)..<Int(a.start + a.count)].elementsEqual(buffer[Int(b.start)..<Int(b.start + b.count)])
        }
    }

    /// Whether a node is YAML's null: a plain scalar that is empty, `~`, `null`, `Null` or `NULL`.
    public func isNull(_ id: NodeID) -> Bool {
        let node = nodes[Int(id.index)]
        guard node.kind == .scalar, node.style == .plain else { return false }
        return node.count == 0 || isScalar(id, equalTo: "~") || isScalar(id, equalTo: "null")
            || isScalar(id, equalTo: "Null") || isScalar(id, equalTo: "NULL")
    }

    /// The items of a sequence (empty for other nodes).
    public func items(of id: NodeID) -> ArraySlice<NodeID> {
        let node = nodes[Int(id.index)]
        guard node.kind == .sequence else { return children[0..<0] }
        return children[Int(node.start)..<Int(node.start + node.count)]
    }

    /// The key/value pairs of a mapping (empty for other nodes).
    public func pairs(of id: NodeID) -> Pairs {
        let node = nodes[Int(id.index)]
        guard node.kind == .mapping else { return Pairs(children: children[0..<0]) }
        return Pairs(children: children[Int(node.start)..<Int(node.start + node.count)])
    }

    /// The value of the first pair of a mapping whose key is the scalar `key`.
    public func value(of id: NodeID, forKey key: StaticString) -> NodeID? {
        for pair in pairs(of: id) where isScalar(pair.key, equalTo: key) {
            return pair.value
        }
        return nil
    }
}
