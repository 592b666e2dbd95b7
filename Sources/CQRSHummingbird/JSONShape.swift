import CQRS

/// The members a request body may have: what a generated operation reads, so that a member it does not
/// read (a misspelt field, a field of another version) is refused with 400 instead of silently dropped.
///
/// Generated code declares one per command and declared struct type:
///
/// ```swift
/// static let placeOrder: JSONShape = .object(["orderId": .any, "userId": .any, "items": .array(.declared { lineItem })])
/// ```
public struct JSONShape: Sendable {
    indirect enum Kind: Sendable {
        case any
        case object(ObjectShape)
        case array(JSONShape)
        case dictionary(JSONShape)
        case declared(@Sendable () -> JSONShape)
    }

    let kind: Kind

    /// Any value; its members, if any, are not checked (a scalar, an enum).
    public static let any = JSONShape(kind: .any)

    /// An object with at most these members, each of its shape.
    public static func object(_ members: [String: JSONShape]) -> JSONShape {
        JSONShape(kind: .object(ObjectShape(members)))
    }

    /// An array whose elements have the shape.
    public static func array(_ element: JSONShape) -> JSONShape { JSONShape(kind: .array(element)) }

    /// An object with members of any name whose values have the shape (a dictionary).
    public static func dictionary(_ value: JSONShape) -> JSONShape { JSONShape(kind: .dictionary(value)) }

    /// A declared type's shape, looked up when a value reaches it, so that a type may contain itself.
    public static func declared(_ shape: @escaping @Sendable () -> JSONShape) -> JSONShape {
        JSONShape(kind: .declared(shape))
    }

    /// Throws ``HTTPProblem`` 400, with its JSON pointer, for the first member `document` has at `index`
    /// that the shape does not (or a member given twice). A value of another kind than the shape is left
    /// to the decoder, which says what it expected.
    func check(_ document: PayloadDocument, at index: Int, pointer: @autoclosure () -> String = "") throws {
        switch kind {
        case .any:
            return
        case .declared(let shape):
            try shape().check(document, at: index, pointer: pointer())
        case .array(let element):
            guard document.structure(at: index) == .array else { return }
            try document.forEachElement(ofArrayAt: index) { offset, child in
                try element.check(document, at: child, pointer: pointer() + "/\(offset)")
            }
        case .object(let object):
            guard document.structure(at: index) == .object else { return }
            try object.check(document, at: index, pointer: pointer)
        case .dictionary(let value):
            guard document.structure(at: index) == .object else { return }
            var seen: Set<String> = []
            try document.forEachMember(ofObjectAt: index) { name, child in
                guard seen.insert(name).inserted else {
                    throw HTTPProblem.badRequest(
                        "member '\(name)' is given twice", pointer: pointer() + "/" + JSONPointer.escaped(name))
                }
                try value.check(document, at: child, pointer: pointer() + "/" + JSONPointer.escaped(name))
            }
        }
    }
}

/// The members of an object shape, by their names' bytes: a request's member is matched without making
/// a `String` of its name.
final class ObjectShape: Sendable {
    let names: [String]
    let bytes: [[UInt8]]
    let shapes: [JSONShape]

    init(_ members: [String: JSONShape]) {
        let sorted = members.sorted { $0.key < $1.key }
        names = sorted.map(\.key)
        bytes = sorted.map { Array($0.key.utf8) }
        shapes = sorted.map(\.value)
    }

    func check(_ document: PayloadDocument, at index: Int, pointer: () -> String) throws {
        var seen = [Bool](repeating: false, count: names.count)
        try document.forEachMemberToken(ofObjectAt: index) { nameToken, child in
            guard let position = bytes.firstIndex(where: { document.name(at: nameToken, equals: $0) }) else {
                let name = document.name(at: nameToken)
                let known = names.map { "'\($0)'" }.joined(separator: ", ")
                throw HTTPProblem.badRequest(
                    "unknown member '\(name)'"
                        + (known.isEmpty ? "; the object has no members" : "; the members are \(known)"),
                    pointer: pointer() + "/" + JSONPointer.escaped(name))
            }
            guard !seen[position] else {
                throw HTTPProblem.badRequest(
                    "member '\(names[position])' is given twice",
                    pointer: pointer() + "/" + JSONPointer.escaped(names[position]))
            }
            seen[position] = true
            if case .any = shapes[position].kind { return }
            try shapes[position].check(
                document, at: child, pointer: pointer() + "/" + JSONPointer.escaped(names[position]))
        }
    }
}
