import CQRSSpec
import Testing

@Suite("Queries")
struct QueryValidationTests {
    /// The base spec with the `GetOrder` query's body (line 40 on) replaced.
    func query(_ body: String) -> String {
        baseSpec(["    projection: UserOrders\n    by: orderId\n": body])
    }

    func kind(_ spec: Spec?) -> Query.Kind? { spec?.queries.first?.kind }

    @Test("by the key finds one row, by an index a page, without by all rows")
    func kinds() {
        #expect(kind(expectValid(query("    projection: UserOrders\n    by: orderId\n"))) == .byKey(["orderId"]))
        #expect(kind(expectValid(query("    projection: UserOrders\n    by: [userId]\n"))) == .byIndex(["userId"]))
        #expect(kind(expectValid(query("    projection: UserOrders\n"))) == .all)
        let composite = baseSpec(["indexes: [userId]": "indexes: [userId, [status, total]]"]).replacingOccurrences(
            of: "    by: orderId", with: "    by: [total, status]")
        #expect(kind(expectValid(composite)) == .byIndex(["status", "total"]))
    }

    @Test("paging is cursor (the default) or offset, and count adds a Count query, for queries of many rows only")
    func pagingAndCount() {
        let offset = expectValid(
            query("    projection: UserOrders\n    by: [userId]\n    paging: offset\n    count: true\n"))
        #expect(offset?.queries.first?.paging == .offset)
        #expect(offset?.queries.first?.counts == true)
        #expect(offset?.queries.first?.countName == "CountGetOrder")
        let plain = expectValid(query("    projection: UserOrders\n"))
        #expect(plain?.queries.first?.paging == .cursor)
        #expect(plain?.queries.first?.counts == false)
        expectError(
            query("    projection: UserOrders\n    paging: offsets\n"), at: 41, 13,
            "'paging' of query 'GetOrder' is 'offsets'; it is cursor or offset", "did you mean 'offset'?")
        expectError(
            query("    projection: UserOrders\n    by: orderId\n    count: true\n"), at: 42, 12,
            "'count: true' applies only to a query of many rows (by an index, or of all rows): query 'GetOrder' is one row by the key"
        )
        expectError(
            query("    projection: UserOrders\n    by: orderId\n    paging: offset\n"),
            "'paging' applies only to a query of many rows")
        expectError(
            query("    projection: UserOrders\n    count: yes please\n"),
            "'count' of query 'GetOrder' must be true or false")
        // The generated Count query's name is taken.
        let clash =
            baseSpec().replacingOccurrences(of: "    by: orderId\n", with: "    count: true\n")
            + "  CountGetOrder:\n    projection: UserOrders\n"
        expectError(
            clash,
            "'count: true' of query 'GetOrder' generates the query 'CountGetOrder', which is the name of the query declared at line"
        )
    }

