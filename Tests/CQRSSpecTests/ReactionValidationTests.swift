import CQRSSpec
import Testing

@Suite("Reactions: from, sends, rejected and their `on` entries")
struct ReactionValidationTests {
    /// Two aggregates and three reactions: one that sends with `to` and `set`, one that sends to the event's own
    /// stream, one that only calls out.
    static let spec = """
        cqrs: 1
        domain: Shop
        aggregates:
          Order:
            commands:
              PlaceOrder:
                creates: true
                fields: { warehouseId: UUID, quantity: Int, note: String? }
                emits: [OrderPlaced]
              CancelOrder: { emits: [OrderCancelled] }
            events:
              OrderPlaced:
                fields: { warehouseId: UUID, quantity: Int, note: String? }
              OrderCancelled: { fields: { warehouseId: UUID, reason: String } }
          Inventory:
            id: UUID
            commands:
              Reserve:
                creates: true
                fields: { quantity: Int, orderId: UUID, note: String? }
                emits: [Reserved]
              Release:
                fields: { orderId: UUID, reason: { type: String, default: none } }
                emits: [Released]
            events:
              Reserved: { fields: { quantity: Int, orderId: UUID } }
              Released: { fields: { orderId: UUID } }
        reactions:
          ReserveStockForOrders:
            description: Reserves the stock of each order
            from: beginning
            sends: [Reserve, Inventory.Release]
            on:
              OrderPlaced:
                send: Reserve
                to: warehouseId
                set: { orderId: $streamId }
              OrderCancelled:
                send: Release
                to: warehouseId
                set: { orderId: $streamId }
          ReleaseWhenReserved:
            from: now
            sends: Release
            rejected: custom
            on:
              Reserved: { send: Release }
          NotifyWarehouse:
            from: now
            on:
              OrderPlaced: custom
              Order.OrderCancelled: custom

        """

    /// The spec with pieces swapped.
    static func spec(_ replacements: KeyValuePairs<String, String>) -> String {
        var text = spec
        for (old, new) in replacements {
            precondition(text.contains(old), "the spec has no '\(old)'")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    /// The entry for `OrderPlaced` of `ReserveStockForOrders` (lines 36 and 37) with its `to` and `set` swapped.
    static func reserve(to: String = "warehouseId", set: String = "{ orderId: $streamId }") -> String {
        spec([
            "    to: warehouseId\n        set: { orderId: $streamId }\n      OrderCancelled:":
                "    to: \(to)\n        set: \(set)\n      OrderCancelled:"
        ])
    }

    /// A spec whose aggregates have identifiers of different types (Order `Int64`, Stock `String`), with the one
    /// `on` entry of `TakeStock` (line 21) given.
    static func identifiers(_ entry: String, stockID: String = "String") -> String {
        """
        cqrs: 1
        domain: Shop
        aggregates:
          Order:
            id: Int64
            commands:
              PlaceOrder: { creates: true, fields: { sku: String }, emits: [OrderPlaced] }
            events:
              OrderPlaced: { fields: { sku: String, count: Int64 } }
          Stock:
            id: \(stockID)
            commands:
              Take: { creates: true, emits: [Taken] }
            events:
              Taken: {}
        reactions:
          TakeStock:
            from: now
            sends: [Take]
            on:
              OrderPlaced: \(entry)

        """
    }

    @Test("a valid spec's reactions, with every command field resolved in the command's field order")
    func model() throws {
        let spec = try #require(expectValid(Self.spec))
        let reserve = CommandReference(aggregate: "Inventory", command: "Reserve")
        let release = CommandReference(aggregate: "Inventory", command: "Release")
        let placed = EventReference(aggregate: "Order", event: "OrderPlaced")
        let cancelled = EventReference(aggregate: "Order", event: "OrderCancelled")
        #expect(spec.reactions.count == 3)
        #expect(
            spec.reactions.first
                == Reaction(
                    name: "ReserveStockForOrders",
                    description: "Reserves the stock of each order",
                    start: .beginning,
                    sends: [reserve, release],
                    handlers: [
                        .init(
                            event: placed,
                            action: .send(
                                .init(
                                    command: reserve, target: .eventField("warehouseId"),
                                    values: [
                                        .init(field: "quantity", value: .eventField("quantity")),
                                        .init(field: "orderId", value: .streamID),
                                        .init(field: "note", value: .eventField("note")),
                                    ])),
                            location: SourceLocation(line: 34, column: 7)),
                        .init(
                            event: cancelled,
                            action: .send(
                                .init(
                                    command: release, target: .eventField("warehouseId"),
                                    values: [
                                        .init(field: "orderId", value: .streamID),
                                        .init(field: "reason", value: .eventField("reason")),
                                    ])),
                            location: SourceLocation(line: 38, column: 7)),
                    ],
                    location: SourceLocation(line: 29, column: 3)))
        // `to` left out: the event's own stream; `reason` has a default and Reserved has none, so it is left out.
        #expect(
            spec.reactions[1]
                == Reaction(
                    name: "ReleaseWhenReserved",
                    start: .now,
                    sends: [release],
                    handlers: [
                        .init(
                            event: EventReference(aggregate: "Inventory", event: "Reserved"),
                            action: .send(
                                .init(
                                    command: release, target: .streamID,
                                    values: [.init(field: "orderId", value: .eventField("orderId"))])),
                            location: SourceLocation(line: 47, column: 7))
                    ],
                    rejectedIsCustom: true,
                    location: SourceLocation(line: 42, column: 3)))
        #expect(spec.reactions[1].hasCustom)
    }

