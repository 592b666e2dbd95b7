import CQRS
import CQRSTestSupport
import Foundation
import InMemoryTracing
import Testing
import Tracing

/// The spans of commands, projection batches and reaction deliveries, and the trace context the events
/// carry in their metadata. Each test gives its own `InMemoryTracer` in the configuration (the global
/// `InstrumentationSystem` is bootstrapped once per process, and stays the no-op tracer here).
@Suite("Tracing", .timeLimit(.minutes(1)))
struct TracingTests {
    let eventStore = InMemoryEventStore()
    let readStore = InMemoryReadStore()
    let tracer = InMemoryTracer()
    let timeout = Duration.seconds(30)

    func processor(tracer: (any Tracer)?) -> CommandProcessor {
        CommandProcessor(eventStore: eventStore, configuration: .init(tracer: tracer))
    }

    func spans(named name: String) -> [FinishedInMemorySpan] {
        tracer.finishedSpans.filter { $0.operationName == name }
    }

    @Test func aCommandHasASpanChildOfTheCallersAndItsEventsCarryItsContext() async throws {
        let processor = processor(tracer: tracer)
        let command = Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12)
        let commandID = UUID()
        let (receipt, request) = try await tracer.withSpan("request") { request in
            (try await processor.send(command, options: .init(commandID: commandID)), request.spanContext)
        }

        let span = try #require(spans(named: "command PlaceOrder").first)
        #expect(span.traceID == request.traceID)
        #expect(span.parentSpanID == request.spanID)
        #expect(span.attributes.get("cqrs.command") == .string("PlaceOrder"))
        #expect(span.attributes.get("cqrs.aggregate") == .string("Order"))
        #expect(span.attributes.get("cqrs.stream_id") == .string(receipt.streamID.description))
        #expect(span.attributes.get("cqrs.command_id") == .string(commandID.uuidString))
        #expect(span.attributes.get("cqrs.version") == .int64(1))
        #expect(span.attributes.get("cqrs.position") == .int64(receipt.position))
        #expect(span.attributes.get("cqrs.event_count") == .int64(1))
        #expect(span.attributes.get("cqrs.is_duplicate") == .bool(false))
        #expect(span.status == nil && span.errors.isEmpty)

        let decide = try #require(spans(named: "decide").first)
        #expect(decide.parentSpanID == span.spanID)
        #expect(decide.attributes.get("cqrs.event_count") == .int64(1))
        let append = try #require(spans(named: "append").first)
        #expect(append.parentSpanID == span.spanID)
        #expect(append.attributes.get("cqrs.expected_version") == .int64(0))
        #expect(append.attributes.get("cqrs.position") == .int64(receipt.position))

        let events = try await eventStore.readStream(receipt.streamID)
        #expect(events.count == 1)
        for event in events {
            #expect(event.metadata[InMemoryTracer.traceIDKey] == request.traceID)
            #expect(event.metadata[InMemoryTracer.spanIDKey] == span.spanID)
        }

