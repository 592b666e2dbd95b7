import CQRSGenerator
import CQRSSpec
import Foundation
import Testing

/// The HTTP API's constructs, one at a time (`shop.http.swift` in the references shows them in context).
@Suite("Generator fragments: the HTTP API")
struct HTTPFragmentTests {
    let notes = """
        Notes:
            key: orderId
            fields: { orderId: UUID, note: String, words: { type: Int, default: 0 }, at: Date? }
            indexes: [note]
            on: { Placed: insert }
        """

    @Test("a creating command takes a UUID identifier from the body or makes one; another command, from the path")
    func commands() throws {
        try expectFragment(
            in: "http",
            """
            router.on("/order/place", method: .post) { request, context in
                try await responder.command(request, context: context, shape: Shop.HTTP.Bodies.place) {
                    input in
                    Shop.Order.Place(
                        orderId: try input.body.valueIfPresent("orderId") ?? Foundation.UUID.fastRandom(),
                        note: try input.body.value("note"),
                    )
            """)
        try expectFragment(
            in: "http",
            """
            router.on("/order/{orderId}/touch", method: .post) { request, context in
                try await responder.command(request, context: context, shape: Shop.HTTP.Bodies.touch) {
                    input in
                    Shop.Order.Touch(
                        orderId: try input.path("orderId"),
                    )
                } operation: {
                    .touch($0)
                } submit: { command, options in
                    try await self.engine.commands.submit(command, with: self.orderDefinition, options: options)
                }
            """)
        try expectFragment(
            in: "http",
            """
            public static let place: CQRSHummingbird.JSONShape = .object(["orderId": .any, "note": .any])
            public static let touch: CQRSHummingbird.JSONShape = .object([:])
            """)
    }

