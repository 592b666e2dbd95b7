import CoreMetrics
import Synchronization

/// The metrics of one (aggregate, command) pair.
@usableFromInline
struct CommandMetrics: Sendable {
    @usableFromInline let handled: Counter
    @usableFromInline let rejected: Counter
    @usableFromInline let conflicted: Counter
    @usableFromInline let retries: Counter
    @usableFromInline let failed: Counter
    @usableFromInline let appended: Counter
    @usableFromInline let duration: CoreMetrics.Timer

    init(aggregate: String, command: String, factory: any MetricsFactory) {
        let dimensions = [("aggregate", aggregate), ("command", command)]
        handled = Counter(label: "cqrs_commands_handled_total", dimensions: dimensions, factory: factory)
        rejected = Counter(label: "cqrs_commands_rejected_total", dimensions: dimensions, factory: factory)
        conflicted = Counter(label: "cqrs_commands_conflicted_total", dimensions: dimensions, factory: factory)
        retries = Counter(label: "cqrs_command_conflict_retries_total", dimensions: dimensions, factory: factory)
        failed = Counter(label: "cqrs_commands_failed_total", dimensions: dimensions, factory: factory)
        appended = Counter(label: "cqrs_events_appended_total", dimensions: dimensions, factory: factory)
        duration = CoreMetrics.Timer(
            label: "cqrs_command_duration_seconds",
            dimensions: dimensions,
            preferredDisplayUnit: .seconds,
            factory: factory
        )
    }
}

/// Creates each pair's metrics once. A handful of pairs per application: a linear scan comparing the
/// (usually identical literal) strings is cheaper than hashing them.
@usableFromInline
final class CommandMetricsRegistry: Sendable {
    private struct Entry {
        var aggregate: String
        var command: String
        var metrics: CommandMetrics
    }

    private let factory: any MetricsFactory
    private let entries = Mutex<[Entry]>([])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    @usableFromInline
    func metrics(aggregate: String, command: String) -> CommandMetrics {
        entries.withLock { entries in
            for entry in entries where entry.command == command && entry.aggregate == aggregate {
                return entry.metrics
            }
            let created = CommandMetrics(aggregate: aggregate, command: command, factory: factory)
            entries.append(Entry(aggregate: aggregate, command: command, metrics: created))
            return created
        }
    }
}
