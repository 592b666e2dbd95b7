import CQRS
import CQRSTestSupport
import Foundation
import Testing

@Suite("Constraints")
struct ConstraintsTests {
    @Test func numericBounds() {
        var violations: [ConstraintViolation] = []
        Constraints.minimum(Decimal(1), Decimal(1), field: "a", into: &violations)
        Constraints.maximum(5, 5, field: "b", into: &violations)
        Constraints.exclusiveMinimum(0.5, 0.5, field: "c", into: &violations)
        Constraints.exclusiveMaximum(Int64(3), 3, field: "d", into: &violations)
        Constraints.minimum(0, 1, field: "e", into: &violations)
        Constraints.maximum(Decimal(string: "10.01")!, 10, field: "f", into: &violations)
        #expect(violations.map(\.field) == ["c", "d", "e", "f"])
        #expect(violations.map(\.constraint) == ["exclusiveMinimum", "exclusiveMaximum", "minimum", "maximum"])
        #expect(violations[2].message == "must be at least 1")
        #expect(violations[3].message == "must be at most 10")
    }

    @Test func lengthsCountCharacters() {
        var violations: [ConstraintViolation] = []
        Constraints.minLength("é", 1, field: "ok", into: &violations)
        Constraints.maxLength("👩‍👩‍👧", 1, field: "ok", into: &violations)
        Constraints.minLength("", 1, field: "short", into: &violations)
        Constraints.maxLength("abc", 2, field: "long", into: &violations)
        #expect(violations.map(\.field) == ["short", "long"])
        #expect(violations[0].message == "must have at least 1 character")
        #expect(violations[1].message == "must have at most 2 characters")
    }

    @Test func itemCounts() {
        var violations: [ConstraintViolation] = []
        Constraints.minItems([1].count, 1, field: "ok", into: &violations)
        Constraints.minItems(0, 1, field: "few", into: &violations)
        Constraints.maxItems(4, 3, field: "many", into: &violations)
        #expect(violations.map(\.field) == ["few", "many"])
        #expect(violations.map(\.constraint) == ["minItems", "maxItems"])
    }

    static let sku = Pattern("^[A-Z0-9-]+$")

    @Test func patternsMatchLikeJSONSchema() {
        var violations: [ConstraintViolation] = []
        Constraints.pattern("AB-12", Self.sku, field: "ok", into: &violations)
        Constraints.pattern("ab-12", Self.sku, field: "lower", into: &violations)
        Constraints.pattern("xx42yy", Pattern("[0-9]+"), field: "unanchored", into: &violations)
        #expect(violations.map(\.field) == ["lower"])
        #expect(violations[0].message == "must match the pattern ^[A-Z0-9-]+$")
    }

    @Test func patternsAreSafeToShareAcrossTasks() async {
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<100 { group.addTask { Self.sku.matches(index.isMultiple(of: 2) ? "A-\(index)" : "a") } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 50)
    }
}
