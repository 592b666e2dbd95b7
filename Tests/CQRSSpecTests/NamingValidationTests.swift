import CQRSSpec
import Testing

@Suite("Names: case, uniqueness and clashes with generated names")
struct NamingValidationTests {
    @Test("types, aggregates, commands, events, projections and queries are UpperCamelCase")
    func upperCamelCase() {
        expectError(
            baseSpec([
                "  Status:\n": "  status:\n", "status: Status": "status: status", "type: Status,": "type: status,",
            ]), at: 4, 3, "type name 'status' must be an UpperCamelCase", "'Status'")
        expectError(baseSpec(["  Order:\n": "  order:\n"]), at: 11, 3, "aggregate name 'order'")
        expectError(baseSpec(["      CloseOrder:": "      closeOrder:"]), at: 19, 7, "command name 'closeOrder'")
        expectError(baseSpec(["  GetOrder:": "  Get_Order:"]), at: 39, 3, "query name 'Get_Order'")
    }

    @Test("types, aggregates, projections and queries are unique across the spec")
    func globalUniqueness() {
        expectError(
            baseSpec(["  GetOrder:": "  UserOrders:"]),
            at: 39, 3, "query 'UserOrders' has the name of the projection declared at line 26"
        )
        expectError(
            baseSpec(["  LineItem:\n    fields:": "  Order:\n    fields:", "items: [LineItem]": "items: [Order]"]),
            at: 11, 3, "aggregate 'Order' has the name of the type declared at line 6"
        )
    }

    @Test("commands and events are unique within their aggregate and differ from spec-wide names")
    func memberUniqueness() {
        expectError(
            baseSpec(["      CloseOrder:": "      OrderClosed:"]), at: 19, 7,
            "command 'OrderClosed' has the name of the event declared at line 24")
        expectError(
            baseSpec([
                "      OrderClosed: {}": "      LineItem: {}", "[OrderClosed]": "[LineItem]",
                "      OrderClosed:\n        update": "      LineItem:\n        update",
            ]), at: 24, 7, "event 'LineItem' has the name of the type declared at line 6")
        expectError(
            baseSpec(["      CloseOrder:": "      UserOrders:"]), at: 19, 7,
            "command 'UserOrders' has the name of the projection")
    }

