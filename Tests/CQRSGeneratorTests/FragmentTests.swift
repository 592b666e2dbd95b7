import CQRSGenerator
import CQRSSpec
import Foundation
import Testing

/// Fragment tests: a small spec in, the Swift it must produce out, one construct of the format at a
/// time (the whole-file references in `ReferenceTests` show the same constructs in context).
/// A fragment's lines must appear as consecutive lines of the named output file; indentation is
/// not compared (the layout pass owns it).
@Suite("Generator fragments: one construct in, its Swift out")
struct FragmentTests {
    @Test("An enum type: a String raw value, qualified conformances, cases escaped where they are keywords")
    func enumType() throws {
        try expectFragment(
            types: "Level: { cases: [low, default] }", in: "types",
            """
            public enum Level: Swift.String, Swift.Sendable, Swift.Codable, Swift.Hashable, Swift.CaseIterable, CQRS.PayloadValue {
                case low
                case `default`
            }
            """)
    }

    @Test("A struct type: qualified builtins, a default, an optional defaulting to nil")
    func structType() throws {
        try expectFragment(
            types: "Tag: { fields: { name: String, weight: { type: Double, default: 1 }, at: Date? } }",
            in: "types",
            """
            public init(
                name: Swift.String,
                weight: Swift.Double = 1,
                at: Foundation.Date? = nil,
            ) {
            """)
    }

    @Test("Constraints: one CQRS.Constraints call per check, optional fields unwrapped")
    func constraints() throws {
        try expectFragment(
            types: "Tag: { fields: { name: { type: String, minLength: 1 }, size: { type: Int?, maximum: 9 } } }",
            in: "types",
            """
            do {
                let value = self.name
                CQRS.Constraints.minLength(value, 1, field: path + "name", into: &violations)
            }
            if let value = self.size {
                CQRS.Constraints.maximum(value, 9, field: path + "size", into: &violations)
            }
            """)
    }

    @Test("An aggregate: its ID qualified, state defaults, category and snapshot policy")
    func aggregate() throws {
        try expectFragment(
            aggregate: "id: Int64\n    snapshotEvery: 5\n    state: { name: String }", in: "aggregates",
            """
            public typealias ID = Swift.Int64
            """)
        try expectFragment(
            aggregate: "id: Int64\n    snapshotEvery: 5\n    state: { name: String }", in: "aggregates",
            """
            public static var category: Swift.String { "Order" }
            /// Write a snapshot every this many events.
            public static var snapshotEvery: Swift.Int? { 5 }
            """)
        // Without `snapshotEvery` the definition keeps the runtime's default (never).
        let noSnapshots = try fragmentOutput(aggregate: "state: { name: String }", in: "aggregates")
        #expect(!noSnapshots.contents.contains("snapshotEvery"))
        try expectFragment(
            aggregate: "state: { name: String }", in: "aggregates",
            """
            public init(
                name: Swift.String = "",
            ) {
            """)
    }

