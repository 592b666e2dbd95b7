import CQRS

/// The members a request body may have: what a generated operation reads, so that a member it does not
/// read (a misspelt field, a field of another version) is refused with 400 instead of silently dropped.
///
/// Generated code declares one per command and declared struct type:
///
/// ```swift
/// static let placeOrder: JSONShape = .object(["orderId": .any, "userId": .any, "items": .array(.declared { lineItem })])
/// ```
public indirect enum JSONShape: Sendable {
    /// Any value; its members, if any, are not checked (a scalar, an enum, a union).
    case any
    /// An object with at most these members, each of its shape.
    case object([String: JSONShape])
    /// An array whose elements have the shape.
    case array(JSONShape)
    /// An object with members of any name whose values have the shape (a dictionary).
    case dictionary(JSONShape)
    /// A declared type's shape, looked up when a value reaches it, so that a type may contain itself.
    case declared(@Sendable () -> JSONShape)
}

extension JSONShape {
    /// Throws ``HTTPProblem`` 400, with its JSON pointer, for the first member `document` has at `index`
    /// that the shape does not (or a member given twice). A value of another kind than the shape is left
    /// to the decoder, which says what it expected.
    func check(_ document: PayloadDocument, at index: Int, pointer: String = "") throws {
        switch self {
        case .any:
            return
        case .declared(let shape):
            try shape().check(document, at: index, pointer: pointer)
        case .array(let element):
            guard document.structure(at: index) == .array else { return }
            try document.forEachElement(ofArrayAt: index) { offset, child in
                try element.check(document, at: child, pointer: pointer + "/\(offset)")
            }
        case .object(let members):
            guard document.structure(at: index) == .object else { return }
            var seen: Set<String> = []
            try document.forEachMember(ofObjectAt: index) { name, child in
                let memberPointer = pointer + "/" + JSONPointer.escaped(name)
                guard let shape = members[name] else {
                    let known = members.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
                    throw HTTPProblem.badRequest(
                        "unknown member '\(name)'"
                            + (known.isEmpty ? "; the object has no members" : "; the members are \(known)"),
                        pointer: memberPointer)
                }
                guard seen.insert(name).inserted else {
                    throw HTTPProblem.badRequest("member '\(name)' is given twice", pointer: memberPointer)
                }
                try shape.check(document, at: child, pointer: memberPointer)
            }
        case .dictionary(let value):
            guard document.structure(at: index) == .object else { return }
            var seen: Set<String> = []
            try document.forEachMember(ofObjectAt: index) { name, child in
                let memberPointer = pointer + "/" + JSONPointer.escaped(name)
                guard seen.insert(name).inserted else {
                    throw HTTPProblem.badRequest("member '\(name)' is given twice", pointer: memberPointer)
                }
                try value.check(document, at: child, pointer: memberPointer)
            }
        }
    }
}