        // A resend: the first receipt, marked as a duplicate.
        _ = try await processor.send(command, options: .init(commandID: commandID))
        let resent = try #require(spans(named: "command PlaceOrder").last)
        #expect(resent.attributes.get("cqrs.is_duplicate") == .bool(true))
    }

    @Test func aRefusedCommandsSpanRecordsTheError() async throws {
        let processor = processor(tracer: tracer)
        await #expect(throws: (any Error).self) {
            try await processor.send(Shop.PayOrder(orderId: UUID(), amountUSD: 12))
        }
        let span = try #require(spans(named: "command PayOrder").first)
        #expect(span.status?.code == .error)
        #expect(span.errors.count == 1)
        #expect(span.errors.first?.error is CommandError)
    }

    @Test func aReactionsDeliveryContinuesTheTraceOfTheCommandThroughTheCommandsItSends() async throws {
        let engine = try Engine(
            eventStore: eventStore, readStore: readStore, projections: [], reactions: [CountOrders()],
            configuration: .init(tracer: tracer))
        try await engine.withProjectionsRunning {
            let receipt = try await tracer.withSpan("request") { _ in
                try await engine.commands.handle(
                    Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12), with: orderDefinition)
            }
            try await engine.waitUntil(reaction: "CountOrders", hasProcessed: receipt.position, timeout: timeout)
        }
        let request = try #require(spans(named: "request").first)
        let placed = try #require(spans(named: "command PlaceOrder").first)
        let delivery = try #require(spans(named: "reaction CountOrders").first)
        let sent = try #require(spans(named: "command AdHocCreate").first)
        #expect(placed.parentSpanID == request.spanID)
        // The delivery continues the trace the event carries, as a child of the command that appended it.
        #expect(delivery.traceID == request.traceID)
        #expect(delivery.parentSpanID == placed.spanID)
        #expect(delivery.kind == .consumer)
        #expect(delivery.attributes.get("cqrs.reaction") == .string("CountOrders"))
        #expect(delivery.attributes.get("cqrs.event_type") == .string(Shop.OrderPlaced.eventType))
        #expect(delivery.attributes.get("cqrs.position") == .int64(1))
        #expect(delivery.attributes.get("cqrs.attempt") == .int64(1))
        // The command it sends is its child, and that command's events carry the same trace.
        #expect(sent.traceID == request.traceID)
        #expect(sent.parentSpanID == delivery.spanID)
        let events = try await eventStore.readStream(StreamID(category: "Tally", id: "ada"))
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.metadata[InMemoryTracer.traceIDKey] == request.traceID)
        #expect(event.metadata[InMemoryTracer.spanIDKey] == sent.spanID)
        #expect(event.metadata[ReactionMetadata.reaction] == "CountOrders")
    }

    @Test func aProjectionBatchHasASpanLinkedToItsEventsContexts() async throws {
        let processor = processor(tracer: tracer)
        for user in ["ada", "bob", "cy"] {
            try await processor.send(Shop.PlaceOrder(userId: user, items: ["book"], totalUSD: 12))
        }
        let engine = try Engine(
            eventStore: eventStore, readStore: readStore, projections: [PlacedCount.Projection()],
            configuration: .init(projections: .init(batchSize: 2, tracer: tracer)))
        try await engine.withProjectionsRunning {
            try await engine.waitUntil(projection: "PlacedCount", hasProcessed: 3, timeout: timeout)
        }
        let batches = spans(named: "projection PlacedCount")
        #expect(batches.count == 2)
        let first = try #require(batches.first)
        #expect(first.attributes.get("cqrs.projection") == .string("PlacedCount"))
        #expect(first.attributes.get("cqrs.event_count") == .int64(2))
        #expect(first.attributes.get("cqrs.from_position") == .int64(1))
        #expect(first.attributes.get("cqrs.to_position") == .int64(2))
        #expect(batches.last?.attributes.get("cqrs.from_position") == .int64(3))
        let commands = spans(named: "command PlaceOrder")
        #expect(first.links.count == 2)
        #expect(
            first.links.compactMap { $0.context.inMemorySpanContext?.spanID }
                == commands.prefix(2).map(\.spanID))
    }

    @Test func withoutATracerNothingIsTracedNorInjected() async throws {
        // The global tracer is the no-op one: the processor holds none, and the metadata stays as given.
        #expect(InstrumentationSystem.tracer is NoOpTracer)
        let processor = processor(tracer: nil)
        let receipt = try await tracer.withSpan("request") { _ in
            try await processor.send(
                Shop.PlaceOrder(userId: "ada", items: ["book"], totalUSD: 12),
                options: .init(metadata: ["user": "ada"]))
        }
        let events = try await eventStore.readStream(receipt.streamID)
        #expect(events.map(\.metadata) == [["user": "ada"]])
        #expect(spans(named: "command PlaceOrder").isEmpty)
        #expect(tracer.performedContextInjections.isEmpty)
        // A tracer given explicitly as the no-op one is no tracer either.
        let noOp = CommandProcessor(eventStore: eventStore, configuration: .init(tracer: NoOpTracer()))
        let second = try await noOp.send(Shop.PlaceOrder(userId: "bob", items: ["book"], totalUSD: 12))
        #expect(try await eventStore.readStream(second.streamID).map(\.metadata) == [[:]])
    }
}

/// Counts each user's orders in a tally of theirs: a reaction that sends a hand-written command.
private struct CountOrders: EventReaction {
    typealias Command = AdHocCommand<TallyV1, Tally.Emits, CreatesStream>

    var name: String { "CountOrders" }
    var eventTypes: Set<String> { [Shop.OrderPlaced.eventType] }
    var start: ReactionStart { .beginning }

    func react(to event: RecordedEvent) async throws -> [Command] {
        let placed = try EventPayload.decode(Shop.OrderPlaced.self, from: event)
        return [AdHocCommand(placed.userId, CreatesStream.self) { _, _ in [.added(.init(amount: 1))] }]
    }

    func send(_ command: Command, through processor: CommandProcessor, options: CommandOptions) async throws
        -> CommandOutcome
    {
        try await processor.submit(command, with: TallyV1(), options: options)
    }

    func name(of command: Command) -> String { Command.commandName }
}