    @Test("a redeclared name points at its first declaration, as the Swift compiler does")
    func redeclarationNotesPointAtTheFirst() throws {
        let clash = try #require(
            errors(baseSpec(["  GetOrder:": "  UserOrders:"])).first { $0.message.contains("has the name of the") })
        #expect(clash.relatedNotes == [.init("'UserOrders' was first declared here", at: .init(line: 26, column: 3))])
        #expect(clash.description.contains(":26:3: note: 'UserOrders' was first declared here"))
        let member = try #require(
            errors(baseSpec(["      CloseOrder:": "      OrderClosed:"])).first { $0.message.contains("has the name") })
        #expect(member.relatedNotes.map(\.location) == [.init(line: 24, column: 7)])
    }

    @Test("two aggregates may declare events of the same name")
    func sameEventInTwoAggregates() {
        let spec = expectValid(
            baseSpec(
                [
                    "projections:": """
                      Cart:
                        commands:
                          CloseCart:
                            emits: [OrderClosed]
                        events:
                          OrderClosed: {}
                    projections:
                    """,
                    "      OrderClosed:\n        update": "      Order.OrderClosed:\n        update",
                ]
            )
        )
        #expect(spec?.aggregates.map { $0.events.map(\.name) } == [["OrderPlaced", "OrderClosed"], ["OrderClosed"]])
    }

    @Test("names that clash with generated or Swift names are errors saying what they clash with")
    func reservedNames() {
        expectError(
            baseSpec(["      CloseOrder:": "      State:"]), at: 19, 7,
            "command 'State' clashes with the generated type 'Shop.Order.State'")
        expectError(
            baseSpec([
                "      OrderClosed: {}": "      Definition: {}", "[OrderClosed]": "[Definition]",
                "      OrderClosed:\n        update": "      Definition:\n        update",
            ]), at: 24, 7, "event 'Definition' clashes with the generated type 'Shop.Order.Definition'")
        expectError(
            baseSpec(["  GetOrder:": "  Self:"]), at: 39, 3,
            "query 'Self' is a Swift keyword, which cannot name a type", "rename the query, e.g. 'ShopSelf'")
        expectError(
            baseSpec(["  GetOrder:": "  String:"]), at: 39, 3, "query 'String' clashes with the builtin type 'String'")
        expectError(
            baseSpec(["  GetOrder:": "  Application:"]), at: 39, 3,
            "query 'Application' clashes with the generated type 'Shop.Application'")
        expectError(baseSpec(["  GetOrder:": "  CQRS:"]), at: 39, 3, "clashes with the module 'CQRS'")
        expectError(baseSpec(["  GetOrder:": "  Shop:"]), at: 39, 3, "query 'Shop' has the name of the domain")
        expectError(
            baseSpec(["      CloseOrder:": "      Shop:"]), at: 19, 7, "command 'Shop' has the name of the domain")
        for name in ["Swift", "Foundation", "Date", "UUID"] {
            expectError(baseSpec(["  GetOrder:": "  \(name):"]), at: 39, 3, "'\(name)' clashes")
        }
        for name in ["Type", "Protocol", "Any"] {
            expectError(baseSpec(["  GetOrder:": "  \(name):"]), at: 39, 3, "'\(name)' is a Swift keyword")
        }
    }

    @Test("standard library and Foundation names are fine: generated code names its own qualified")
    func standardLibraryNamesAreAccepted() {
        for name in ["Optional", "Never", "Codable", "Duration", "CaseIterable", "Error", "Set", "Locale", "Engine"] {
            expectValid(baseSpec(["  GetOrder:": "  \(name):"]))
        }
        expectValid(baseSpec(["      CloseOrder:": "      Duration:"]))
    }

    @Test("a domain may not take the name of a type generated inside it")
    func domainShadowedByNestedTypes() {
        for name in SpecNaming.nestedGeneratedTypeNames {
            expectError(
                baseSpec(["domain: Shop": "domain: \(name)"]), at: 2, 9,
                "domain '\(name)' clashes with the type '\(name)' that generated code declares inside the domain",
                "rename the domain, e.g. '\(name)Domain'")
        }
    }

    @Test("names whose lowerCamelCase forms meet in generated code are errors")
    func lowerCamelCaseCollisions() {
        expectError(
            baseSpec(
                ["  GetOrder:": "  URLMap:"], appending: "  UrlMap:\n    projection: UserOrders\n    by: orderId\n"),
            at: 42, 3,
            "query 'UrlMap' and the query 'URLMap' declared at line 39 would both be named 'urlMap' in the generated 'Application'",
            "rename one of them")
        expectError(
            baseSpec([
                "      OrderClosed: {}": "      OrderClosed: {}\n      URLSet: {}\n      UrlSet: {}",
                "emits: [OrderClosed]": "emits: [OrderClosed, URLSet, UrlSet]",
            ]),
            at: 26, 7,
            "event 'UrlSet' and the event 'URLSet' declared at line 25 would both be the case 'urlSet'")
    }

    @Test("enum cases may not shadow the members of the generated enum")
    func enumMembers() {
        for (name, member) in ["allCases": "allCases", "columnType": "columnType", "self": "self"] {
            expectError(
                baseSpec(["cases: [open, closed]": "cases: [open, closed, \(name)]"]), at: 5, 27,
                "case '\(name)' of enum 'Status' clashes with", "'\(member)'")
        }
    }

    @Test("a command field may not take the name of the stream identifier property")
    func streamIdentifierProperty() {
        expectError(
            baseSpec(["fields: { userId: String, items: [LineItem] }": "fields: { orderId: UUID, items: [LineItem] }"]),
            at: 17, 19, "field 'orderId' of command 'PlaceOrder' clashes with the property 'orderId'"
        )
        // Events and the state may have such a field.
        expectValid(
            baseSpec([
                "fields: { userId: String, items: [LineItem], total: Int }":
                    "fields: { userId: String, items: [LineItem], total: Int, orderId: UUID }"
            ]))
    }

    @Test("fields may not shadow members of the types generated for them")
    func generatedMembers() {
        expectError(
            baseSpec([
                "fields: { userId: String, items: [LineItem] }":
                    "fields: { validate: Bool, userId: String, items: [LineItem] }"
            ]),
            at: 17, 19, "field 'validate' of command 'PlaceOrder' clashes with the method 'validate()'"
        )
        expectError(
            baseSpec([
                "fields: { userId: String, items: [LineItem] }":
                    "fields: { aggregateID: UUID, userId: String, items: [LineItem] }"
            ]),
            at: 17, 19, "field 'aggregateID' of command 'PlaceOrder' clashes with the property 'aggregateID'"
        )
        expectError(
            baseSpec(["      sku: String": "      columnValue: String"]), at: 8, 7,
            "field 'columnValue' of type 'LineItem' clashes with the property 'columnValue'")
        expectError(
            baseSpec(["      total: Int\n": "      total: Int\n      key: { type: String, default: x }\n"]),
            at: 32, 7, "field 'key' of projection 'UserOrders' clashes with the property 'key'"
        )
        // The same names are fine where nothing generated has them.
        expectValid(
            baseSpec([
                "fields: { userId: String, items: [LineItem], total: Int }":
                    "fields: { userId: String, items: [LineItem], total: Int, key: String, validate: Bool }"
            ]))
    }

    @Test("the lowerCamelCase of a name lowers a leading acronym")
    func lowerCamelCase() {
        #expect(SpecNaming.lowerCamelCase("Order") == "order")
        #expect(SpecNaming.lowerCamelCase("URLMapping") == "urlMapping")
        #expect(SpecNaming.lowerCamelCase("ID") == "id")
        #expect(SpecNaming.streamIdentifierProperty(ofAggregate: "BankAccount") == "bankAccountId")
    }
}