    @Test("A state-stored aggregate: a StateStoredAggregate whose handler changes the state in place, no evolve")
    func stateStoredAggregate() throws {
        let stored = "storage: state\n    state: { name: String, tags: { type: \"[String]\", default: [] } }"
        try expectFragment(
            aggregate: stored, in: "aggregates",
            """
            public struct Definition: CQRS.StateStoredAggregate {
            """)
        try expectFragment(
            aggregate: stored, in: "aggregates",
            """
            CQRS.ReadModelSchema.Column(name: "name", type: .string, nullable: false),
            CQRS.ReadModelSchema.Column(name: "tags", type: .json, nullable: false),
            """)
        try expectFragment(
            aggregate: stored, in: "aggregates",
            """
            var changed = state
            return try aggregate.handler.decide(self, state: &changed, context: context)
            """)
        let output = try fragmentOutput(aggregate: stored, in: "aggregates")
        #expect(output.contents.contains("state: inout Shop.Order.State\n"))
        #expect(!output.contents.contains("func evolve(_ state: inout Shop.Order.State"))
        let application = try fragmentOutput(aggregate: stored, in: "application")
        #expect(
            application.contents.contains("@available(*, unavailable, message: \"Order keeps only its current state"))
    }

    @Test("A creating command with a UUID id defaults its id to a fresh one")
    func creatingCommand() throws {
        try expectFragment(
            in: "aggregates",
            """
            public init(
                orderId: Shop.Order.ID = Foundation.UUID.fastRandom(),
                note: Swift.String,
            ) {
            """)
    }

    @Test("Field coding: init(from:) and encodeFields(to:) by spec name, optionals if present, no CodingKeys")
    func fieldCoding() throws {
        try expectFragment(
            types: "Tag: { fields: { name: String, class: Int? } }", in: "types",
            """
            public init(from decoder: any Swift.Decoder) throws {
                let fields = try CQRS.FieldReader(decoder)
                self.name = try fields.value("name")
                self.`class` = try fields.valueIfPresent("class")
            }
            """)
        try expectFragment(
            types: "Tag: { fields: { name: String, class: Int? } }", in: "types",
            """
            public func encodeFields(to fields: inout some CQRS.FieldWriter) throws {
                try fields.field("name", self.name)
                try fields.field("class", ifPresent: self.`class`)
            }
            """)
        // A command codes the ID of the instance it acts on first.
        try expectFragment(
            in: "aggregates",
            """
            let fields = try CQRS.FieldReader(decoder)
            self.orderId = try fields.value("orderId")
            self.note = try fields.value("note")
            """)
        // A type without fields still checks that it reads an object.
        try expectFragment(
            in: "aggregates",
            """
            let fields = try CQRS.FieldReader(decoder)
            _ = fields
            """)
    }

    @Test("A command's Emits lists only the events its spec emits")
    func emits() throws {
        try expectFragment(
            in: "aggregates",
            """
            public enum Emits: CQRS.EmittedEvent, Swift.Hashable {
                case placed(Shop.Order.Placed)
            """)
    }

    @Test("An event: its stored name, version and upcast steps")
    func eventWithUpcasts() throws {
        let events = """
            Placed:
                    version: 2
                    fields: { note: String, count: Int }
                    upcast:
                      1: { defaults: { count: 0 }, renamed: { text: note }, removed: [legacy] }
            """
        try expectFragment(
            events: events, in: "aggregates",
            """
            public static let eventType = "Order.Placed"
            public static let schemaVersion = 2
            public static let upcaster: CQRS.Upcaster? = CQRS.Upcaster(
                currentVersion: 2,
                steps: [
                    CQRS.UpcastStep(
                        fromVersion: 1,
                        defaults: ["count": .number("0")],
                        renamed: [(from: "text", to: "note")],
                        removed: ["legacy"]
                    ),
                ]
            )
            """)
    }

    @Test("Projection entries: insert from the event and the stream, update with set and increment, delete")
    func projectionEntries() throws {
        let projections = """
            Notes:
                key: orderId
                fields: { orderId: UUID, note: String, count: Int, at: Date }
                on:
                  Placed: { insert: { set: { count: 1, at: $recordedAt } } }
                  Touched: { update: { increment: { count: 1 } } }
                  Dropped: delete
            """
        try expectFragment(
            projections: projections, in: "projections",
            """
            try await rows.insert(
                Shop.Notes(
                    orderId: context.streamID,
                    note: payload.note,
                    count: 1,
                    at: context.recordedAt,
                )
            )
            """)
        try expectFragment(
            projections: projections, in: "projections",
            """
            try await rows.update(key: [(context.streamID as Foundation.UUID).columnValue]) { row in
                row.count += 1
            }
            """)
        try expectFragment(
            projections: projections, in: "projections",
            """
            try await rows.delete(key: [(context.streamID as Foundation.UUID).columnValue])
            """)
    }

    @Test("Increment by a negated field and by a negative literal: the minus sign in the generated Swift")
    func negatedIncrements() throws {
        try expectFragment(
            events: "Placed: { fields: { note: String, amount: Int } }",
            projections: """
                Totals:
                    key: orderId
                    fields: { orderId: UUID, balance: Int, stock: Int }
                    on:
                      Placed: { upsert: { increment: { balance: -amount, stock: -1 } } }
                """,
            in: "projections",
            """
            let updated = try await rows.update(key: [(context.streamID as Foundation.UUID).columnValue]) { row in
                row.balance += -payload.amount
                row.stock += -1
            }
            """)
    }

    @Test("A custom entry becomes a method of the projection's Handler protocol")
    func customEntry() throws {
        try expectFragment(
            projections: "Notes:\n    key: orderId\n    fields: { orderId: UUID }\n    on: { Placed: custom }",
            in: "projections",
            """
            func on(
                _ event: Shop.Order.Placed,
                _ context: CQRS.EventContext<Shop.Order.ID>,
                rows: CQRS.ProjectionRows<Shop.Notes>
            ) async throws
            """)
    }

    @Test("Queries: where's conditions, required and optional, are filters of the ask, its count and its rows")
    func queryConditions() throws {
        let projections = """
            Notes:
                key: orderId
                fields: { orderId: UUID, note: String, words: { type: Int, default: 0 }, at: Date? }
                indexes: [note]
                on: { Placed: insert }
            """
        let queries = """
            Search:
                projection: Notes
                by: note
                where: { orderId: { in: orderIds }, words: { ">": longerThan?, atMost: atMost }, at: { "<": before? } }
                count: true
            """
        try expectFragment(
            projections: projections, queries: queries, in: "queries",
            """
            public init(
                note: Swift.String,
                orderIds: [Foundation.UUID],
                longerThan: Swift.Int? = nil,
                atMost: Swift.Int,
                before: Foundation.Date? = nil,
            ) {
            """)
        try expectFragment(
            projections: projections, queries: queries, in: "queries",
            """
            public static func filters(of query: Shop.Search) -> [CQRS.ColumnFilter] {
                var filters: [CQRS.ColumnFilter] = []
                filters.append(CQRS.ColumnFilter(column: "note", .equals(query.note.columnValue)))
                filters.append(CQRS.ColumnFilter(column: "orderId", .isIn(query.orderIds.map(\\.columnValue))))
                if let value = query.longerThan {
                    filters.append(CQRS.ColumnFilter(column: "words", .greaterThan(value.columnValue)))
                }
                filters.append(CQRS.ColumnFilter(column: "words", .atMost(query.atMost.columnValue)))
                if let value = query.before {
                    filters.append(CQRS.ColumnFilter(column: "at", .lessThan(value.columnValue)))
                }
                return filters
            }
            """)
        try expectFragment(
            projections: projections, queries: queries, in: "application",
            """
            public func watch(_ query: Shop.CountSearch) -> CQRS.LiveQuery<Swift.Int> {
                engine.watch(projection: "Notes") { try await self.ask(query) }
            }
            """)
    }

    @Test("Queries: by key and by index with its order, each a ReadModelQuery the application asks; custom, a handler")
    func queries() throws {
        let projections = """
            Notes:
                key: orderId
                fields: { orderId: UUID, note: String }
                indexes: [note]
                on: { Placed: insert }
            """
        let queries = """
            GetNote: { projection: Notes, by: orderId }
              ListNotes: { projection: Notes, by: note, orderBy: note desc, pageSize: 5 }
              Busiest: { projection: Notes, custom: true, params: { limit: Int }, returns: "[Notes]" }
            """
        try expectFragment(
            projections: projections, queries: queries, in: "queries",
            """
            extension Shop.GetNote: CQRS.ReadModelQuery {
                /// The `Notes` row with this key, if there is one.
                public func answer(
                    from rows: CQRS.ReadModelReader<Shop.Notes>
                ) async throws -> Shop.Notes? {
                    try await rows.row(key: [self.orderId.columnValue])
                }
            }
            """)
        try expectFragment(
            projections: projections, queries: queries, in: "application",
            """
            return try await query.answer(from: engine.reader(Shop.Notes.self))
            """)
        try expectFragment(
            projections: projections, queries: queries, in: "queries",
            """
            public static func filters(of query: Shop.ListNotes) -> [CQRS.ColumnFilter] {
                [CQRS.ColumnFilter(column: "note", .equals(query.note.columnValue))]
            }
            """)
        try expectFragment(
            projections: projections, queries: queries, in: "queries",
            """
            try await rows.rows(
                matching: Self.filters(of: query),
                orderBy: [CQRS.ColumnOrdering(column: "note", descending: true)],
                page: page
            )
            """)
        try expectFragment(
            projections: projections, queries: queries, in: "application",
            """
            return try await Shop.ListNotes.page(of: query, page, from: engine.reader(Shop.Notes.self))
            """)
        try expectFragment(
            projections: projections, queries: queries, in: "application",
            """
            ) async throws -> [Shop.Notes] {
                try await waitForProjection("Notes", toPass: receipt, timeout: timeout)
                return try await busiestHandler.handle(query, rows: engine.reader(Shop.Notes.self))
            """)
    }

    @Test("The application: one labelled parameter per implementation, members with a suffix of their kind")
    func application() throws {
        try expectFragment(
            in: "application",
            """
            @usableFromInline let orderDefinition: Shop.Order.Definition
            """)
        try expectFragment(
            in: "application",
            """
            @inlinable
            @discardableResult
            public func send(
                _ command: some CQRS.AggregateCommand<Shop.Order.Definition>,
                options: CQRS.CommandOptions = .init()
            ) async throws -> CQRS.CommandReceipt {
                try await engine.commands.handle(command, with: orderDefinition, options: options)
            }
            """)
        try expectFragment(
            in: "application",
            """
            public init(
                eventStore: any CQRS.EventStore,
                readStore: any CQRS.ReadStore,
                order orderHandler: any Shop.Order.Handler,
                reactions: [any CQRS.EventReaction] = [],
                configuration: CQRS.EngineConfiguration = .init()
            ) throws {
                self.orderDefinition = Shop.Order.Definition(orderHandler)
            """)
    }

    @Test("A declarative send builds its command from the event: the target, `set`, then same-named fields")
    func reactionSend() throws {
        let reaction = """
            Retouch:
                from: now
                sends: [Touch, Place]
                on:
                  Placed: { send: Place, to: $streamId, set: { note: "again" } }
                  Touched: { send: Touch }
            """
        try expectFragment(
            reactions: reaction, in: "reactions",
            """
            public enum Command: Swift.Sendable, Swift.Hashable {
                case touch(Shop.Order.Touch)
                case place(Shop.Order.Place)
            }
            """)
        try expectFragment(
            reactions: reaction, in: "reactions",
            """
            case Shop.Order.Placed.eventType:
                let context = try CQRS.EventContext<Shop.Order.ID>(event)
                return [
                    .place(
                        Shop.Order.Place(
                            orderId: context.streamID,
                            note: "again",
                        )
                    )
                ]
            """)
        try expectFragment(
            reactions: reaction, in: "reactions",
            """
            public var start: CQRS.ReactionStart { .now }
            """)
        try expectFragment(
            reactions: reaction, in: "reactions",
            """
            case .touch(let command): try await processor.submit(command, with: self.orderDefinition, options: options)
            case .place(let command): try await processor.submit(command, with: self.orderDefinition, options: options)
            """)
        try expectFragment(
            reactions: reaction, in: "application",
            """
            reactions: ([
                Shop.Retouch.Reaction(
                    orderDefinition: self.orderDefinition,
                ),
            ] as [any CQRS.EventReaction]) + reactions,
            """)
    }

    @Test("A call-out's handler returns nothing, and its reaction sends no command")
    func reactionCallOut() throws {
        let reaction = """
            Notify:
                from: beginning
                on:
                  Placed: custom
            """
        try expectFragment(
            reactions: reaction, in: "reactions",
            """
            func on(
                _ event: Shop.Order.Placed,
                _ context: CQRS.EventContext<Shop.Order.ID>
            ) async throws
            """)
        try expectFragment(
            reactions: reaction, in: "reactions",
            """
            public typealias Command = CQRS.NoCommand
            """)
        try expectFragment(
            reactions: reaction, in: "reactions",
            """
                try await handler.on(payload, context)
                return []
            """)
        try expectFragment(
            reactions: reaction, in: "application",
            """
            notify notifyHandler: any Shop.Notify.Handler,
            """)
    }

    @Test("A custom entry that sends returns the reaction's commands; `rejected` has a default unless custom")
    func reactionCustomSends() throws {
        let reaction = """
            Follow:
                from: beginning
                sends: [Touch]
                on:
                  Placed: custom
            """
        try expectFragment(
            reactions: reaction, in: "reactions",
            """
            ) async throws -> [Shop.Follow.Command]
            """)
        try expectFragment(
            reactions: reaction, in: "reactions",
            """
            extension Shop.Follow.Handler {
                /// No compensation: a refusal is logged, counted and skipped.
            """)
        let custom = try fragmentOutput(
            reactions: reaction + "\n    rejected: custom", in: "reactions")
        #expect(!custom.contents.contains("extension Shop.Follow.Handler"))
        #expect(custom.contents.contains("func rejected("))
    }

    @Test("An inline projection says so; an async one does not")
    func inlineProjection() throws {
        let projection = """
            Counts:
                consistency: inline
                key: note
                fields: { note: String, orders: { type: Int, default: 0 } }
                on:
                  Placed: { upsert: { increment: { orders: 1 } } }
            """
        try expectFragment(
            projections: projection, in: "projections",
            """
                        public var consistency: CQRS.ProjectionConsistency { .inline }
            """)
        let async = try fragmentOutput(
            projections: projection.replacingOccurrences(of: "consistency: inline", with: "consistency: async"),
            in: "projections")
        #expect(!async.contents.contains("ProjectionConsistency"))
    }

    @Test("A constrained identifier is checked by every command's validate, which violations name it by")
    func constrainedIdentifier() throws {
        let aggregate = #"id: { type: String, minLength: 1, pattern: "^[A-Z]+$" }"#
        try expectFragment(
            aggregate: aggregate, in: "aggregates",
            """
            public static var commandName: Swift.String { "Touch" }
            public static var aggregateIDField: Swift.String { "orderId" }
            """)
        try expectFragment(
            aggregate: aggregate, in: "aggregates",
            """
            public func validate(path: Swift.String, into violations: inout [CQRS.ConstraintViolation]) {
                do {
                    let value = self.orderId
                    CQRS.Constraints.minLength(value, 1, field: path + "orderId", into: &violations)
                    CQRS.Constraints.pattern(value, Self._orderIdPattern, field: path + "orderId", into: &violations)
                }
            }
            """)
    }

    @Test("A UUIDv7 aggregate's identifier is a UUID, and a creating command's default is time-ordered")
    func timeOrderedIdentifier() throws {
        try expectFragment(
            aggregate: "id: UUIDv7", in: "aggregates",
            """
            orderId: Shop.Order.ID = Foundation.UUID.timeOrdered(),
            """)
        try expectFragment(
            aggregate: "id: UUIDv7", in: "aggregates",
            """
            public typealias ID = Foundation.UUID
            """)
    }

    @Test("An enum with whole-number raw values is an Int enum stored as its numbers")
    func rawValueEnum() throws {
        try expectFragment(
            types: "Priority: { cases: { low: 1, urgent: 8 } }", in: "types",
            """
            public enum Priority: Swift.Int, Swift.Sendable, Swift.Codable, Swift.Hashable, Swift.CaseIterable, CQRS.PayloadValue {
                case low = 1
                case urgent = 8
            }
            """)
        try expectFragment(
            types: "Priority: { cases: { low: 1, urgent: 8 } }", in: "types",
            """
            public var columnValue: CQRS.ColumnValue { .int(Swift.Int64(rawValue)) }
            """)
        try expectFragment(
            types: "Channel: { cases: { email: E } }", in: "types",
            """
            public enum Channel: Swift.String, Swift.Sendable, Swift.Codable, Swift.Hashable, Swift.CaseIterable, CQRS.PayloadValue {
                case email = "E"
            }
            """)
    }

    @Test("A tagged union is an enum of structs, written as its case holding the case's fields")
    func taggedUnion() throws {
        let types = "Reply: { cases: { fromAgent: { fields: { agent: String } }, closed: {} } }"
        try expectFragment(
            types: types, in: "types",
            """
            public enum Reply: Swift.Sendable, Swift.Codable, Swift.Hashable, CQRS.FieldEncodable {
                case fromAgent(FromAgent)
                case closed(Closed)
            """)
        try expectFragment(
            types: types, in: "types",
            """
            if let value: FromAgent = try fields.valueIfPresent("fromAgent") {
                self = .fromAgent(value)
                return
            }
            """)
        try expectFragment(
            types: types, in: "types",
            """
            case .fromAgent(let value): try fields.field("fromAgent", value)
            """)
    }

    @Test("Internal access declares everything internal")
    func internalAccess() throws {
        try expectFragment(
            types: "Level: { cases: [low] }", in: "types", access: .internal,
            """
            internal enum Level: Swift.String, Swift.Sendable, Swift.Codable, Swift.Hashable, Swift.CaseIterable, CQRS.PayloadValue {
            """)
    }
}

