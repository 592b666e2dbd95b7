import Foundation
import Synchronization
import Tracing

// Distributed tracing of the runtime, in one place: a span per command (with child spans `decide` and
// `append`), per projection batch and per reaction delivery, and the trace context carried in the events'
// metadata from a command to the reactions that read its events.
//
// With no tracer configured (swift-distributed-tracing's `NoOpTracer`, the default), the processor and the
// runners hold `nil` and skip all of it: one `nil` check per command, batch or delivery, and no attribute,
// string or metadata copy.

/// Writes a trace context into an event's metadata (a `[String: String]`), as `Instrument.inject` does into
/// HTTP headers: what a command does with the span it is handled in, so that every event it appends carries
/// the context (`traceparent` with a W3C propagator).
///
/// ```swift
/// var metadata: [String: String] = [:]
/// InstrumentationSystem.instrument.inject(context, into: &metadata, using: EventMetadataInjector())
/// ```
public struct EventMetadataInjector: Injector {
    /// Creates an injector.
    public init() {}

    /// Sets `key` to `value`.
    public func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}

/// Reads a trace context from an event's metadata (``RecordedEvent/metadata``): what a reaction does with
/// the event it delivers, so that its span continues the trace of the command that appended the event.
///
/// ```swift
/// var context = ServiceContext.topLevel
/// InstrumentationSystem.instrument.extract(event.metadata, into: &context, using: EventMetadataExtractor())
/// ```
public struct EventMetadataExtractor: Extractor {
    /// Creates an extractor.
    public init() {}

    /// The value of `key`, if any.
    public func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key]
    }
}

/// The names of the span attributes the runtime sets.
enum TraceAttribute {
    static let command = "cqrs.command"
    static let aggregate = "cqrs.aggregate"
    static let streamID = "cqrs.stream_id"
    static let commandID = "cqrs.command_id"
    static let correlationID = "cqrs.correlation_id"
    static let expectedVersion = "cqrs.expected_version"
    static let version = "cqrs.version"
    static let position = "cqrs.position"
    static let eventCount = "cqrs.event_count"
    static let isDuplicate = "cqrs.is_duplicate"
    static let stateIsStored = "cqrs.state_is_stored"
    static let projection = "cqrs.projection"
    static let fromPosition = "cqrs.from_position"
    static let toPosition = "cqrs.to_position"
    static let reaction = "cqrs.reaction"
    static let eventType = "cqrs.event_type"
    static let eventID = "cqrs.event_id"
    static let attempt = "cqrs.attempt"
}

enum CQRSTracing {
    /// The tracer the runtime reports to: `configured`, else the bootstrapped one; `nil` when that is the
    /// no-op tracer, so that callers skip tracing with one check.
    static func tracer(_ configured: (any Tracer)?) -> (any Tracer)? {
        let tracer = configured ?? InstrumentationSystem.tracer
        return tracer is NoOpTracer ? nil : tracer
    }

    /// The context a carrier of metadata holds, on top of `base`, and the metadata keys the tracer looked
    /// up that the metadata has (the trace context's keys: a command sent while delivering the event
    /// replaces them by its own).
    static func extract(
        _ metadata: [String: String], tracer: any Tracer, into base: ServiceContext = .topLevel
    ) -> (context: ServiceContext, keys: [String]) {
        var context = base
        let extractor = KeyRecordingExtractor()
        tracer.extract(metadata, into: &context, using: extractor)
        return (context, extractor.keys)
    }

    /// Marks a span as failed with `error`.
    static func fail(_ span: any Span, with error: any Error) {
        span.recordError(error)
        span.setStatus(SpanStatus(code: .error, message: "\(error)"))
    }

    /// Ends a span as failed with `error`.
    static func end(_ span: any Span, failing error: any Error) {
        fail(span, with: error)
        span.end()
    }

    /// The span of one projection batch, its events' trace contexts linked (at most `maxLinks`).
    static func startBatch(
        _ tracer: any Tracer, projection: String, events: [RecordedEvent], after: Int64, through: Int64
    ) -> any Span {
        let span = tracer.startSpan("projection \(projection)", context: ServiceContext.topLevel, ofKind: .consumer)
        var attributes = SpanAttributes()
        attributes.set(TraceAttribute.projection, value: .string(projection))
        attributes.set(TraceAttribute.eventCount, value: .int64(Int64(events.count)))
        attributes.set(TraceAttribute.fromPosition, value: .int64(after + 1))
        attributes.set(TraceAttribute.toPosition, value: .int64(through))
        span.attributes.merge(attributes)
        var linked = 0
        for event in events where !event.metadata.isEmpty {
            guard linked < maxLinks else { break }
            let (context, keys) = extract(event.metadata, tracer: tracer)
            guard !keys.isEmpty else { continue }
            span.addLink(
                SpanLink(
                    context: context,
                    attributes: [TraceAttribute.eventID: .string(event.eventID.uuidText)]))
            linked += 1
        }
        return span
    }

    /// The most events' contexts a projection batch's span links to.
    static let maxLinks = 32
}

