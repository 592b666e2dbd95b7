import Foundation

/// RFC 6901 JSON pointers, for the problem a request body has.
enum JSONPointer {
    /// `/items/2/sku` for the coding path `items`, `2`, `sku`.
    static func pointer(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { "/" + ($0.intValue.map(String.init) ?? escaped($0.stringValue)) }.joined()
    }

    /// `/items/2/sku` for a constraint violation's field `items[2].sku`.
    static func pointer(field: String) -> String {
        var pointer = ""
        for part in field.split(separator: ".", omittingEmptySubsequences: false) {
            var name = part[...]
            var indices: [Substring] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                indices.insert(name[name.index(after: open)..<name.index(before: name.endIndex)], at: 0)
                name = name[..<open]
            }
            if !name.isEmpty || indices.isEmpty { pointer += "/" + escaped(String(name)) }
            for index in indices { pointer += "/" + index }
        }
        return pointer
    }

    /// A member name with `~` and `/` escaped.
    static func escaped(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