/// The spec of a fragment test: domain `Shop`, an aggregate `Order` whose command `Place` creates a
/// stream and emits `Placed`, and the sections given.
func fragmentSpec(
    types: String?,
    aggregate: String?,
    events: String?,
    projections: String?,
    queries: String?,
    reactions: String? = nil
) -> String {
    var text = "cqrs: 1\ndomain: Shop\n"
    if let types { text += "types:\n  \(types)\n" }
    text += """
        aggregates:
          Order:
            \(aggregate ?? "state: {}")
            commands:
              Place: { creates: true, fields: { note: String }, emits: [Placed] }
              Touch: { emits: [Touched] }
              Drop: { emits: [Dropped] }
            events:
              \(events ?? "Placed: { fields: { note: String } }")
              Touched: {}
              Dropped: {}

        """
    if let projections { text += "projections:\n  \(projections)\n" }
    if let queries { text += "queries:\n  \(queries)\n" }
    if let reactions { text += "reactions:\n  \(reactions)\n" }
    return text
}

/// Generates the fragment spec and expects `fragment`'s lines, indentation aside, as consecutive
/// lines of the output file named `file` (`types`, `aggregates`, `projections`, `queries`,
/// `application`, `http`).
func expectFragment(
    types: String? = nil,
    aggregate: String? = nil,
    events: String? = nil,
    projections: String? = nil,
    queries: String? = nil,
    reactions: String? = nil,
    in file: String,
    access: AccessLevel = .public,
    _ fragment: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
    let output = try fragmentOutput(
        types: types, aggregate: aggregate, events: events, projections: projections, queries: queries,
        reactions: reactions, in: file, access: access, sourceLocation: sourceLocation)
    func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.drop { $0 == " " }
        }
    }
    let expected = lines(fragment)
    let actual = lines(output.contents)
    let found =
        actual.count >= expected.count
        && (0...(actual.count - expected.count)).contains { start in
            actual[start..<(start + expected.count)].elementsEqual(expected)
        }
    #expect(
        found, "the fragment is not in \(output.name):\n\(fragment)\n--- \(output.name):\n\(output.contents)",
        sourceLocation: sourceLocation)
}

/// Generates the fragment spec and returns the output file named `file`.
func fragmentOutput(
    types: String? = nil,
    aggregate: String? = nil,
    events: String? = nil,
    projections: String? = nil,
    queries: String? = nil,
    reactions: String? = nil,
    in file: String,
    access: AccessLevel = .public,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> GeneratedFile {
    let yaml = fragmentSpec(
        types: types, aggregate: aggregate, events: events, projections: projections, queries: queries,
        reactions: reactions)
    let result = SpecLoader().load(contents: yaml, path: "fragment.cqrs.yaml")
    let errors = result.diagnostics.filter { $0.severity == .error }
    try #require(errors.isEmpty, "the fragment spec is invalid: \(errors)\n\(yaml)", sourceLocation: sourceLocation)
    let spec = try #require(result.spec, sourceLocation: sourceLocation)
    let files = try CodeGenerator(access: access, http: true).generate(spec)
    return try #require(
        files.first { $0.name == "fragment.\(file).swift" }, "no file \(file)", sourceLocation: sourceLocation)
}
