import CQRSSpec
import Testing

@Suite("Fields: constraints and defaults")
struct FieldValidationTests {
    /// A spec with one more field in the `LineItem` struct (line 10).
    func spec(_ field: String) -> String {
        baseSpec([
            "      quantity: { type: Int, minimum: 1 }\n": "      quantity: { type: Int, minimum: 1 }\n      \(field)\n"
        ])
    }

    func field(_ spec: Spec?, _ name: String = "x") -> Field? {
        guard case .structure(let fields)? = spec?.types.first(where: { $0.name == "LineItem" })?.kind else {
            return nil
        }
        return fields.first { $0.name == name }
    }

    @Test("number constraints apply to numbers only, and fit the type")
    func numberConstraints() {
        expectError(
            spec("x: { type: String, minimum: 1 }"), at: 10, 26, "'minimum' applies only to numbers", "'String'")
        expectError(
            spec("x: { type: Int, maximum: 1.5 }"), at: 10, 32, "'maximum' of field 'x' does not fit 'Int'",
            "not a whole number")
        expectError(spec("x: { type: Int32, maximum: 3000000000 }"), "out of the range of 'Int32'")
        expectError(spec("x: { type: UInt, minimum: -1 }"), "out of the range of 'UInt'")
        expectError(spec("x: { type: Double, minimum: abc }"), "'abc' is not a number")
        let parsed = expectValid(spec("x: { type: Decimal?, minimum: 0.010, exclusiveMaximum: 2.5e3, maximum: 010 }"))
        let constraints = field(parsed)?.constraints
        #expect(constraints?.minimum == "0.01")
        #expect(constraints?.exclusiveMaximum == "2500")
        #expect(constraints?.maximum == "10")
    }

    @Test("length and pattern constraints apply to strings only; the pattern must compile")
    func stringConstraints() {
        expectError(spec("x: { type: Int, minLength: 1 }"), at: 10, 23, "'minLength' applies only to strings", "'Int'")
        expectError(spec("x: { type: Int, pattern: \"^a$\" }"), "'pattern' applies only to strings")
        expectError(spec("x: { type: String, pattern: \"[a-\" }"), at: 10, 35, "not a valid regular expression")
        expectError(spec("x: { type: String, maxLength: -1 }"), "'maxLength' must be a whole number of at least 0")
        let parsed = expectValid(spec("x: { type: String?, minLength: 1, maxLength: 5, pattern: \"^[A-Z]{4,12}$\" }"))
        #expect(field(parsed)?.constraints == FieldConstraints(minLength: 1, maxLength: 5, pattern: "^[A-Z]{4,12}$"))
    }

    @Test("item-count constraints apply to arrays only")
    func itemConstraints() {
        expectError(spec("x: { type: String, minItems: 1 }"), at: 10, 26, "'minItems' applies only to arrays")
        expectError(spec("x: { type: \"[String: Int]\", maxItems: 1 }"), "'maxItems' applies only to arrays")
        let parsed = expectValid(spec("x: { type: [Int], minItems: 1, maxItems: 3 }"))
        #expect(field(parsed)?.constraints == FieldConstraints(minItems: 1, maxItems: 3))
    }

    @Test("a lower bound above its upper bound is an error")
    func contradictoryBounds() {
        expectError(
            spec("x: { type: String, minLength: 5, maxLength: 2 }"),
            "'maxLength' 2 of field 'x' is below its 'minLength' 5")
        expectError(spec("x: { type: Int, minimum: 5, maximum: 2 }"), "leaves no value")
        expectError(spec("x: { type: Int, exclusiveMinimum: 5, maximum: 5 }"), "leaves no value")
        expectValid(spec("x: { type: Int, minimum: 5, maximum: 5 }"))
    }

    @Test("a long-form field needs a type")
    func missingType() {
        expectError(spec("x: { description: Something. }"), at: 10, 7, "field 'x' has no 'type'")
        expectError(spec("x: { tpye: Int }"), at: 10, 12, "unknown key 'tpye'", "'type'")
    }