    @Test(
        "a command field with a default may be left out; a keyword-named type's shape is escaped; shared command names are qualified"
    )
    func defaultsKeywordsAndSharedNames() throws {
        let yaml = """
            cqrs: 1
            domain: Shop
            types:
              Return: { fields: { note: String } }
            aggregates:
              Order:
                state: {}
                commands:
                  Open: { creates: true, emits: [Opened] }
                  Note: { fields: { text: { type: String, default: "" }, back: Return? }, emits: [Opened] }
                events:
                  Opened: {}
              Cart:
                state: {}
                commands:
                  Open: { creates: true, emits: [Created] }
                events:
                  Created: {}
            """
        let spec = try #require(SpecLoader().load(contents: yaml, path: "fragment.cqrs.yaml").spec)
        let http = try #require(try CodeGenerator(http: true).generate(spec).last?.contents)
        #expect(http.contains("text: try input.body.valueIfPresent(\"text\") ?? \"\","))
        #expect(
            http.contains(
                "public static let note: CQRSHummingbird.JSONShape = .object([\"text\": .any, \"back\": .declared { Shop.HTTP.Shapes.`return` }])"
            ))
        #expect(http.contains("public static let `return`: CQRSHummingbird.JSONShape"))
        #expect(http.contains("case orderOpen(Shop.Order.Open)"))
        #expect(http.contains("case cartOpen(Shop.Cart.Open)"))
        let document = OpenAPIDocument(spec: spec).json
        #expect(document.contains("\"operationId\": \"orderOpen\""))
        #expect(document.contains("\"operationId\": \"cartOpen\""))
    }

    @Test("a command named like a query's operation gets `Command` after its case, and a number when that is taken")
    func commandNamedLikeAQuery() throws {
        let yaml = """
            cqrs: 1
            domain: Shop
            aggregates:
              Order:
                state: {}
                commands:
                  Ship: { creates: true, emits: [Shipped] }
                events:
                  Shipped: {}
              Cart:
                state: {}
                commands:
                  Ship: { creates: true, emits: [Sent] }
                events:
                  Sent: {}
              X:
                state: {}
                commands:
                  OrderShipCommand: { creates: true, emits: [Done] }
                events:
                  Done: {}
            projections:
              Shipments:
                key: orderId
                fields: { orderId: UUID, n: { type: Int, default: 0 } }
                on: { Shipped: { upsert: { increment: { n: 1 } } } }
            queries:
              OrderShip: { projection: Shipments, by: orderId }
            """
        let spec = try #require(SpecLoader().load(contents: yaml, path: "fragment.cqrs.yaml").spec)
        let files = try CodeGenerator(http: true).generate(spec)
        let http = try #require(files.last?.contents)
        // Two aggregates' `Ship` are qualified (`orderShip`, `cartShip`); the first then meets the query.
        #expect(http.contains("case orderShipCommand2(Shop.Order.Ship)"))
        #expect(http.contains("case cartShip(Shop.Cart.Ship)"))
        #expect(http.contains("case orderShipCommand(Shop.X.OrderShipCommand)"))
        #expect(http.contains("case orderShip(Shop.OrderShip)"))
        let result = try typecheck(files)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("a String identifier is required in a creating command's body")
    func stringIdentifier() throws {
        try expectFragment(
            aggregate: "id: String\n    state: {}", in: "http",
            """
            Shop.Order.Place(
                orderId: try input.body.value("orderId"),
            """)
    }

    @Test("a declared struct's shape is looked up where it is reached, so that it may contain itself")
    func shapes() throws {
        try expectFragment(
            types: "Line: { fields: { sku: String, parts: \"[Line]\", extra: \"[String: Line]?\" } }",
            events: "Placed: { fields: { note: String } }",
            in: "http",
            """
            public static let line: CQRSHummingbird.JSONShape = .object(["sku": .any, "parts": .array(.declared { Shop.HTTP.Shapes.line }), "extra": .dictionary(.declared { Shop.HTTP.Shapes.line })])
            """)
    }

    @Test("a query's by fields come from the path, others from the query string, each read as its type asks")
    func queryParameters() throws {
        let queries = """
            Search:
                projection: Notes
                by: note
                where: { orderId: { in: orderIds }, words: { ">": longerThan?, atMost: atMost }, at: { "<": before? } }
                paging: offset
                count: true
              Busiest: { projection: Notes, custom: true, params: { limit: { type: Int, default: 10 }, since: Date? }, returns: "[Notes]" }
            """
        try expectFragment(
            projections: notes, queries: queries, in: "http",
            """
            router.on("/search/{note}", method: .get) { request, context in
                try await responder.numberedPage(request, context: context, projection: "Notes", defaultPageSize: Shop.Search.defaultPageSize) {
                    input in
                    Shop.Search(
                        note: try input.path("note"),
                        orderIds: try input.all("orderIds") ?? [],
                        longerThan: try input.optional("longerThan"),
                        atMost: try input.required("atMost"),
                        before: try input.optional("before"),
                    )
                } operation: {
                    .search($0)
                } answer: { query, number, size in
                    try await self.ask(query, page: number, pageSize: size)
                }
            """)
        try expectFragment(
            projections: notes, queries: queries, in: "http",
            """
            router.on("/search/{note}/count", method: .get) { request, context in
                try await responder.count(request, context: context, projection: "Notes") {
            """)
        try expectFragment(
            projections: notes, queries: queries, in: "http",
            """
            Shop.Busiest(
                limit: try input.optional("limit") ?? 10,
                since: try input.optional("since"),
            )
            """)
    }

    @Test("http: sets a route's method and path; http: false leaves the operation out")
    func bindings() throws {
        let output = try fragmentOutput(
            projections: notes,
            queries:
                "GetNote: { projection: Notes, by: orderId, http: { path: \"/notes/{orderId}\" } }\n  Hidden: { projection: Notes, http: false }",
            in: "http")
        #expect(output.contents.contains(#"router.on("/notes/{orderId}", method: .get)"#))
        #expect(!output.contents.contains("hidden"))
        try expectFragment(
            aggregate: "state: {}", in: "http",
            """
            /// `POST /order/place`
            case place(Shop.Order.Place)
            """)
    }
}