    @Test("where compares row fields with parameters, optional with '?', typed by the field and the comparison")
    func whereConditions() throws {
        let spec = expectValid(
            query(
                """
                    projection: UserOrders
                    by: userId
                    where:
                      orderId: { in: orderIds }
                      total: { atLeast: minTotal?, "<": totalBelow? }
                      status: { equals: status }
                      userId: { startsWith: userPrefix }

                """))
        let conditions = try #require(spec?.queries.first?.conditions)
        #expect(conditions.map(\.parameter) == ["orderIds", "minTotal", "totalBelow", "status", "userPrefix"])
        #expect(conditions.map(\.comparison) == [.in, .atLeast, .lessThan, .equals, .startsWith])
        #expect(
            conditions.map(\.parameterType) == [
                .array(.named("UUID")), .optional(.named("Int")), .optional(.named("Int")), .named("Status"),
                .named("String"),
            ])
        #expect(conditions.map(\.isOptional) == [false, true, true, false, false])
        #expect(conditions.first?.location.line == 43)
        expectValid(query("    projection: UserOrders\n    where: { total: { '>=': atLeast } }\n"))
    }

    @Test("where's mistakes are located errors with the fix")
    func whereMistakes() {
        expectError(
            query("    projection: UserOrders\n    where: { totl: { equals: total } }\n"), at: 41, 14,
            "'where' of query 'GetOrder' names 'totl', which is not a field of projection 'UserOrders'", "'total'")
        expectError(
            query("    projection: UserOrders\n    where: { total: { atleast: minimum } }\n"), at: 41, 23,
            "unknown comparison 'atleast' on 'total'", "did you mean 'atLeast'?")
        expectError(
            query("    projection: UserOrders\n    where: { total: { startsWith: prefix } }\n"), at: 41, 23,
            "'startsWith' cannot compare 'total' of query 'GetOrder': it is 'Int', not 'String'")
        expectError(
            query("    projection: UserOrders\n    where: { status: { '>': after } }\n"), at: 41, 24,
            "'>' cannot compare 'status' of query 'GetOrder': it is 'Status', whose values have no order")
        expectError(
            query("    projection: UserOrders\n    where: { total: { atLeast: Minimum } }\n"), at: 41, 32,
            "the parameter of 'atLeast' on 'total' is 'Minimum'; it is a lowerCamelCase name")
        expectError(
            query("    projection: UserOrders\n    by: userId\n    where: { total: { atLeast: userId } }\n"),
            at: 42, 32, "parameter 'userId' of query 'GetOrder' is declared twice")
        expectError(
            query("    projection: UserOrders\n    where: { total: { atLeast: a, atMost: a } }\n"),
            "parameter 'a' of query 'GetOrder' is declared twice")
        expectError(
            query("    projection: UserOrders\n    where: { total: { atLeast: hashValue } }\n"),
            "the parameter of 'atLeast' on 'total' is 'hashValue', a name the generated query reserves")
        expectError(
            query("    projection: UserOrders\n    where: { total: {} }\n"), at: 41, 21,
            "'where' of query 'GetOrder' has no condition on 'total'")
        expectError(
            query("    projection: UserOrders\n    by: orderId\n    where: { total: { atLeast: a } }\n"), at: 42, 5,
            "'where' applies only to a query of many rows (by an index, or of all rows): query 'GetOrder' is one row by the key"
        )
        expectError(
            query(
                "    projection: UserOrders\n    custom: true\n    returns: \"[UserOrders]\"\n    where: { total: { atLeast: a } }\n"
            ), "'where' applies only to a query of many rows")
    }

    @Test("a by that is neither the key nor an index is an error at the value with the fix")
    func unindexedBy() {
        let error = expectError(
            query("    projection: UserOrders\n    by: total\n"), at: 41, 9,
            "'total' is neither the key nor an index of 'UserOrders'")
        #expect(error?.notes == ["add total to the indexes of projection 'UserOrders': `indexes: [userId, total]`"])
        let unindexed = baseSpec(["    indexes: [userId]\n": ""]).replacingOccurrences(
            of: "    by: orderId", with: "    by: [userId, total]")
        let second = expectError(unindexed, at: 40, 9, "'[userId, total]' is neither the key nor an index")
        #expect(second?.notes == ["add `indexes: [[userId, total]]` to projection 'UserOrders'"])
        expectError(
            query("    projection: UserOrders\n    by: totl\n"), at: 41, 9, "'by' names 'totl', which is not a field",
            "'total'")
    }

    @Test("projection is required and must exist")
    func projection() {
        expectError(
            query("    projection: UserOrder\n"), at: 40, 17, "reads unknown projection 'UserOrder'", "'UserOrders'")
        expectError(query("    by: orderId\n"), at: 39, 3, "query 'GetOrder' has no 'projection'")
    }

    @Test("a custom query declares what it returns, and may take params")
    func customQueries() throws {
        let spec = expectValid(
            query(
                "    projection: UserOrders\n    custom: true\n    params: { limit: { type: Int, minimum: 1 } }\n    returns: [UserOrders]\n"
            ))
        guard case .custom(let parameters, let returns)? = kind(spec) else {
            Issue.record("expected a custom query")
            return
        }
        #expect(parameters.map(\.name) == ["limit"])
        #expect(parameters.first?.constraints.minimum == "1")
        #expect(returns == .array(.named("UserOrders")))
        expectValid(query("    projection: UserOrders\n    custom: true\n    returns: \"[Status: Int]\"\n"))
        expectError(
            query("    projection: UserOrders\n    custom: true\n"), at: 39, 3,
            "custom query 'GetOrder' has no 'returns'")
        expectError(
            query("    projection: UserOrders\n    custom: true\n    returns: [UserOrder]\n"), at: 42, 15,
            "unknown type 'UserOrder'", "'UserOrders'")
        expectError(
            query("    projection: UserOrders\n    custom: true\n    by: orderId\n    returns: Int\n"), at: 42, 5,
            "a custom query takes 'params', not 'by'")
        expectError(
            query("    projection: UserOrders\n    params: { limit: Int }\n"), at: 41, 5,
            "'params' applies only to a custom query")
        expectError(
            query("    projection: UserOrders\n    custom: maybe\n"), at: 41, 13, "'custom' must be true or false")
    }

    @Test("orderBy names a row field and asc or desc")
    func orderBy() {
        let spec = expectValid(
            query("    projection: UserOrders\n    by: userId\n    orderBy: total desc\n    pageSize: 20\n"))
        #expect(spec?.queries[0].orderBy == Query.Ordering(field: "total", descending: true))
        #expect(spec?.queries[0].pageSize == 20)
        #expect(
            expectValid(query("    projection: UserOrders\n    orderBy: total\n"))?.queries[0].orderBy
                == Query.Ordering(field: "total", descending: false))
        expectError(
            query("    projection: UserOrders\n    orderBy: totl asc\n"), at: 41, 14, "'orderBy' names 'totl'",
            "'total'")
        expectError(
            query("    projection: UserOrders\n    orderBy: total down\n"), at: 41, 14, "must be 'asc' or 'desc'")
    }

    @Test("pageSize is positive")
    func pageSize() {
        expectError(
            query("    projection: UserOrders\n    pageSize: 0\n"), at: 41, 15,
            "'pageSize' must be a positive whole number")
        let result = load(query("    projection: UserOrders\n    by: orderId\n    pageSize: 10\n"))
        #expect(result.errors.isEmpty)
        #expect(result.warnings.first?.message.contains("'pageSize' has no effect") == true)
    }
}
