import CQRSSpec
import Testing

@Suite("Aggregates, commands, events and upcasts")
struct AggregateValidationTests {
    @Test("id is UUID (default), UUIDv7, String or Int64")
    func identifierType() {
        expectError(
            baseSpec(["  Order:\n    state:": "  Order:\n    id: Int\n    state:"]), at: 12, 9,
            "the 'id' type of aggregate 'Order' must be UUID, UUIDv7, String or Int64, not 'Int'")
        expectError(
            baseSpec(["  Order:\n    state:": "  Order:\n    id: UUIDV7\n    state:"]), at: 12, 9,
            "not 'UUIDV7'", "did you mean 'UUIDv7'?")
        // A UUIDv7 identifier is a UUID where the spec names its type (a key filled from `$streamId`).
        let timeOrdered = expectValid(baseSpec(["  Order:\n    state:": "  Order:\n    id: UUIDv7\n    state:"]))
        #expect(timeOrdered?.aggregates[0].idType == .uuidV7)
        #expect(expectValid(baseSpec())?.aggregates[0].idType == .uuid)
        let spec = expectValid(
            baseSpec(["  Order:\n    state:": "  Order:\n    id: Int64\n    state:", "orderId: UUID": "orderId: Int64"])
        )
        #expect(spec?.aggregates[0].idType == .int64)
    }

