import CQRSSpec
import Testing

@Suite("Types and type expressions")
struct TypeValidationTests {
    /// A spec whose `LineItem` struct has the extra field lines given.
    func spec(fields: String, types: String = "") -> String {
        baseSpec([
            "      quantity: { type: Int, minimum: 1 }\n": "      quantity: { type: Int, minimum: 1 }\n" + fields
                + types
        ])
    }

    func lineItemFields(_ spec: Spec?) -> [Field] {
        guard case .structure(let fields)? = spec?.types.first(where: { $0.name == "LineItem" })?.kind else {
            return []
        }
        return fields
    }

    @Test("builtins, declared types and composites in every written form")
    func typeExpressions() throws {
        let spec = expectValid(
            spec(
                fields: """
                          a: String
                          b: "[Status]"
                          c: "[String: Int]?"
                          d: [LineItem]
                          e: {String: Int}
                          f: { type: "[[Status: [UUID]]]?" }
                          g: [[Int]]
                          h: {UUID: [Date]}
                          i: Decimal?
                          j: "  [ Int64 : URL ] "

                    """
            )
        )
        let types = Dictionary(uniqueKeysWithValues: lineItemFields(spec).map { ($0.name, $0.type) })
        #expect(types["a"] == .named("String"))
        #expect(types["b"] == .array(.named("Status")))
        #expect(types["c"] == .optional(.dictionary(key: .named("String"), value: .named("Int"))))
        #expect(types["d"] == .array(.named("LineItem")))
        #expect(types["e"] == .dictionary(key: .named("String"), value: .named("Int")))
        #expect(types["f"] == .optional(.array(.dictionary(key: .named("Status"), value: .array(.named("UUID"))))))
        #expect(types["g"] == .array(.array(.named("Int"))))
        #expect(types["h"] == .dictionary(key: .named("UUID"), value: .array(.named("Date"))))
        #expect(types["i"] == .optional(.named("Decimal")))
        #expect(types["j"] == .dictionary(key: .named("Int64"), value: .named("URL")))
    }

    @Test("an unknown type name is an error with a suggestion")
    func unknownType() {
        expectError(spec(fields: "      note: Strng\n"), at: 10, 13, "unknown type 'Strng'", "did you mean 'String'?")
        expectError(
            spec(fields: "      note: [Stauts]\n"), at: 10, 14, "unknown type 'Stauts'", "did you mean 'Status'?")
        expectError(spec(fields: "      note: UserOrders\n"), at: 10, 13, "'UserOrders' is a projection")
    }

    @Test("malformed type expressions are errors")
    func malformedTypes() {
        expectError(spec(fields: "      note: \"[String\"\n"), at: 10, 13, "invalid type '[String'", "expected ']'")
        expectError(spec(fields: "      note: \"String??\"\n"), "optional twice")
        expectError(spec(fields: "      note: \"Array<Int>\"\n"), "generic types are not supported")
        expectError(spec(fields: "      note: [Int, String]\n"), "an array type is written with one element type")
        expectError(spec(fields: "      note: { type: ~ }\n"), "missing type")
    }

    @Test("dictionary keys are String, Int, Int64, UUID or an enum")
    func dictionaryKeys() {
        expectError(
            spec(fields: "      note: \"[Double: Int]\"\n"), at: 10, 13, "key type of a dictionary", "not 'Double'")
        expectError(spec(fields: "      note: \"[LineItem: Int]\"\n"), "key type of a dictionary")
        expectError(spec(fields: "      note: \"[String?: Int]\"\n"), "key type of a dictionary")
        expectValid(spec(fields: "      a: \"[Int: Int]\"\n      b: {Status: Bool}\n      c: \"[UUID: String]\"\n"))
    }

    @Test("a struct that contains itself by value is an error naming the cycle")
    func recursiveStructs() {
        expectError(
            spec(fields: "      next: LineItem\n"), at: 6, 3,
            "struct 'LineItem' contains itself: LineItem.next → LineItem")
        expectError(
            spec(fields: "      part: Part\n", types: "  Part:\n    fields: { owner: LineItem }\n"),
            at: 6, 3, "struct 'LineItem' contains itself: LineItem.part → Part.owner → LineItem"
        )
        expectValid(
            spec(fields: "      next: LineItem?\n      children: [LineItem]\n      byName: {String: LineItem}\n"))
    }

    @Test("enum cases are lowerCamelCase names, unique, read as names (not YAML booleans)")
    func enumCases() throws {
        let spec = expectValid(baseSpec(["cases: [open, closed]": "cases: [open, closed, yes, no, on, null]"]))
        let status = spec?.types.first { $0.name == "Status" }
        #expect(status?.kind == .enumeration(cases: ["open", "closed", "yes", "no", "on", "null"]))
        expectError(
            baseSpec(["cases: [open, closed]": "cases: [open, closed, Archived]"]), at: 5, 27,
            "case name 'Archived' must be a lowerCamelCase", "'archived'")
        expectError(
            baseSpec(["cases: [open, closed]": "cases: [open, closed, open]"]), at: 5, 27, "duplicate case 'open'")
        expectError(baseSpec(["cases: [open, closed]": "cases: []"]), "enum 'Status' has no cases")
        expectValid(baseSpec(["cases: [open, closed]": "cases: [open, closed, default, case]"]))
    }

