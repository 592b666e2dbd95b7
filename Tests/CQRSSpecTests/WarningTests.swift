import CQRSSpec
import Testing

@Suite("Warnings: specs that validate and then fail or surprise at run time, each named and silenceable")
struct WarningTests {
    /// The base spec's `UserOrders` projection (line 26) with `line` added first.
    func projection(_ line: String) -> String {
        baseSpec(["  UserOrders:\n    key: orderId": "  UserOrders:\n    \(line)\n    key: orderId"])
    }

    /// The base spec without its `GetOrder` query: `UserOrders` is read by no query.
    func unread(_ line: String? = nil) -> String {
        var text = baseSpec(["queries:\n  GetOrder:\n    projection: UserOrders\n    by: orderId\n": ""])
        if let line {
            text = text.replacingOccurrences(of: "  UserOrders:\n", with: "  UserOrders:\n    \(line)\n")
        }
        return text
    }

    @Test("an aggregate no command creates is a warning at the aggregate, with the fix")
    func uncreatedAggregate() throws {
        let result = load(baseSpec(["        creates: true\n": ""]))
        #expect(result.errors.isEmpty)
        let warning = try #require(result.warnings.first)
        #expect(result.warnings.count == 1)
        #expect(
            warning.message
                == "no command of aggregate 'Order' creates its stream, so every command fails with 'streamNotFound'")
        #expect(warning.location == SourceLocation(line: 11, column: 3))
        #expect(warning.notes == ["mark the command that starts a 'Order' with `creates: true`"])
        #expect(warning.warning == .uncreatedAggregate)
        #expect(
            warning.description.hasSuffix(
                "with 'streamNotFound' [uncreated-aggregate]\ntest.cqrs.yaml:11:3: note: mark the command that starts a 'Order' with `creates: true`"
            ))
    }

    @Test("a command field that reads as a second identifier is a warning at the field")
    func secondIdentifier() throws {
        func fields(_ name: String) -> String {
            baseSpec([
                "fields: { userId: String, items: [LineItem] }":
                    "fields: { userId: String, items: [LineItem], \(name): String }"
            ])
        }
        let result = load(fields("id"))
        let warning = try #require(result.warnings.first)
        #expect(result.errors.isEmpty && result.warnings.count == 1)
        #expect(
            warning.message
                == "field 'id' of command 'PlaceOrder' reads as a second identifier beside 'orderId', which every command of 'Order' has for its stream"
        )
        #expect(warning.location == SourceLocation(line: 17, column: 54))
        #expect(
            warning.notes == [
                "the stream's identifier is 'orderId': remove 'id', or rename it to say what else it identifies"
            ])
        #expect(warning.warning == .secondIdentifier)
        for name in ["ID", "identifier", "orderID", "orderIdentifier", "aggregateId"] {
            #expect(load(fields(name)).warnings.map(\.warning) == [.secondIdentifier], "\(name)")
        }
        for name in ["customerId", "ordered", "idea"] {
            #expect(load(fields(name)).warnings.isEmpty, "\(name)")
        }
        expectError(fields("orderId"), "clashes with the property 'orderId'")
        expectError(fields("aggregateID"), "'aggregateID'")
    }

    @Test("orderBy and pageSize on a custom query are warnings at each key, with the fix")
    func ineffectivePagingOfACustomQuery() {
        let result = load(
            baseSpec(
                appending:
                    "  Top:\n    projection: UserOrders\n    custom: true\n    returns: \"[UserOrders]\"\n    orderBy: total desc\n    pageSize: 5\n"
            ))
        #expect(result.errors.isEmpty)
        #expect(
            result.warnings.map(\.message) == [
                "'orderBy' has no effect: custom query 'Top' answers what its handler returns",
                "'pageSize' has no effect: custom query 'Top' answers what its handler returns",
            ])
        #expect(result.warnings.map(\.location.line) == [46, 47])
        #expect(result.warnings.allSatisfy { $0.warning == .ineffectivePaging })
        #expect(result.warnings.first?.notes.first?.hasPrefix("remove 'orderBy': the handler orders and pages") == true)
    }

    @Test("every warning shows its name after the message")
    func names() {
        #expect(
            load(unread()).warnings.map(\.description) == [
                "test.cqrs.yaml:26:3: warning: projection 'UserOrders' is read by no query [unread-projection]\ntest.cqrs.yaml:26:3: note: add a query with `projection: UserOrders`, or remove the projection"
            ])
        #expect(load(projection("indexes: [orderId]")).warnings.map(\.warning) == [.indexRepeatsKey])
        #expect(
            load(baseSpec(["emits: [OrderClosed]": "emits: [OrderPlaced]"])).warnings.map(\.warning) == [
                .unemittedEvent
            ])
        #expect(
            load(baseSpec(["    by: orderId\n": "    by: orderId\n    pageSize: 5\n"])).warnings.map(\.warning) == [
                .ineffectivePaging
            ])
    }

    @Test("silence drops the named warnings of its own declaration")
    func silencing() {
        let silenced = [
            baseSpec(["        creates: true\n": "", "  Order:\n": "  Order:\n    silence: [uncreated-aggregate]\n"]),
            baseSpec([
                "fields: { userId: String, items: [LineItem] }":
                    "fields: { userId: String, items: [LineItem], id: String }",
                "        creates: true\n": "        creates: true\n        silence: second-id\n",
            ]),
            baseSpec([
                "emits: [OrderClosed]": "emits: [OrderPlaced]",
                "OrderClosed: {}": "OrderClosed: { silence: [unemitted-event] }",
            ]),
            unread("silence: [unread-projection]"),
            unread("silence: [index-repeats-key, unread-projection]").replacingOccurrences(
                of: "indexes: [userId]", with: "indexes: [userId, orderId]"),
            baseSpec(["    by: orderId\n": "    by: orderId\n    pageSize: 5\n    silence: [ineffective-paging]\n"]),
        ]
        for spec in silenced {
            let result = load(spec)
            #expect(result.errors.isEmpty && result.warnings.isEmpty, "\(result.diagnostics)")
        }
        // Another declaration's silence does not reach it.
        let other = load(
            baseSpec([
                "        creates: true\n": "", "  PlaceOrder:\n": "  PlaceOrder:\n        silence: [second-id]\n",
            ]))
        #expect(other.warnings.map(\.warning).contains(.uncreatedAggregate))
    }

    @Test("a silence that silences nothing is a warning itself, at the name")
    func unusedSilence() throws {
        let result = load(projection("silence: [index-repeats-key]"))
        #expect(result.errors.isEmpty)
        let warning = try #require(result.warnings.first)
        #expect(result.warnings.count == 1)
        #expect(
            warning.message == "'silence' of projection 'UserOrders' names 'index-repeats-key', which it does not have")
        #expect(warning.location == SourceLocation(line: 27, column: 15))
        #expect(warning.notes == ["remove 'index-repeats-key' from 'silence'"])
        #expect(warning.description.contains("which it does not have [unused-silence]"))
    }

    @Test("silence names warnings its kind of declaration has, each once")
    func silenceErrors() {
        expectError(
            projection("silence: [unread-projections]"), at: 27, 15,
            "unknown warning 'unread-projections' in 'silence' of projection 'UserOrders'; did you mean 'unread-projection'?",
            "projection 'UserOrders' can silence 'unread-projection', 'index-repeats-key', 'upsert-resets-counter'")
        expectError(
            baseSpec(["  Order:\n": "  Order:\n    silence: [unread-projection]\n"]), at: 12, 15,
            "aggregate 'Order' never has the warning 'unread-projection': it is about a projection",
            "aggregate 'Order' can silence 'uncreated-aggregate'")
        expectError(projection("silence: [unused-silence]"), at: 27, 15, "'unused-silence' cannot be silenced")
        expectError(
            projection("silence: [unread-projection, unread-projection]"), at: 27, 34,
            "'silence' of projection 'UserOrders' lists 'unread-projection' twice")
        expectError(
            projection("silense: [unread-projection]"), at: 27, 5, "unknown key 'silense'", "did you mean 'silence'?")
        expectError(projection("silence: { a: b }"), "must be text")
    }
}
