extension ColumnValue: Hashable {
    /// Whether two values are the same: texts (and JSON) by their UTF-8 bytes, as the SQL stores compare
    /// them, not by Swift's canonical equivalence ("é" precomposed and decomposed are two values, and two
    /// keys); every other case as its payload's `==`.
    public static func == (lhs: ColumnValue, rhs: ColumnValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let l), .bool(let r)): l == r
        case (.int(let l), .int(let r)): l == r
        case (.double(let l), .double(let r)): l == r
        case (.decimal(let l), .decimal(let r)): l == r
        case (.string(let l), .string(let r)), (.json(let l), .json(let r)): l.utf8.elementsEqual(r.utf8)
        case (.date(let l), .date(let r)): l == r
        case (.uuid(let l), .uuid(let r)): l == r
        case (.data(let l), .data(let r)): l == r
        default: false
        }
    }

    /// Hashes the case and its payload, texts by their UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value):
            hasher.combine(1)
            hasher.combine(value)
        case .int(let value):
            hasher.combine(2)
            hasher.combine(value)
        case .double(let value):
            hasher.combine(3)
            hasher.combine(value)
        case .decimal(let value):
            hasher.combine(4)
            hasher.combine(value)
        case .string(let value):
            hasher.combine(5)
            Self.combineBytes(of: value, into: &hasher)
        case .date(let value):
            hasher.combine(6)
            hasher.combine(value)
        case .uuid(let value):
            hasher.combine(7)
            hasher.combine(value)
        case .data(let value):
            hasher.combine(8)
            hasher.combine(value)
        case .json(let value):
            hasher.combine(9)
            Self.combineBytes(of: value, into: &hasher)
        }
    }

    private static func combineBytes(of text: String, into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(text.utf8.count)
    }
}