    @Test("a reaction that sends nothing calls out: every entry is custom")
    func callOut() throws {
        let spec = try #require(expectValid(Self.spec))
        let notify = spec.reactions[2]
        #expect(notify.name == "NotifyWarehouse")
        #expect(notify.start == .now)
        #expect(notify.sends.isEmpty)
        #expect(!notify.rejectedIsCustom)
        #expect(notify.hasCustom)
        #expect(
            notify.handlers.map(\.event) == [
                EventReference(aggregate: "Order", event: "OrderPlaced"),
                EventReference(aggregate: "Order", event: "OrderCancelled"),
            ])
        #expect(notify.handlers.allSatisfy { $0.action == .custom })
        #expect(notify.handlers.map(\.location.line) == [51, 52])
        #expect(try #require(expectValid(Self.spec(["  ReserveStockForOrders:": "  Other:"]))).reactions.count == 3)
        // The section is optional.
        #expect(expectValid(String(Self.spec.split(separator: "reactions:")[0]))?.reactions == [])
    }

    @Test("unknown keys of a reaction and of a send entry, with a suggestion")
    func unknownKeys() {
        expectError(
            Self.spec(["    description: Reserves": "    descripton: Reserves"]), at: 30, 5,
            "unknown key 'descripton' in reaction 'ReserveStockForOrders'", "did you mean 'description'?")
        expectError(
            Self.spec(["{ send: Release }": "{ send: Release, too: orderId }"]), at: 47, 34,
            "unknown key 'too' in the 'on' entry for event 'Reserved' of reaction 'ReleaseWhenReserved'",
            "did you mean 'to'?")
        expectError(
            Self.spec(["reactions:": "reactons:"]), at: 28, 1, "unknown key 'reactons' in the spec",
            "did you mean 'reactions'?")
    }

    @Test("from is required, beginning or now")
    func start() {
        expectError(
            Self.spec(["    from: now\n    sends: Release": "    sends: Release"]), at: 42, 3,
            "reaction 'ReleaseWhenReserved' has no 'from'; it is required: `from: beginning` or `from: now`",
            "so that adding one never replays history by accident")
        expectError(
            Self.spec(["    from: beginning": "    from: begining"]), at: 31, 11,
            "'from' of reaction 'ReserveStockForOrders' is 'begining'; it is beginning or now",
            "did you mean 'beginning'?")
        // A misspelt `from` is reported once, as an unknown key.
        expectError(
            Self.spec(["    from: beginning": "    form: beginning"]), at: 31, 5,
            "unknown key 'form' in reaction 'ReserveStockForOrders'", "did you mean 'from'?")
    }

    @Test("sends names commands, qualified when ambiguous, each once")
    func sends() {
        expectError(
            Self.spec(["[Reserve, Inventory.Release]": "[Reserv, Inventory.Release]"]), at: 32, 13,
            "unknown command 'Reserv'", "did you mean 'Reserve'?")
        expectError(
            Self.spec(["[Reserve, Inventory.Release]": "[Reserve, Inventory.Relase]"]), at: 32, 22,
            "unknown command 'Relase' of aggregate 'Inventory'", "did you mean 'Release'?")
        expectError(
            Self.spec(["[Reserve, Inventory.Release]": "[Reserve, Inventory.Release, Inventory.Reserve]"]), at: 32, 41,
            "'sends' of reaction 'ReserveStockForOrders' lists the command 'Inventory.Reserve' twice")
        // Order declares a `Release` too: the bare name is ambiguous in `sends`, but not in a `send` whose
        // reaction sends only one of them.
        let twoReleases = Self.spec(["      CancelOrder: { emits": "      Release: { emits"])
        expectError(
            twoReleases, at: 44, 12,
            "command 'Release' is ambiguous: aggregates 'Order' and 'Inventory' both declare it; write 'Order.Release' or 'Inventory.Release'"
        )
        expectValid(twoReleases.replacingOccurrences(of: "    sends: Release", with: "    sends: Inventory.Release"))
        expectError(
            twoReleases.replacingOccurrences(
                of: "    sends: Release", with: "    sends: [Order.Release, Inventory.Release]"),
            at: 47, 25,
            "command 'Release' is ambiguous among the 'sends' of reaction 'ReleaseWhenReserved'; write 'Order.Release' or 'Inventory.Release'"
        )
    }

    @Test("an on entry is custom or a mapping with send")
    func entries() {
        expectError(
            Self.spec(["      OrderPlaced: custom": "      OrderPlaced: custon"]), at: 51, 20,
            "unknown action 'custon' for event 'OrderPlaced' of reaction 'NotifyWarehouse'", "did you mean 'custom'?",
            "`custom` or `{ send: Command, to: EXPR, set: { field: EXPR } }`")
        expectError(
            Self.spec(["      OrderPlaced: custom": "      OrderPlaced: [custom]"]), at: 51, 20,
            "the 'on' entry for event 'OrderPlaced' of reaction 'NotifyWarehouse' is a list")
        expectError(
            Self.spec(["{ send: Release }": "{ to: orderId }"]), at: 47, 7,
            "the 'on' entry for event 'Reserved' of reaction 'ReleaseWhenReserved' has no 'send'",
            "`Reserved: custom`")
        expectError(
            Self.spec(["      OrderPlaced: custom": "      OrderPlaced: { custom: true }"]), at: 51, 22,
            "'custom' takes no options; write `OrderPlaced: custom`")
        // `sends: []` declares nothing: a call-out may say so, and may not then take `rejected: custom`.
        let sendsNothing = Self.spec([
            "  NotifyWarehouse:\n    from: now\n": "  NotifyWarehouse:\n    from: now\n    sends: []\n"
        ])
        #expect(expectValid(sendsNothing)?.reactions[2].sends == [])
        expectError(
            sendsNothing.replacingOccurrences(of: "    sends: []\n", with: "    sends: []\n    rejected: custom\n"),
            at: 51, 5, "reaction 'NotifyWarehouse' has 'rejected: custom' but no 'sends'")
        expectError(
            Self.spec(["      Order.OrderCancelled: custom": "      Order.OrderPlaced: custom"]), at: 52, 7,
            "reaction 'NotifyWarehouse' handles event 'Order.OrderPlaced' twice (first at line 51)")
        expectError(
            Self.spec(["      Order.OrderCancelled: custom": "      OrderCanceled: custom"]), at: 52, 7,
            "unknown event 'OrderCanceled'", "did you mean 'OrderCancelled'?")
        expectError(
            Self.spec(["    on:\n      OrderPlaced: custom\n      Order.OrderCancelled: custom": "    on: {}"]),
            at: 50, 9, "reaction 'NotifyWarehouse' reacts to no events")
        expectError(
            Self.spec(["    on:\n      OrderPlaced: custom\n      Order.OrderCancelled: custom": ""]), at: 48, 3,
            "reaction 'NotifyWarehouse' has no 'on'")
    }

    @Test("a send names a command among sends; a reaction without sends only calls out")
    func sendAmongSends() {
        expectError(
            Self.spec(["{ send: Release }": "{ send: Reserve }"]), at: 47, 25,
            "reaction 'ReleaseWhenReserved' sends 'Reserve', which is not among its 'sends' ('Inventory.Release')",
            "add it there")
        expectError(
            Self.spec(["      OrderPlaced: custom": "      OrderPlaced: { send: Reserve }"]), at: 51, 28,
            "reaction 'NotifyWarehouse' sends 'Reserve' but declares no 'sends'; it sends nothing",
            "`sends: [Reserve]`")
        // A `sends` entry already refused is not reported again by the entries.
        expectError(
            Self.spec(["    sends: Release": "    sends: Relase"]), at: 44, 12, "unknown command 'Relase'",
            "did you mean 'Release'?")
    }

    @Test("to is an EXPR of the target's identifier type; without it, $streamId must be of that type")
    func target() throws {
        expectError(
            Self.reserve(to: "quantity"), at: 36, 13,
            "cannot set 'inventoryId' ('UUID') to the field 'quantity' of event 'OrderPlaced', which is 'Int'")
        expectError(
            Self.reserve(to: "note"), at: 36, 13,
            "cannot set 'inventoryId' ('UUID') to the field 'note' of event 'OrderPlaced', which is 'String?'")
        expectError(
            Self.reserve(to: "warehouse"), at: 36, 13,
            "cannot set 'inventoryId' ('UUID') to 'warehouse'", "did you mean 'warehouseId'?")
        expectError(Self.reserve(to: "$streamID"), at: 36, 13, "unknown '$streamID'", "did you mean '$streamId'?")
        let literal = try #require(expectValid(Self.reserve(to: "6f9619ff-8b86-d011-b42d-00c04fc964ff")))
        guard case .send(let send) = literal.reactions[0].handlers[0].action else {
            Issue.record("expected a send")
            return
        }
        #expect(send.target == .literal(.uuid("6F9619FF-8B86-D011-B42D-00C04FC964FF")))

        expectError(
            Self.identifiers("{ send: Take }"), at: 21, 28,
            "reaction 'TakeStock' sends 'Stock.Take' to the stream of event 'OrderPlaced' ($streamId, 'Int64'), but 'Stock' is identified by 'String'; add `to:`"
        )
        expectError(
            Self.identifiers("{ send: Take, to: count }"), at: 21, 38,
            "cannot set 'stockId' ('String') to the field 'count' of event 'OrderPlaced', which is 'Int64'")
        expectError(
            Self.identifiers("{ send: Take, to: $streamId }"), at: 21, 38,
            "cannot set 'stockId' ('String') to $streamId, which is 'Int64'")
        let bySKU = try #require(expectValid(Self.identifiers("{ send: Take, to: sku }")))
        #expect(
            bySKU.reactions[0].handlers[0].action
                == .send(
                    .init(
                        command: CommandReference(aggregate: "Stock", command: "Take"), target: .eventField("sku"),
                        values: [])))
        let byText = try #require(expectValid(Self.identifiers(#"{ send: Take, to: "A-1" }"#)))
        #expect(
            byText.reactions[0].handlers[0].action
                == .send(
                    .init(
                        command: .init(aggregate: "Stock", command: "Take"), target: .literal(.string("A-1")),
                        values: [])))
        // An Int64 target fed from an Int64 stream needs no `to`.
        let sameType = try #require(expectValid(Self.identifiers("{ send: Take }", stockID: "Int64")))
        #expect(
            sameType.reactions[0].handlers[0].action
                == .send(.init(command: .init(aggregate: "Stock", command: "Take"), target: .streamID, values: [])))
    }

    @Test("set names fields of the command, not its identifier, each with an EXPR that fits")
    func set() throws {
        expectError(
            Self.reserve(set: "{ ordrId: $streamId }"), at: 37, 16,
            "'set' names 'ordrId', which is not a field of command 'Inventory.Reserve'", "did you mean 'orderId'?")
        expectError(
            Self.reserve(set: "{ orderId: $streamId, inventoryId: warehouseId }"), at: 37, 36,
            "'set' names 'inventoryId', the identifier of the stream 'Inventory.Reserve' is sent to; give it with `to:`"
        )
        expectError(
            Self.reserve(set: "{ orderId: quantity }"), at: 37, 25,
            "cannot set 'orderId' ('UUID') to the field 'quantity' of event 'OrderPlaced', which is 'Int'")
        expectError(
            Self.reserve(set: "{ orderId: $streamId, quantity: many }"), at: 37, 46,
            "cannot set 'quantity' ('Int') to 'many'")
        let spec = try #require(
            expectValid(Self.reserve(set: "{ note: \"rush\", orderId: $streamId, quantity: 3 }")))
        guard case .send(let send) = spec.reactions[0].handlers[0].action else {
            Issue.record("expected a send")
            return
        }
        // In the command's field order, not `set`'s.
        #expect(
            send.values == [
                .init(field: "quantity", value: .literal(.integer("3"))),
                .init(field: "orderId", value: .streamID),
                .init(field: "note", value: .literal(.string("rush"))),
            ])
    }

    @Test("every command field without a default or an optional type gets a value")
    func values() throws {
        expectError(
            Self.spec(["fields: { quantity: Int, orderId": "fields: { quantity: Int32, orderId"]), at: 35, 15,
            "'send' would fill field 'quantity' ('Int32') of command 'Inventory.Reserve' from the field 'quantity' of event 'OrderPlaced', which is 'Int'",
            "`set: { quantity: EXPR }`")
        expectError(
            Self.spec(["reason: { type: String, default: none }": "reason: String"]), at: 47, 25,
            "'send' leaves field 'reason' of command 'Inventory.Release' without a value: event 'Reserved' has no field 'reason'",
            "set it with `set: { reason: EXPR }` or give it a default")
        // An optional field the event does not carry is left out.
        let withoutNote = try #require(
            expectValid(
                Self.spec([
                    "fields: { warehouseId: UUID, quantity: Int, note: String? }\n      OrderCancelled":
                        "fields: { warehouseId: UUID, quantity: Int }\n      OrderCancelled"
                ])))
        guard case .send(let send) = withoutNote.reactions[0].handlers[0].action else {
            Issue.record("expected a send")
            return
        }
        #expect(send.values.map(\.field) == ["quantity", "orderId"])
    }

    @Test("rejected: custom needs sends; it is the only value")
    func rejected() {
        expectError(
            Self.spec([
                "  NotifyWarehouse:\n    from: now\n": "  NotifyWarehouse:\n    from: now\n    rejected: custom\n"
            ]),
            at: 50, 5, "reaction 'NotifyWarehouse' has 'rejected: custom' but no 'sends'")
        expectError(
            Self.spec(["    rejected: custom": "    rejected: yes"]), at: 45, 15,
            "'rejected' of reaction 'ReleaseWhenReserved' is 'yes'; the only value is custom")
    }

    @Test("reaction names share the namespace of types, aggregates, projections and queries")
    func names() {
        expectError(
            Self.spec(["  NotifyWarehouse:": "  Order:"]), at: 48, 3,
            "reaction 'Order' has the name of the aggregate declared at line 4")
        expectError(
            Self.spec(["  ReleaseWhenReserved:": "  Release:"]), at: 22, 7,
            "command 'Release' has the name of the reaction declared at line 42")
        expectError(
            Self.spec(["  NotifyWarehouse:": "  notifyWarehouse:"]), at: 48, 3,
            "reaction name 'notifyWarehouse' must be an UpperCamelCase Swift identifier (like 'NotifyWarehouse')")
        expectError(
            baseSpec(appending: "reactions:\n  UserOrders:\n    from: now\n    on: { OrderPlaced: custom }\n"),
            at: 43, 3, "reaction 'UserOrders' has the name of the projection declared at line 26")
    }
}
