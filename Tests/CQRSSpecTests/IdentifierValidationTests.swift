import CQRSSpec
import Testing

@Suite("An aggregate's id in its long form, with the constraints commands check it against")
struct IdentifierValidationTests {
    /// The base spec with `id: <id>` for `Order` (line 12) and the projection's key of type `keyType`.
    func withID(_ id: String, keyType: String = "String") -> String {
        baseSpec([
            "  Order:\n    state:": "  Order:\n    id: \(id)\n    state:", "orderId: UUID": "orderId: \(keyType)",
        ])
    }

    @Test("a String id takes minLength, maxLength and pattern; an Int64 id takes the bounds of a number")
    func validForms() {
        let spec = expectValid(withID(#"{ type: String, minLength: 1, maxLength: 64, pattern: "^[A-Z0-9-]+$" }"#))
        #expect(spec?.aggregates[0].idType == .string)
        #expect(
            spec?.aggregates[0].idConstraints == FieldConstraints(minLength: 1, maxLength: 64, pattern: "^[A-Z0-9-]+$"))
        let numbered = expectValid(withID("{ type: Int64, minimum: 1, exclusiveMaximum: 1000 }", keyType: "Int64"))
        #expect(numbered?.aggregates[0].idConstraints == FieldConstraints(minimum: "1", exclusiveMaximum: "1000"))
        let plain = expectValid(withID("{ type: String }"))
        #expect(plain?.aggregates[0].idType == .string && plain?.aggregates[0].idConstraints.isEmpty == true)
    }

    @Test("constraints that do not apply to the id's type are errors at the constraint")
    func constraintsThatDoNotApply() {
        expectError(
            withID("{ type: UUID, minLength: 1 }", keyType: "UUID"), at: 12, 23,
            "'minLength' applies only to strings, but the id of aggregate 'Order' is 'UUID'")
        expectError(
            withID("{ type: String, minimum: 1 }"), at: 12, 25,
            "'minimum' applies only to numbers, but the id of aggregate 'Order' is 'String'")
        expectError(
            withID("{ type: Int64, pattern: x }", keyType: "Int64"),
            "'pattern' applies only to strings, but the id of aggregate 'Order' is 'Int64'")
    }

    @Test("the long form's keys are the type and the constraints, checked as a field's")
    func keys() {
        expectError(
            withID("{ type: String, maxLenght: 64 }"), at: 12, 25,
            "unknown key 'maxLenght' in the 'id' of aggregate 'Order'; did you mean 'maxLength'?")
        expectError(withID("{ type: String, default: A }"), "unknown key 'default' in the 'id' of aggregate 'Order'")
        expectError(withID("{ type: String, minItems: 1 }"), "unknown key 'minItems' in the 'id' of aggregate 'Order'")
        expectError(
            withID("{ minLength: 1 }", keyType: "UUID"), at: 12, 9, "the 'id' of aggregate 'Order' has no 'type'",
            "`id: { type: String, maxLength: 64 }`")
        expectError(withID("{ type: Strin }", keyType: "UUID"), at: 12, 17, "not 'Strin'", "did you mean 'String'?")
        expectError(
            withID("{ type: String, minLength: 5, maxLength: 2 }"), at: 12, 50,
            "'maxLength' 2 of the id of aggregate 'Order' is below its 'minLength' 5")
        expectError(
            withID(#"{ type: String, pattern: "[" }"#),
            "'pattern' of the id of aggregate 'Order' is not a valid regular expression")
    }
}