    @Test("defaults are read for their type, not by YAML's implicit typing")
    func defaultsByType() {
        func value(_ text: String) -> Literal? { field(expectValid(spec("x: \(text)")))?.defaultValue }
        #expect(value("{ type: Int, default: 010 }") == .integer("10"))
        #expect(value("{ type: Int64, default: -42 }") == .integer("-42"))
        #expect(value("{ type: String, default: 010 }") == .string("010"))
        #expect(value("{ type: String, default: yes }") == .string("yes"))
        #expect(value("{ type: String, default: \"\" }") == .string(""))
        #expect(value("{ type: Bool, default: false }") == .bool(false))
        #expect(value("{ type: Double, default: 2.5e3 }") == .number("2500"))
        #expect(value("{ type: Decimal, default: 0.010 }") == .number("0.01"))
        #expect(value("{ type: Decimal, default: 0 }") == .integer("0"))
        #expect(value("{ type: Date, default: 2024-05-01T12:00:00Z }") == .date("2024-05-01T12:00:00Z"))
        #expect(
            value("{ type: Date, default: \"2024-02-29T23:59:59.5+02:00\" }") == .date("2024-02-29T23:59:59.5+02:00"))
        #expect(
            value("{ type: UUID, default: e621e1f8-c36c-495a-93fc-0c247a3e6e5f }")
                == .uuid("E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        #expect(value("{ type: Data, default: aGVsbG8= }") == .data("aGVsbG8="))
        #expect(value("{ type: URL, default: \"https://example.com/a?b=c\" }") == .url("https://example.com/a?b=c"))
        #expect(value("{ type: Status, default: closed }") == .enumCase("closed"))
        #expect(value("{ type: Int?, default: null }") == .null)
        #expect(value("{ type: Int?, default: 3 }") == .integer("3"))
        #expect(value("{ type: [Int], default: [] }") == .emptyArray)
        #expect(value("{ type: \"[String: Int]\", default: {} }") == .emptyDictionary)
    }

    @Test("a default that does not fit its type is an error at the default")
    func defaultsThatDoNotFit() {
        expectError(
            spec("x: { type: Int, default: 1.5 }"), at: 10, 32, "default of field 'x' does not fit its type 'Int'",
            "not a whole number")
        expectError(spec("x: { type: Int32, default: 2147483648 }"), "out of the range of 'Int32'")
        expectError(spec("x: { type: Bool, default: yes }"), "'yes' is not true or false")
        expectError(spec("x: { type: Date, default: 2024-02-30T00:00:00Z }"), "not an ISO 8601 timestamp")
        expectError(spec("x: { type: Date, default: 2024-05-01 }"), "not an ISO 8601 timestamp")
        expectError(spec("x: { type: UUID, default: not-a-uuid }"), "is not a UUID")
        expectError(spec("x: { type: Data, default: \"abc\" }"), "not base64")
        expectError(spec("x: { type: URL, default: \"not a url\" }"), "not an absolute URL")
        expectError(
            spec("x: { type: Status, default: clsed }"), "'clsed' is not a case of 'Status'", "did you mean 'closed'?")
        expectError(spec("x: { type: Int, default: null }"), "null fits only an optional type")
        expectError(spec("x: { type: [Int], default: [1] }"), "can only be empty")
        expectError(spec("x: { type: \"[String: Int]\", default: {a: 1} }"), "can only be empty")
        expectError(spec("x: { type: LineItem?, default: {} }"), "has no literal form")
        expectError(spec("x: { type: Double, default: 1e999 }"), "out of the range of 'Double'")
    }

    @Test("a default that violates its own constraints is an error")
    func defaultsAgainstConstraints() {
        expectError(spec("x: { type: Int, minimum: 1, default: 0 }"), "violates its minimum 1")
        expectError(spec("x: { type: String, pattern: \"^[a-z]+$\", default: \"ABC\" }"), "violates its pattern")
        expectError(spec("x: { type: String, maxLength: 2, default: abc }"), "violates its maxLength 2")
        expectError(spec("x: { type: [Int], minItems: 1, default: [] }"), "violates its minItems 1")
        expectValid(spec("x: { type: Int, minimum: 0, default: 0 }"))
    }

    @Test("field names are lowerCamelCase; Swift keywords are legal; reserved member names are not")
    func fieldNames() {
        expectError(spec("Sku: String"), at: 10, 7, "field name 'Sku' must be a lowerCamelCase", "'sku'")
        expectError(spec("unit_price: Int"), "lowerCamelCase")
        expectError(spec("hashValue: Int"), at: 10, 7, "clashes with the member 'hashValue'")
        expectError(spec("self: Int"), "clashes with the member 'self'")
        expectError(spec("Type: Int"), "clashes with the member 'Type'")
        expectValid(spec("default: Int\n      class: String\n      protocol: Bool"))
    }
}
