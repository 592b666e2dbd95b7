import CQRSSpec
import Testing

@Suite("Top level")
struct TopLevelValidationTests {
    @Test("the base spec used by these tests is valid and has no warnings")
    func baseIsValid() throws {
        let result = load(baseSpec())
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let spec = try #require(result.spec)
        #expect(spec.formatVersion == 1)
        #expect(spec.domain == "Shop")
        #expect(spec.types.map(\.name) == ["Status", "LineItem"])
        #expect(spec.aggregates.map(\.name) == ["Order"])
        #expect(spec.projections.map(\.name) == ["UserOrders"])
        #expect(spec.queries.map(\.name) == ["GetOrder"])
    }

    @Test("cqrs must be 1")
    func formatVersion() {
        expectError(baseSpec(["cqrs: 1": "cqrs: 2"]), at: 1, 7, "unsupported format version '2'", "cqrs: 1")
        expectError(baseSpec(["cqrs: 1": "cqrs: 1.5"]), at: 1, 7, "unsupported format version '1.5'")
        expectValid(baseSpec(["cqrs: 1": "cqrs: \"1\""]))
    }

    @Test("cqrs, domain and aggregates are required")
    func requiredKeys() {
        expectError(baseSpec(["cqrs: 1\n": ""]), at: 1, 1, "missing required key 'cqrs'")
        expectError(baseSpec(["domain: Shop\n": ""]), "missing required key 'domain'")
        expectError("cqrs: 1\ndomain: Shop\n", at: 1, 1, "missing required key 'aggregates'")
    }

    @Test("an empty spec, or one that is not a mapping, is an error")
    func emptySpec() {
        expectError("", at: 1, 1, "the spec is empty")
        expectError("# only a comment\n", "the spec is empty")
        expectError("- a\n- b\n", at: 1, 1, "a spec is a mapping")
    }

    @Test("the domain is an UpperCamelCase identifier that is not reserved")
    func domainName() {
        expectError(
            baseSpec(["domain: Shop": "domain: shop"]), at: 2, 9, "domain 'shop' must be an UpperCamelCase", "'Shop'")
        expectError(baseSpec(["domain: Shop": "domain: My-Shop"]), at: 2, 9, "UpperCamelCase")
        expectError(baseSpec(["domain: Shop": "domain: Foundation"]), at: 2, 9, "clashes with the module 'Foundation'")
        expectValid(baseSpec(["domain: Shop": "domain: WebShop2"]))
    }

    @Test("an unknown key is an error at the key, with a suggestion")
    func unknownKeys() {
        expectError(
            baseSpec(appending: "descripton: Shop.\n"), at: 42, 1, "unknown key 'descripton' in the spec",
            "did you mean 'description'?")
        expectError(
            baseSpec(["quantity: { type: Int, minimum: 1 }": "quantity: { type: Int, minimun: 1 }"]),
            at: 9, 30, "unknown key 'minimun'", "did you mean 'minimum'?"
        )
        expectError(
            baseSpec(["creates: true": "creates: true\n        zzz: 1"]), at: 17, 9,
            "unknown key 'zzz' in command 'PlaceOrder'")
        // No suggestion when nothing is close.
        let error = expectError(baseSpec(["creates: true": "creates: true\n        zzz: 1"]))
        #expect(error?.message.contains("did you mean") == false)
    }

    @Test("every problem is reported in one pass, sorted by position")
    func allDiagnosticsAtOnce() {
        let text = baseSpec([
            "cqrs: 1": "cqrs: 3",
            "emits: [OrderClosed]": "emits: [OrderClosd]",
            "by: orderId": "by: total",
        ])
        let result = load(text)
        #expect(result.spec == nil)
        #expect(result.errors.count == 3)
        #expect(result.diagnostics.map(\.location) == result.diagnostics.map(\.location).sorted())
        #expect(result.errors.map(\.location.line) == [1, 20, 41])
    }

    @Test("warnings alone do not withhold the spec")
    func warningsKeepTheSpec() {
        let result = load(baseSpec(["      OrderClosed: {}": "      OrderClosed: {}\n      OrderArchived: {}"]))
        #expect(result.errors.isEmpty)
        #expect(result.warnings.count == 1)
        #expect(result.spec != nil)
    }
}
