import Foundation

/// A walk over a parsed document's structure, for checks a `Decodable` type does not make (the HTTP layer's
/// refusal of members a command does not have).
extension PayloadDocument {
    /// What a value is, as far as its structure goes.
    package enum Structure: Sendable {
        case object, array, scalar
    }

    /// The index of the document's root value.
    package static let root = 0

    /// What the value at `index` is.
    package func structure(at index: Int) -> Structure {
        switch tokens[index].kind {
        case .object: .object
        case .array: .array
        default: .scalar
        }
    }

    /// Calls `body` with each member's name and value index of the object at `index`, in document order.
    package func forEachMember(ofObjectAt index: Int, _ body: (String, Int) throws -> Void) rethrows {
        var child = index + 1
        let end = Int(tokens[index].next)
        while child < end {
            try body(string(at: child) ?? "", child + 1)
            child = Int(tokens[child + 1].next)
        }
    }

    /// Calls `body` with each member's name token and value index of the object at `index`, in document
    /// order: ``name(at:equals:)`` then compares the name without making a `String` of it.
    package func forEachMemberToken(ofObjectAt index: Int, _ body: (Int, Int) throws -> Void) rethrows {
        var child = index + 1
        let end = Int(tokens[index].next)
        while child < end {
            try body(child, child + 1)
            child = Int(tokens[child + 1].next)
        }
    }

    /// Whether the name at `token` (a member's) is `bytes`.
    package func name(at token: Int, equals bytes: [UInt8]) -> Bool {
        let name = tokens[token]
        guard name.kind == .string else { return string(at: token).map { Array($0.utf8) == bytes } ?? false }
        let length = Int(name.end - name.start)
        guard length == bytes.count else { return false }
        return self.bytes.withUnsafeBufferPointer { all in
            bytes.withUnsafeBufferPointer { candidate in
                length == 0 || memcmp(all.baseAddress! + Int(name.start), candidate.baseAddress!, length) == 0
            }
        }
    }

    /// The name at `token` (a member's).
    package func name(at token: Int) -> String { string(at: token) ?? "" }

    /// Calls `body` with each element's offset and value index of the array at `index`.
    package func forEachElement(ofArrayAt index: Int, _ body: (Int, Int) throws -> Void) rethrows {
        var child = index + 1
        var offset = 0
        let end = Int(tokens[index].next)
        while child < end {
            try body(offset, child)
            offset += 1
            child = Int(tokens[child].next)
        }
    }

    /// The value at `index` as `T`, its errors' coding paths starting at `path`.
    package func value<T: Decodable>(_ type: T.Type, at index: Int, path: [any CodingKey] = []) throws -> T {
        try decode(T.self, at: index, path: path)
    }
}

extension FieldReader {
    /// Reads the fields of the object at `index` of `document` (the HTTP layer reads a request's body so).
    ///
    /// - Throws: `DecodingError.typeMismatch` when the value there is not an object.
    package init(document: PayloadDocument, at index: Int) throws {
        try self.init(PayloadDecoder(document: document, token: index, codingPath: []))
    }
}