/// An extractor that remembers which of the keys the tracer asked for the metadata has.
private final class KeyRecordingExtractor: Extractor, Sendable {
    private let found = Mutex<[String]>([])

    var keys: [String] { found.withLock { $0 } }

    func extract(key: String, from carrier: [String: String]) -> String? {
        guard let value = carrier[key] else { return nil }
        found.withLock { $0.append(key) }
        return value
    }
}

/// The span of one command, as the processor handles it: `nil` (and nothing traced) without a tracer.
@usableFromInline
final class CommandTrace: Sendable {
    let tracer: any Tracer
    let span: any Span

    init(tracer: any Tracer, span: any Span) {
        self.tracer = tracer
        self.span = span
    }

    /// Handles a command in a span `command NAME`, a child of the caller's (`ServiceContext.current`): its
    /// context is injected into the options' metadata (so every event the command appends carries it), and
    /// `body` runs with it bound. The outcome's attributes are set when `body` returns, its error recorded
    /// when it throws.
    @usableFromInline
    static func handle<State: Sendable>(
        _ tracer: any Tracer,
        command: String,
        aggregate: String,
        stream: StreamID,
        options: CommandOptions,
        _ body: (CommandTrace, CommandOptions) async throws -> HandledCommand<State>
    ) async throws -> HandledCommand<State> {
        let span = tracer.startSpan("command \(command)", context: ServiceContext.current ?? .topLevel)
        defer { span.end() }
        var attributes = SpanAttributes()
        attributes.set(TraceAttribute.command, value: .string(command))
        attributes.set(TraceAttribute.aggregate, value: .string(aggregate))
        attributes.set(TraceAttribute.streamID, value: .string(stream.description))
        attributes.set(TraceAttribute.commandID, value: .string(options.commandID.uuidText))
        attributes.set(
            TraceAttribute.correlationID, value: .string((options.correlationID ?? options.commandID).uuidText))
        if let expected = options.expectedVersion {
            attributes.set(TraceAttribute.expectedVersion, value: .int64(expected))
        }
        span.attributes.merge(attributes)
        var options = options
        tracer.inject(span.context, into: &options.metadata, using: EventMetadataInjector())
        let trace = CommandTrace(tracer: tracer, span: span)
        do {
            let handled = try await ServiceContext.withValue(span.context) { try await body(trace, options) }
            let receipt = handled.receipt
            var outcome = SpanAttributes()
            outcome.set(TraceAttribute.version, value: .int64(receipt.version))
            outcome.set(TraceAttribute.position, value: .int64(receipt.position))
            outcome.set(TraceAttribute.eventCount, value: .int64(Int64(receipt.eventCount)))
            outcome.set(TraceAttribute.isDuplicate, value: .bool(receipt.isDuplicate))
            span.attributes.merge(outcome)
            return handled
        } catch {
            CQRSTracing.fail(span, with: (error as? DecideFailure)?.error ?? error)
            throw error
        }
    }

    /// Runs the aggregate's `decide` in a child span `decide`.
    @usableFromInline
    func decide<E>(version: Int64, stateIsStored: Bool, _ body: () throws -> [E]) rethrows -> [E] {
        let child = tracer.startSpan("decide", context: span.context)
        defer { child.end() }
        var attributes = SpanAttributes()
        attributes.set(TraceAttribute.version, value: .int64(version))
        attributes.set(TraceAttribute.stateIsStored, value: .bool(stateIsStored))
        do {
            let events = try body()
            attributes.set(TraceAttribute.eventCount, value: .int64(Int64(events.count)))
            child.attributes.merge(attributes)
            return events
        } catch {
            child.attributes.merge(attributes)
            CQRSTracing.fail(child, with: error)
            throw error
        }
    }

    /// Appends in a child span `append` (a conflict is recorded on it, and retried by the caller).
    @usableFromInline
    func append(_ request: AppendRequest, _ body: (AppendRequest) async throws -> AppendResult) async throws
        -> AppendResult
    {
        let child = tracer.startSpan("append", context: span.context, ofKind: .client)
        defer { child.end() }
        var attributes = SpanAttributes()
        attributes.set(TraceAttribute.eventCount, value: .int64(Int64(request.events.count)))
        if case .exact(let version) = request.expectedVersion {
            attributes.set(TraceAttribute.expectedVersion, value: .int64(version))
        } else if case .noStream = request.expectedVersion {
            attributes.set(TraceAttribute.expectedVersion, value: .int64(0))
        }
        do {
            let result = try await ServiceContext.withValue(child.context) { try await body(request) }
            attributes.set(TraceAttribute.version, value: .int64(result.version))
            attributes.set(TraceAttribute.position, value: .int64(result.position))
            attributes.set(TraceAttribute.isDuplicate, value: .bool(result.isDuplicate))
            child.attributes.merge(attributes)
            return result
        } catch {
            child.attributes.merge(attributes)
            CQRSTracing.fail(child, with: error)
            throw error
        }
    }
}