    @Test("enum cases may give raw values: all whole numbers or all text, each once")
    func rawValues() {
        func status(_ spec: Spec?) -> TypeDeclaration? { spec?.types.first { $0.name == "Status" } }
        let numbers = expectValid(baseSpec(["cases: [open, closed]": "cases: { open: 1, closed: 8 }"]))
        #expect(status(numbers)?.kind == .enumeration(cases: ["open", "closed"]))
        #expect(status(numbers)?.rawValues == .integers([1, 8]))
        let texts = expectValid(baseSpec(["cases: [open, closed]": "cases: { open: O, closed: \"8\" }"]))
        #expect(status(texts)?.rawValues == .strings(["O", "8"]))
        #expect(status(expectValid(baseSpec()))?.rawValues == nil)
        expectError(
            baseSpec(["cases: [open, closed]": "cases: { open: O, closed: 8 }"]), at: 5, 31,
            "the raw values of enum 'Status' are all whole numbers or all text; '8' is a number among text")
        expectError(
            baseSpec(["cases: [open, closed]": "cases: { open: 1, closed: 1 }"]), at: 5, 31,
            "raw value 1 appears twice in enum 'Status'")
        expectError(
            baseSpec(["cases: [open, closed]": "cases: { open: [1], closed: 2 }"]),
            "the raw value of case 'open' of enum 'Status' must be text")
    }

    @Test("a tagged union's cases each carry fields; its mistakes are located")
    func taggedUnions() {
        let union =
            "Message:\n    cases:\n      fromAgent: { fields: { agent: String, text: String } }\n      closed: {}\n  "
        let spec = expectValid(baseSpec(["LineItem:": union + "LineItem:"]))
        let message = spec?.types.first { $0.name == "Message" }
        guard case .union(let cases)? = message?.kind else {
            Issue.record("Message is not a union: \(String(describing: message?.kind))")
            return
        }
        #expect(cases.map(\.name) == ["fromAgent", "closed"])
        #expect(cases.map(\.typeName) == ["FromAgent", "Closed"])
        #expect(cases[0].fields.map(\.name) == ["agent", "text"])
        #expect(cases[1].fields.isEmpty)
        expectError(
            baseSpec(["LineItem:": "Message:\n    cases: { fromAgent: { fields: { a: Int } }, closed: 1 }\n  LineItem:"]
            ),
            "case 'closed' of union 'Message' must be a mapping with its fields, like `closed: { fields: { … } }`")
        expectError(
            baseSpec(["LineItem:": "Message:\n    cases: { message: { fields: { a: Int } } }\n  LineItem:"]),
            "case 'message' of union 'Message' would name the type of its fields 'Message', the union's own name")
        expectError(
            baseSpec(["LineItem:": "Message:\n    cases: { encodeFields: {} }\n  LineItem:"]),
            "case 'encodeFields' of union 'Message' clashes with the method 'encodeFields(to:)'")
        expectError(
            baseSpec([
                "LineItem:":
                    "Message:\n    cases: { note: { fields: { text: { type: String, minLength: 1 } } } }\n  LineItem:"
            ]),
            "field 'text' of case 'note' of union 'Message' has constraints; a union's fields take none yet")
        expectError(
            baseSpec(["LineItem:": "Message:\n    cases: { note: { fieldz: {} } }\n  LineItem:"]),
            "unknown key 'fieldz'")
        // A union has no literal, and is no key.
        expectError(
            baseSpec([
                "LineItem:": union + "LineItem:",
                "      quantity: { type: Int, minimum: 1 }\n":
                    "      quantity: { type: Int, minimum: 1 }\n      note: { type: Message, default: closed }\n",
            ]),
            "a union such as 'Message' has no literal form")
        // Nor in an upcast: a union field added in a later version of an event is optional.
        expectError(
            baseSpec([
                "LineItem:": union + "LineItem:",
                "      OrderClosed: {}\n":
                    "      OrderClosed:\n        version: 2\n        fields: { note: Message }\n        upcast: { 1: { defaults: { note: closed } } }\n",
            ]),
            "a union such as 'Message' has no literal form")
        expectValid(
            baseSpec([
                "LineItem:": union + "LineItem:",
                "      OrderClosed: {}\n":
                    "      OrderClosed:\n        version: 2\n        fields: { note: Message? }\n",
            ]))
    }

    @Test("a type is a struct or an enum, not both or neither")
    func typeKinds() {
        expectError(
            baseSpec(["cases: [open, closed]": "cases: [open, closed]\n    fields: { a: Int }"]), at: 4, 3,
            "has both 'fields' and 'cases'")
        expectError(
            baseSpec(["cases: [open, closed]": "description: A status."]), at: 4, 3, "neither 'fields'", "nor 'cases'")
        expectError(
            baseSpec(["cases: [open, closed]": "cases: [open, closed]\n    field: {}"]), at: 6, 5,
            "unknown key 'field'", "'fields'")
    }
}
