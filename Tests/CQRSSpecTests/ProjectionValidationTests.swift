import CQRSSpec
import Testing

@Suite("Projections and their `on` actions")
struct ProjectionValidationTests {
    /// The base spec with the `on` entry for `OrderClosed` (line 36) replaced.
    func onClosed(_ entry: String) -> String {
        baseSpec(["      OrderClosed:\n        update: { set: { status: closed } }": "      OrderClosed: \(entry)"])
    }

    func handler(_ spec: Spec?, _ index: Int = 1) -> ProjectionAction? {
        spec?.projections.first?.handlers[index].action
    }

    /// A spec with two aggregates that both have an event `Created`.
    static let twoAggregates = """
        cqrs: 1
        domain: Hotel
        aggregates:
          Room:
            id: String
            commands:
              CreateRoom: { emits: [Created] }
            events:
              Created: { fields: { floor: Int } }
          Booking:
            commands:
              Book: { emits: [Created] }
            events:
              Created: { fields: { guest: String } }
        projections:
          Rooms:
            key: roomId
            fields: { roomId: String, floor: Int }
            on:
              ON_ENTRY
        queries:
          AllRooms: { projection: Rooms }

        """

    @Test("an `on` entry names an event, unqualified when unique, else as Aggregate.Event")
    func eventReferences() throws {
        expectError(
            Self.twoAggregates.replacingOccurrences(of: "ON_ENTRY", with: "Created: insert"), at: 20, 7,
            "event 'Created' is ambiguous", "write 'Room.Created' or 'Booking.Created'")
        let spec = try #require(
            expectValid(Self.twoAggregates.replacingOccurrences(of: "ON_ENTRY", with: "Room.Created: insert")))
        #expect(spec.projections[0].handlers[0].event == EventReference(aggregate: "Room", event: "Created"))
        expectError(
            Self.twoAggregates.replacingOccurrences(of: "ON_ENTRY", with: "Rom.Created: insert"), at: 20, 7,
            "unknown aggregate 'Rom'", "'Room'")
        expectError(
            Self.twoAggregates.replacingOccurrences(of: "ON_ENTRY", with: "Room.Craeted: insert"),
            "unknown event 'Craeted' of aggregate 'Room'", "'Created'")
        expectError(
            onClosed("custom").replacingOccurrences(of: "      OrderPlaced: insert", with: "      OrderPlacd: insert"),
            at: 35, 7, "unknown event 'OrderPlacd'", "did you mean 'OrderPlaced'?")
        expectError(
            onClosed("custom\n      Order.OrderClosed: delete"), at: 37, 7, "handles event 'Order.OrderClosed' twice")
    }

    @Test("consistency is async (the default) or inline, with a suggestion for a near miss")
    func consistency() {
        let inline = expectValid(baseSpec(["  UserOrders:\n": "  UserOrders:\n    consistency: inline\n"]))
        #expect(inline?.projections.first?.consistency == .inline)
        #expect(expectValid(baseSpec())?.projections.first?.consistency == .async)
        let error = expectError(
            baseSpec(["  UserOrders:\n": "  UserOrders:\n    consistency: inlne\n"]),
            at: 27, 18, "'consistency' of projection 'UserOrders' is 'inlne'; it is async or inline",
            "did you mean 'inline'?")
        #expect(error?.notes.first?.hasPrefix("inline: the rows change in the transaction of each append") == true)
        expectError(
            baseSpec(["  UserOrders:\n": "  UserOrders:\n    consistency: [inline]\n"]),
            "'consistency' of projection 'UserOrders' must be text")
    }

    @Test("remember keeps a field of one event per stream for the stream's other events")
    func remember() {
        // OrderClosed carries no userId: counting closed orders per user reads the one OrderPlaced named.
        let counts = """
              ClosedPerUser:
                key: userId
                remember: { userId: OrderPlaced }
                fields: { userId: String, closed: { type: Int, default: 0 } }
                on:
                  OrderClosed: { upsert: { increment: { closed: 1 } } }
            """
        let spec = expectValid(baseSpec(["projections:\n": "projections:\n" + counts + "\n"]))
        let projection = spec?.projections.first { $0.name == "ClosedPerUser" }
        #expect(projection?.remembered.map(\.name) == ["userId"])
        #expect(projection?.remembered.first?.event == EventReference(aggregate: "Order", event: "OrderPlaced"))
        if case .merge(let values, _, _)? = projection?.handlers.first?.action {
            #expect(values.first { $0.field == "userId" }?.value == .remembered("userId"))
        } else {
            Issue.record("expected upsert with increment")
        }
        expectError(
            baseSpec([
                "projections:\n": "projections:\n"
                    + counts.replacingOccurrences(
                        of: "{ userId: OrderPlaced }", with: "{ userId: OrderPlaced, total: OrderClosed }") + "\n"
            ]),
            "'remember' of projection 'ClosedPerUser' reads 'total' from event 'OrderClosed', which has no such field")
        expectError(
            baseSpec([
                "projections:\n": "projections:\n"
                    + counts.replacingOccurrences(of: "{ userId: OrderPlaced }", with: "{ userId: OrderPlacd }") + "\n"
            ]),
            "unknown event 'OrderPlacd'")
        // A value remembered for the streams of one aggregate, asked for by an event of another.
        let crossed = Self.twoAggregates
            .replacingOccurrences(
                of: "    key: roomId\n", with: "    key: roomId\n    remember: { floor: Room.Created }\n"
            )
            .replacingOccurrences(of: "ON_ENTRY", with: "Booking.Created: { insert: { set: { roomId: guest } } }")
        expectError(
            crossed,
            "'floor' is remembered for the streams of 'Room' (from its 'Created'); event 'Created' belongs to 'Booking', whose streams never carry it"
        )
    }

    @Test("actions are custom, insert, upsert, update or delete")
    func actions() {
        #expect(handler(expectValid(onClosed("custom"))) == .custom)
        #expect(handler(expectValid(onClosed("delete"))) == .delete(key: [.streamID]))
        #expect(handler(expectValid(onClosed("{ delete: { key: $streamId } }"))) == .delete(key: [.streamID]))
        expectError(
            onClosed("insrt"), at: 36, 20, "unknown action 'insrt'", "did you mean 'insert'?",
            "custom, insert, upsert, update or delete")
        expectError(onClosed("update"), at: 36, 20, "'update' needs to know what to change")
        expectError(onClosed("{ update: {} }"), "'update' changes nothing")
        expectError(onClosed("{ update: { set: { status: closed } }, delete: {} }"), "takes one action")
        expectError(onClosed("{ custom: true }"), "'custom' takes no options")
        expectError(onClosed("{ update: { sett: { status: closed } } }"), "unknown key 'sett'", "'set'")
    }

    @Test("insert gives every row field a source, in field order")
    func insertSources() throws {
        let spec = expectValid(
            baseSpec([
                "      status: { type: Status, default: open }":
                    "      status: { type: Status, default: open }\n      note: String?\n      placedAt: Date",
                "      OrderPlaced: insert":
                    "      OrderPlaced: { upsert: { set: { placedAt: $recordedAt, total: 0 } } }",
            ])
        )
        #expect(
            handler(spec, 0)
                == .insert(
                    values: [
                        FieldAssignment(field: "orderId", value: .streamID),
                        FieldAssignment(field: "userId", value: .eventField("userId")),
                        FieldAssignment(field: "total", value: .literal(.integer("0"))),
                        FieldAssignment(field: "status", value: .literal(.enumCase("open"))),
                        FieldAssignment(field: "note", value: .literal(.null)),
                        FieldAssignment(field: "placedAt", value: .recordedAt),
                    ],
                    upsert: true
                )
        )
    }

    @Test("insert that leaves a row field without a source is an error naming it")
    func insertWithoutSource() {
        expectError(
            baseSpec([
                "      status: { type: Status, default: open }":
                    "      status: { type: Status, default: open }\n      placedAt: Date"
            ]),
            at: 36, 20, "'insert' leaves row field 'placedAt' of projection 'UserOrders' without a value",
            "set: { placedAt: EXPR }"
        )
        expectError(
            baseSpec(["      total: Int\n": "      total: String\n"]),
            at: 35, 20, "would fill row field 'total' ('String')", "which is 'Int'"
        )
        // The key's type does not take the stream identifier: both the insert and the update say so.
        let mismatched = errors(baseSpec(["orderId: UUID": "orderId: Int64"]))
        #expect(
            mismatched.map(\.location) == [SourceLocation(line: 35, column: 20), SourceLocation(line: 37, column: 9)])
        #expect(
            mismatched.first?.message.contains(
                "key field 'orderId' ('Int64') of projection 'UserOrders' with the stream identifier of 'Order', which is 'UUID'"
            ) == true)
        expectError(
            baseSpec(["      OrderPlaced: insert": "      OrderPlaced: { insert: { set: { totl: 1 } } }"]), at: 35, 39,
            "'set' names 'totl', which is not a field", "'total'")
    }

    @Test("EXPRs: event fields, metadata and literals, each type-checked against the row field")
    func expressions() {
        func update(_ set: String) -> String { onClosed("{ update: { set: { \(set) } } }") }
        #expect(
            handler(expectValid(update("status: closed")))
                == .update(
                    key: [.streamID], set: [FieldAssignment(field: "status", value: .literal(.enumCase("closed")))],
                    increment: []))
        expectError(
            update("status: paid"), at: 36, 47, "cannot set 'status' ('Status') to 'paid'",
            "neither a field of event 'OrderClosed' nor a value of type 'Status'")
        expectError(
            baseSpec(["      OrderPlaced: insert": "      OrderPlaced: { update: { set: { total: userId } } }"]),
            at: 35, 46, "cannot set 'total' ('Int') to the field 'userId' of event 'OrderPlaced', which is 'String'"
        )
        expectError(update("total: $position"), "cannot set 'total' ('Int') to $position, which is 'Int64'")
        expectError(update("total: $positon"), "unknown '$positon'", "'$position'")
        expectError(update("userId: $streamId"), "cannot set 'userId' ('String') to $streamId, which is 'UUID'")
        expectValid(update("userId: \"$streamId\""))
    }

    @Test("an event field feeds a row field of the same type, or of its optional")
    func eventFieldTypes() throws {
        let spec = expectValid(
            baseSpec([
                "      status: { type: Status, default: open }":
                    "      status: { type: Status, default: open }\n      lastUser: String?\n      seen: { type: Int64, default: 0 }\n      at: Date?",
                "      OrderClosed:\n        update: { set: { status: closed } }": "      OrderPlaced.2: custom",
            ]).replacingOccurrences(of: "      OrderPlaced.2: custom", with: "")
                .replacingOccurrences(
                    of: "      OrderPlaced: insert",
                    with:
                        "      OrderPlaced:\n        update: { set: { lastUser: userId, at: $recordedAt }, increment: { seen: $version, total: total } }"
                )
        )
        #expect(
            handler(spec, 0)
                == .update(
                    key: [.streamID],
                    set: [
                        FieldAssignment(field: "lastUser", value: .eventField("userId")),
                        FieldAssignment(field: "at", value: .recordedAt),
                    ],
                    increment: [
                        FieldAssignment(field: "seen", value: .version),
                        FieldAssignment(field: "total", value: .eventField("total")),
                    ]
                )
        )
    }

    @Test("increment applies to number fields only, with a value of the same type")
    func increments() {
        func increment(_ text: String) -> String { onClosed("{ update: { increment: { \(text) } } }") }
        expectError(increment("userId: 1"), at: 36, 45, "cannot increment field 'userId' ('String')")
        expectError(increment("status: 1"), "cannot increment field 'status'")
        expectError(increment("total: 1.5"), "not a whole number")
        #expect(
            handler(expectValid(increment("total: 1")))
                == .update(
                    key: [.streamID], set: [],
                    increment: [FieldAssignment(field: "total", value: .literal(.integer("1")))]))
        expectError(
            onClosed("{ update: { set: { total: 1 }, increment: { total: 1 } } }"),
            "both sets and increments field 'total'")
    }

    @Test("update and delete cannot change the key; their key defaults to the stream identifier")
    func keys() {
        expectError(
            onClosed("{ update: { set: { orderId: $streamId } } }"), at: 36, 39, "cannot change key field 'orderId'")
        expectError(
            onClosed("{ delete: { key: [$streamId, $streamId] } }"), "'key' gives 2 values for the key [orderId]")
        expectError(
            baseSpec([
                "orderId: UUID": "orderId: String",
                "      OrderPlaced: insert": "      OrderPlaced: { insert: { set: { orderId: userId } } }",
            ]),
            at: 37, 9,
            "finds the row of projection 'UserOrders' by the stream identifier of 'Order' ('UUID'), but its key 'orderId' is 'String'"
        )
    }

    @Test("composite keys: key fields exist, and update/delete give one EXPR per key field in key order")
    func compositeKeys() throws {
        let composite = baseSpec([
            "    key: orderId": "    key: [userId, orderId]",
            "    by: orderId": "    by: [orderId, userId]",
        ])
        expectError(
            composite, at: 37, 9, "composite key [userId, orderId]; 'update' needs its 'key'", "key: [EXPR, EXPR]")
        let spec = expectValid(
            composite.replacingOccurrences(
                of: "update: { set: { status: closed } }",
                with: "update: { key: [\"u\", $streamId], set: { status: closed } }"))
        #expect(spec?.projections[0].key == ["userId", "orderId"])
        #expect(
            handler(spec)
                == .update(
                    key: [.literal(.string("u")), .streamID],
                    set: [FieldAssignment(field: "status", value: .literal(.enumCase("closed")))], increment: []))
        #expect(spec?.queries[0].kind == .byKey(["userId", "orderId"]))
        expectError(
            baseSpec(["    key: orderId": "    key: ordrId"]), at: 27, 10,
            "'key' of projection 'UserOrders' names 'ordrId', which is not a field", "'orderId'")
        expectError(baseSpec(["    key: orderId": "    key: [orderId, orderId]"]), at: 27, 20, "names 'orderId' twice")
        expectError(
            baseSpec(["orderId: UUID": "orderId: UUID?"]), at: 29, 7,
            "key field 'orderId' of projection 'UserOrders' cannot be optional")
    }

    @Test("indexes name existing fields; an index may be a list of fields")
    func indexes() throws {
        expectError(
            baseSpec(["indexes: [userId]": "indexes: [usrId]"]), at: 33, 15, "not a field of projection 'UserOrders'",
            "'userId'")
        expectError(
            baseSpec(["indexes: [userId]": "indexes: [userId, userId]"]), at: 33, 23, "lists the index [userId] twice")
        let spec = expectValid(baseSpec(["indexes: [userId]": "indexes: [userId, [status, total]]"]))
        #expect(spec?.projections[0].indexes == [["userId"], ["status", "total"]])
    }

    @Test("a projection needs key, fields and on")
    func requiredKeys() {
        expectError(
            baseSpec(["    key: orderId\n": ""]), at: 26, 3, "projection 'UserOrders' has no 'key'", "key: orderId")
        expectError(
            baseSpec([
                "    on:\n      OrderPlaced: insert\n      OrderClosed:\n        update: { set: { status: closed } }\n":
                    ""
            ]), at: 26, 3, "has no 'on'")
        expectError(
            baseSpec([
                "    on:\n      OrderPlaced: insert\n      OrderClosed:\n        update: { set: { status: closed } }\n":
                    "    on: {}\n"
            ]), "subscribes to no events")
    }

    @Test("an upsert that resets a field another entry increments is a warning at the upsert")
    func upsertResettingACounter() {
        let spec = baseSpec([
            "      OrderPlaced: insert\n": "      OrderPlaced: upsert\n",
            "        update: { set: { status: closed } }": "        update: { increment: { total: 1 } }",
        ])
        let result = load(spec)
        #expect(result.errors.isEmpty)
        #expect(
            result.warnings.map(\.message) == [
                "'upsert' on Order.OrderPlaced replaces the whole row of projection 'UserOrders', resetting 'total' (incremented on Order.OrderClosed)"
            ])
        #expect(result.warnings.first?.location == SourceLocation(line: 35, column: 7))
        #expect(result.warnings.first?.notes.first?.contains("update: { increment") == true)
        // Counting with insert and update is what the warning asks for: no warning.
        #expect(
            warnings(
                baseSpec(["        update: { set: { status: closed } }": "        update: { increment: { total: 1 } }"])
            ).isEmpty)
    }

    @Test("update appends to and removes from array fields, with values of the element type")
    func appendAndRemove() throws {
        let spec = baseSpec(
            [
                "      status: { type: Status, default: open }\n":
                    "      status: { type: Status, default: open }\n      notes: { type: \"[String]\", default: [] }\n"
            ])
        let valid = try #require(
            expectValid(
                spec.replacingOccurrences(
                    of: "update: { set: { status: closed } }",
                    with: "update: { set: { status: closed }, append: { notes: closed }, remove: { notes: open } }")))
        guard case .update(_, _, _, let append, let remove) = handler(valid) else {
            Issue.record("expected an update")
            return
        }
        #expect(append == [FieldAssignment(field: "notes", value: .literal(.string("closed")))])
        #expect(remove == [FieldAssignment(field: "notes", value: .literal(.string("open")))])
        func update(_ entry: String) -> String {
            spec.replacingOccurrences(of: "update: { set: { status: closed } }", with: "update: \(entry)")
        }
        expectError(update("{ append: { total: 1 } }"), "cannot append an element to field 'total' ('Int')")
        expectError(update("{ remove: { notez: x } }"), "'remove' names 'notez', which is not a field")
        expectError(update("{ append: { notes: $position } }"), "cannot set 'notes[]' ('String') to $position")
        expectError(
            update("{ set: { notes: [] }, append: { notes: x } }"), "both sets field 'notes' and changes its elements")
    }

    @Test("upsert with increment adds to an existing row and starts a new one from the default")
    func upsertWithIncrement() throws {
        let spec = try #require(
            expectValid(onClosed("{ upsert: { set: { status: closed, userId: nobody }, increment: { total: 1 } } }")))
        guard case .merge(let values, let set, let increment) = handler(spec) else {
            Issue.record("expected an upsert with increment, got \(String(describing: handler(spec)))")
            return
        }
        #expect(set.map(\.field) == ["status", "userId"])
        #expect(increment == [FieldAssignment(field: "total", value: .literal(.integer("1")))])
        // A new row's counter starts at zero (the row field has no default), not from an event field.
        #expect(values.first { $0.field == "total" }?.value == .literal(.integer("0")))

        let user = "set: { userId: nobody, total: 0 }"
        expectError(onClosed("{ insert: { \(user), increment: { total: 1 } } }"), "'insert' takes no 'increment'")
        expectError(
            onClosed("{ upsert: { set: { userId: nobody, total: 2 }, increment: { total: 1 } } }"),
            "'upsert' both sets and increments field 'total'")
        expectError(
            onClosed("{ upsert: { increment: { total: 1 }, set: { userId: nobody, total: 2 } } }"),
            "'upsert' both sets and increments field 'total'")
        expectError(
            onClosed("{ upsert: { \(user), increment: { orderId: 1 } } }"), "cannot change key field 'orderId'")
        expectError(onClosed("{ upsert: { \(user), increment: { status: 1 } } }"), "cannot increment field 'status'")
    }

    @Test("a projection no query reads is a warning")
    func unreadProjection() {
        let result = load(baseSpec(["queries:\n  GetOrder:\n    projection: UserOrders\n    by: orderId\n": ""]))
        #expect(result.errors.isEmpty)
        #expect(result.warnings.map(\.message) == ["projection 'UserOrders' is read by no query"])
        #expect(result.warnings.first?.location == SourceLocation(line: 26, column: 3))
    }
}