    @Test("snapshotEvery is a positive number")
    func snapshotEvery() {
        expectError(
            baseSpec(["  Order:\n    state:": "  Order:\n    snapshotEvery: 0\n    state:"]), at: 12, 20,
            "'snapshotEvery' must be a positive whole number")
        #expect(
            expectValid(baseSpec(["  Order:\n    state:": "  Order:\n    snapshotEvery: 100\n    state:"]))?.aggregates[
                0
            ].snapshotEvery == 100)
    }

    @Test("storage is events (the default) or state; a state-stored aggregate takes no snapshotEvery")
    func storage() {
        #expect(expectValid(baseSpec())?.aggregates[0].storage == .events)
        let stored = expectValid(baseSpec(["  Order:\n    state:": "  Order:\n    storage: state\n    state:"]))
        #expect(stored?.aggregates[0].storage == .state)
        let typo = expectError(
            baseSpec(["  Order:\n    state:": "  Order:\n    storage: states\n    state:"]), at: 12, 14,
            "'storage' of aggregate 'Order' is 'states'; it is events or state", "did you mean 'state'?")
        #expect(typo?.notes.first?.hasPrefix("events: the state is folded from the aggregate's events") == true)
        let snapshots = expectError(
            baseSpec(["  Order:\n    state:": "  Order:\n    storage: state\n    snapshotEvery: 10\n    state:"]),
            at: 13, 5,
            "aggregate 'Order' keeps its state as a row (storage: state), so it has no snapshots; remove 'snapshotEvery'"
        )
        expectError(
            baseSpec([
                "  Order:\n    state:\n      status: Status":
                    "  Order:\n    storage: state\n    state:\n      status: Status\n      version: Int"
            ]),
            at: 15, 7, "state field 'version' of aggregate 'Order' would be a second 'version' column of its table")
        #expect(
            snapshots?.notes == [
                "snapshots shorten the replay of an event-sourced aggregate's events; a stored state is read in one row"
            ])
    }

    @Test("an aggregate has commands and events")
    func commandsAndEvents() {
        expectError(
            "cqrs: 1\ndomain: Shop\naggregates:\n  Order:\n    events:\n      Placed: {}\n", at: 4, 3,
            "aggregate 'Order' has no 'commands'")
        expectError(
            "cqrs: 1\ndomain: Shop\naggregates:\n  Order:\n    commands: {}\n    events:\n      Placed: {}\n", at: 5,
            15, "aggregate 'Order' has no commands")
        expectError("cqrs: 1\ndomain: Shop\naggregates: {}\n", at: 3, 13, "'aggregates' is empty")
    }

    @Test("emits is required, non-empty, and names events of the same aggregate")
    func emits() {
        expectError(baseSpec(["        emits: [OrderClosed]\n": ""]), at: 19, 7, "command 'CloseOrder' has no 'emits'")
        expectError(baseSpec(["emits: [OrderClosed]": "emits: []"]), at: 20, 16, "must list at least one event")
        expectError(
            baseSpec(["emits: [OrderClosed]": "emits: [OrderClosd]"]), at: 20, 17,
            "unknown event 'OrderClosd' in 'emits'; did you mean 'OrderClosed'?")
        expectError(
            baseSpec(["emits: [OrderClosed]": "emits: [OrderClosed, OrderClosed]"]), at: 20, 30,
            "lists 'OrderClosed' twice")
        expectError(
            baseSpec([
                "emits: [OrderClosed]": "emits: [CartClosed, OrderClosed]",
                "projections:":
                    "  Cart:\n    commands:\n      CloseCart:\n        emits: [CartClosed]\n    events:\n      CartClosed: {}\nprojections:",
            ]),
            at: 20, 17, "event 'CartClosed' belongs to aggregate 'Cart'"
        )
        let spec = expectValid(baseSpec(["emits: [OrderClosed]": "emits: [Order.OrderClosed, OrderPlaced]"]))
        #expect(spec?.aggregates[0].commands[1].emits == ["OrderClosed", "OrderPlaced"])
    }

    @Test("an event no command emits is a warning")
    func unemittedEvent() {
        let result = load(baseSpec(["emits: [OrderClosed]": "emits: [OrderPlaced]"]))
        #expect(result.errors.isEmpty)
        #expect(result.warnings.map(\.message) == ["event 'OrderClosed' of aggregate 'Order' is emitted by no command"])
        #expect(result.warnings.first?.location == SourceLocation(line: 24, column: 7))
    }

    @Test("commands and events are read into the model in file order")
    func model() throws {
        let spec = try #require(expectValid(baseSpec()))
        let order = spec.aggregates[0]
        #expect(order.state.map(\.name) == ["status"])
        #expect(order.commands.map(\.name) == ["PlaceOrder", "CloseOrder"])
        #expect(order.commands[0].creates)
        #expect(!order.commands[1].creates)
        #expect(order.commands[0].fields.map(\.name) == ["userId", "items"])
        #expect(order.commands[0].location == SourceLocation(line: 15, column: 7))
        #expect(order.events.map(\.name) == ["OrderPlaced", "OrderClosed"])
        #expect(order.events[0].version == 1)
    }

    /// The base spec with `OrderClosed` replaced by a versioned event.
    func versioned(_ event: String) -> String {
        baseSpec(["      OrderClosed: {}": event])
    }

    @Test("upcasts read older versions, name current fields and are sorted by version")
    func upcasts() throws {
        let spec = expectValid(
            versioned(
                """
                      OrderClosed:
                        version: 3
                        fields: { reason: String, closedBy: String, note: String? }
                        upcast:
                          2:
                            renamed: { comment: note }
                          1:
                            defaults: { closedBy: unknown, reason: "n/a" }
                            removed: [legacyCode, oldFlag]
                """
            )
        )
        let event = try #require(spec?.aggregates[0].events[1])
        #expect(event.version == 3)
        #expect(event.upcasts.map(\.fromVersion) == [1, 2])
        #expect(
            event.upcasts[0].defaults == [
                Upcast.FieldDefault(field: "closedBy", value: .string("unknown")),
                Upcast.FieldDefault(field: "reason", value: .string("n/a")),
            ])
        #expect(event.upcasts[0].removed == ["legacyCode", "oldFlag"])
        #expect(event.upcasts[1].renamed == [Upcast.Rename(from: "comment", to: "note")])
    }

    @Test("an upcast's version is below the event's version")
    func upcastVersion() {
        expectError(
            versioned(
                "      OrderClosed:\n        version: 2\n        fields: { reason: String }\n        upcast:\n          2: { defaults: { reason: x } }"
            ),
            at: 28, 11, "reads version 2, but the event's version is 2"
        )
        expectError(
            versioned(
                "      OrderClosed:\n        fields: { reason: String }\n        upcast:\n          1: { defaults: { reason: x } }"
            ), "`version: 2`")
        expectError(versioned("      OrderClosed:\n        version: 0"), "'version' must be a positive whole number")
    }

    @Test("upcast defaults name current fields and fit their types")
    func upcastDefaults() {
        let event =
            "      OrderClosed:\n        version: 2\n        fields: { count: Int, state: Status }\n        upcast:\n          1:\n            defaults: "
        expectError(
            versioned(event + "{ cont: 1 }"), at: 29, 25,
            "'defaults' names 'cont', which is not a field of event 'OrderClosed'", "'count'")
        expectError(
            versioned(event + "{ count: many }"), at: 29, 32, "default for field 'count' does not fit its type 'Int'")
        expectError(versioned(event + "{ state: shut }"), "'shut' is not a case of 'Status'")
        expectValid(versioned(event + "{ count: 0, state: closed }"))
    }

    @Test("renamed maps old names to current fields; removed lists names that are not current fields")
    func upcastRenamesAndRemovals() {
        let event =
            "      OrderClosed:\n        version: 2\n        fields: { note: String }\n        upcast:\n          1:\n            "
        expectError(
            versioned(event + "renamed: { comment: remark }"), at: 29, 33,
            "'renamed' maps 'comment' to 'remark', which is not a field")
        expectError(
            versioned(event + "removed: [note]"), at: 29, 23,
            "'removed' lists 'note', but it is a field of the current version")
        expectError(versioned(event + "removd: [x]"), at: 29, 13, "unknown key 'removd'", "'removed'")
        expectValid(versioned(event + "renamed: { comment: note }\n            removed: [flag]"))
    }
}
