import CQRSSpec
import Testing

@Suite("HTTP routes")
struct HTTPValidationTests {
    /// The base spec with `http:` (and more) on `CloseOrder` (line 21).
    func command(_ extra: String) -> String {
        baseSpec(["      CloseOrder:\n": "      CloseOrder:\n" + extra])
    }

    /// The base spec with the `GetOrder` query's body replaced.
    func query(_ body: String, appending extra: String = "") -> String {
        baseSpec(["    projection: UserOrders\n    by: orderId\n": body], appending: extra)
    }

    func routes(_ yaml: String) -> [String] {
        guard let spec = expectValid(yaml) else { return [] }
        return HTTPRoute.routes(of: spec).map { "\($0.method) \($0.path)" }
    }

    @Test("by default a command is POSTed to its aggregate, a query is a GET with its by fields in the path")
    func defaults() {
        #expect(
            routes(baseSpec()) == [
                "POST /order/place-order", "POST /order/{orderId}/close-order", "GET /get-order/{orderId}",
            ])
        #expect(
            routes(query("    projection: UserOrders\n    by: [userId]\n    count: true\n")) == [
                "POST /order/place-order", "POST /order/{orderId}/close-order", "GET /get-order/{userId}",
                "GET /get-order/{userId}/count",
            ])
        #expect(routes(query("    projection: UserOrders\n")).last == "GET /get-order")
    }

    @Test("names become kebab-case, acronyms included")
    func kebabCase() {
        #expect(HTTPRoute.kebabCase("PlaceOrder") == "place-order")
        #expect(HTTPRoute.kebabCase("GetOrderByID") == "get-order-by-id")
        #expect(HTTPRoute.kebabCase("HTTPLog") == "http-log")
        #expect(HTTPRoute.kebabCase("Top10Users") == "top10-users")
        #expect(HTTPRoute.kebabCase("Order") == "order")
    }

    @Test("http: sets the method and path, or false leaves the operation out")
    func bindings() throws {
        let spec = try #require(
            expectValid(
                command("        http: { method: put, path: \"/orders/{orderId}/close\" }\n")
                    .replacingOccurrences(
                        of: "    by: orderId\n", with: "    by: orderId\n    http: { path: \"/orders/{orderId}\" }\n")))
        #expect(
            HTTPRoute.routes(of: spec).map { "\($0.method) \($0.path)" } == [
                "POST /order/place-order", "PUT /orders/{orderId}/close", "GET /orders/{orderId}",
            ])
        let command = try #require(spec.aggregates.first?.commands.last)
        #expect(command.http?.method == "PUT")
        #expect(command.http?.pathLocation == SourceLocation(line: 20, column: 36))
        #expect(
            routes(self.command("        http: false\n")) == ["POST /order/place-order", "GET /get-order/{orderId}"])
        // A creating command may take its identifier from the path.
        #expect(
            routes(
                baseSpec([
                    "        creates: true\n":
                        "        creates: true\n        http: { method: PUT, path: \"/order/{orderId}\" }\n"
                ])
            ).first
                == "PUT /order/{orderId}")
    }

    @Test("http: takes false or a mapping of method and path, with suggestions for misspelt keys")
    func malformed() {
        expectError(
            command("        http: maybe\n"), at: 20, 15,
            "'http' of command 'CloseOrder' must be false, or a mapping with 'method' and 'path'")
        expectError(
            command("        http: { metod: PUT }\n"), at: 20, 17, "unknown key 'metod'", "did you mean 'method'?")
        expectError(
            command("        http: { method: GET }\n"), at: 20, 25,
            "method 'GET' of command 'CloseOrder' is not one a command is served with")
        expectError(
            query("    projection: UserOrders\n    by: orderId\n    http: { method: POST }\n"),
            "method 'POST' of query 'GetOrder' is not one a query is served with")
    }

    @Test("a path starts with '/' and has segments of unreserved characters or a {parameter}")
    func pathSyntax() {
        for (path, problem) in [
            ("orders", "does not start with '/'"),
            ("/orders//close", "has an empty segment"),
            ("/orders/", "has an empty segment"),
            ("/orders/../x", "has a segment '..'"),
            ("/orders/a b", "has a character ' '"),
            ("/orders/{Order-Id}", "has a parameter '{Order-Id}' that is not a field name"),
        ] {
            expectError(
                command("        http: { path: \"\(path)\" }\n"), at: 20, 23,
                "path '\(path)' of command 'CloseOrder' \(problem)")
        }
    }

    @Test("a path names what the operation has: a command its stream's identifier, a query its single parameters")
    func pathParameters() {
        expectError(
            command("        http: { path: \"/order/{orderID}/close\" }\n"), at: 20, 23,
            "path '/order/{orderID}/close' of command 'CloseOrder' names '{orderID}', which command 'CloseOrder' does not have",
            "did you mean 'orderId'?")
        expectError(
            command("        http: { path: \"/order/{orderId}/{orderId}\" }\n"),
            "names '{orderId}' twice")
        let search =
            "    projection: UserOrders\n    by: userId\n    where:\n      status: { in: statuses }\n      total: { '>=': atLeast? }\n"
        expectError(
            query(search + "    http: { path: \"/orders/{userId}/{statuses}\" }\n").replacingOccurrences(
                of: "indexes: [userId]", with: "indexes: [userId]"),
            "names '{statuses}', of type [Status]; a path segment holds one value")
        expectError(
            query(search + "    http: { path: \"/orders/{userId}/{atLeast}\" }\n"),
            "names '{atLeast}', which is optional; a path always gives it")
        #expect(
            routes(query(search + "    http: { path: \"/users/{userId}/orders\" }\n")).last
                == "GET /users/{userId}/orders")
    }

    @Test("a path parameter is a value a segment gives as text; a paged query's parameters leave the paging names free")
    func parameterTypes() {
        let withURL = baseSpec(["      userId: String\n": "      userId: String\n      site: URL?\n"])
            .replacingOccurrences(of: "indexes: [userId]", with: "indexes: [userId, site]")
        expectError(
            withURL.replacingOccurrences(
                of: "    by: orderId\n", with: "    by: site\n    http: { path: \"/by-site/{site}\" }\n"),
            "names '{site}', which is optional; a path always gives it")
        // By default such a `by` field goes to the query string.
        #expect(
            routes(withURL.replacingOccurrences(of: "    by: orderId\n", with: "    by: site\n")).last
                == "GET /get-order")
        expectError(
            query(
                "    projection: UserOrders\n    custom: true\n    params: { blob: Data }\n    returns: \"[UserOrders]\"\n"
                    + "    http: { path: \"/blobs/{blob}\" }\n"),
            "names '{blob}', of type Data, which a path segment cannot give as text")
        expectError(
            query("    projection: UserOrders\n    by: userId\n    where:\n      total: { \">=\": page? }\n"),
            "parameter 'page' of query 'GetOrder' has the name of a paging parameter of its HTTP route")
    }

    @Test("no two routes share a method and path, nor take the OpenAPI document's")
    func clashes() {
        expectError(
            query(
                "    projection: UserOrders\n    by: orderId\n    http: { path: \"/order/{orderId}\" }\n",
                appending:
                    "  FindOrder:\n    projection: UserOrders\n    by: orderId\n    http: { path: \"/order/{orderId}\" }\n"
            ), at: 46, 11,
            "the route GET /order/{orderId} of query 'FindOrder' is that of query 'GetOrder' (line 42)")
        expectError(
            query("    projection: UserOrders\n    http: { path: /openapi.json }\n"),
            "the route GET /openapi.json of query 'GetOrder' is the OpenAPI document's")
        // The same path with another method is another route.
        #expect(
            routes(command("        http: { method: PUT, path: /order/place-order }\n")).prefix(2) == [
                "POST /order/place-order", "PUT /order/place-order",
            ])
    }
}
