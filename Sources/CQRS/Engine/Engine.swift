import Logging
import ServiceLifecycle

/// The runtime in one object: the command processor, one runner per projection and per reaction, and
/// typed readers.
/// The generated `Application` wraps one.
///
/// ```swift
/// let engine = try Engine(eventStore: InMemoryEventStore(), readStore: InMemoryReadStore(),
///                     projections: [Shop.UserOrders.Projection(UserOrdersHandler())])
/// try await engine.withProjectionsRunning {
///     let receipt = try await engine.commands.handle(…)
///     try await engine.waitUntil(projection: "UserOrders", hasProcessed: receipt.position, timeout: .seconds(5))
///     let order = try await engine.reader(Shop.UserOrders.self).row(key: [.uuid(id)])
/// }
/// ```
public final class Engine: Sendable {
    /// The event store.
    public let eventStore: any EventStore
    /// The read store.
    public let readStore: any ReadStore
    /// The command processor.
    public let commands: CommandProcessor
    /// One runner per projection, in the order given.
    public let runners: [ProjectionRunner]
    let runnersByName: [String: ProjectionRunner]
    /// One runner per reaction, in the order given.
    public let reactionRunners: [ReactionRunner]
    let reactionRunnersByName: [String: ReactionRunner]
    private let logger: Logger
    /// The commits of this process's runners and inline appends, by read model, for watched queries.
    let changes: ReadModelChangeFeed

    /// Creates an engine; projections run once ``run()`` (or a service group) runs them.
    ///
    /// - Throws: ``EngineError/inlineProjectionWithoutSharedTransaction(projection:eventStore:readStore:)``
    ///   when a projection is inline and the read store is not in the event store's database;
    ///   ``EngineError/duplicateReaction(_:)`` when two reactions share a name.
    public init(
        eventStore: any EventStore,
        readStore: any ReadStore,
        projections: [any ReadModelProjection],
        reactions: [any EventReaction] = [],
        configuration: EngineConfiguration = .init(),
        logger: Logger = Logger(label: "cqrs")
    ) throws {
        let configuration = configuration.resolved
        self.eventStore = eventStore
        self.readStore = readStore
        self.logger = logger
        var commandLogger = logger
        commandLogger[metadataKey: "component"] = "commands"
        let changes = ReadModelChangeFeed()
        self.changes = changes
        let inline = try InlineProjections(
            projections, eventStore: eventStore, readStore: readStore, changes: changes)
        self.commands = CommandProcessor(
            eventStore: eventStore,
            readStore: readStore,
            configuration: configuration.commands,
            logger: commandLogger,
            inline: inline,
            changes: changes
        )
        let runners = projections.map { projection in
            var runnerLogger = logger
            runnerLogger[metadataKey: "projection"] = "\(projection.name)"
            return ProjectionRunner(
                projection: projection,
                eventStore: eventStore,
                readStore: readStore,
                configuration: configuration.projections,
                logger: runnerLogger,
                inline: projection.consistency == .inline ? inline : nil,
                changes: changes
            )
        }
        self.runners = runners
        self.runnersByName = Dictionary(runners.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var reactionNames = Set<String>()
        for reaction in reactions where !reactionNames.insert(reaction.name).inserted {
            throw EngineError.duplicateReaction(reaction.name)
        }
        let commands = self.commands
        let reactionRunners = reactions.map { reaction in
            var reactionLogger = logger
            reactionLogger[metadataKey: "reaction"] = "\(reaction.name)"
            return ReactionRunner(
                delivery: ReactionDelivery(reaction), commands: commands, readStore: readStore,
                configuration: configuration.reactions, logger: reactionLogger)
        }
        self.reactionRunners = reactionRunners
        // Names are unique: checked above.
        self.reactionRunnersByName = Dictionary(uniqueKeysWithValues: reactionRunners.map { ($0.name, $0) })
    }

    /// A typed reader of a read model.
    public func reader<Row: ReadModelRow>(_ row: Row.Type) -> ReadModelReader<Row> {
        ReadModelReader(store: readStore)
    }

    /// The runner of a projection.
    public func runner(_ projection: String) throws -> ProjectionRunner {
        guard let runner = runnersByName[projection] else { throw EngineError.unknownProjection(projection) }
        return runner
    }

    /// The runner of a reaction.
    public func reactionRunner(_ reaction: String) throws -> ReactionRunner {
        guard let runner = reactionRunnersByName[reaction] else { throw EngineError.unknownReaction(reaction) }
        return runner
    }

    /// What a reaction's runner is doing.
    ///
    /// - Throws: ``EngineError/unknownReaction(_:)`` for a name the engine was not given.
    public func status(ofReaction reaction: String) throws -> ReactionStatus {
        try reactionRunner(reaction).status
    }

    /// Returns when the reaction has delivered `position` (a receipt's position).
    ///
    /// - Throws: ``ReactionTimeout`` when `timeout` passes first; the ``ReactionFailure`` when it has failed;
    ///   ``EngineError/unknownReaction(_:)``.
    public func waitUntil(reaction: String, hasProcessed position: Int64, timeout: Duration) async throws {
        try await reactionRunner(reaction).waitUntilProcessed(position, timeout: timeout)
    }

    /// Returns when every projection and reaction has processed the whole log and the log stopped growing:
    /// the commands reactions sent, the events those appended, and the reactions to those, all done. The
    /// way a test or a tool waits for a workflow to finish. It waits for this engine's runners: run it
    /// where the projections and reactions run (a process whose runners wait for another's lease never
    /// settles).
    ///
    /// ```swift
    /// try await bank.send(Bank.RequestTransfer(transferId: id, from: a, to: b, amountCents: 500))
    /// try await bank.engine.waitUntilSettled(timeout: .seconds(5))
    /// ```
    ///
    /// - Throws: ``ReadYourWritesTimeout`` or ``ReactionTimeout`` when `timeout` passes first (for the
    ///   whole wait, not each round); a ``ProjectionFailure`` or ``ReactionFailure``.
    public func waitUntilSettled(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var head = try await eventStore.headPosition()
        while true {
            let left = deadline - .now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for runner in runners {
                    let position = runner.isInline ? ProjectionConsistency.liveCheckpoint : head
                    group.addTask { try await runner.waitUntilProcessed(position, timeout: left) }
                }
                for runner in reactionRunners {
                    group.addTask { [head] in try await runner.waitUntilProcessed(head, timeout: left) }
                }
                try await group.waitForAll()
            }
            try await eventStore.waitUntilReadable(through: head)
            let after = try await eventStore.headPosition()
            if after == head { return }
            head = after
        }
    }

    /// Read-your-writes: returns when the projection has committed `position` (a receipt's position).
    ///
    /// - Throws: ``ReadYourWritesTimeout`` when `timeout` passes first; the projection's
    ///   ``ProjectionFailure`` when it has failed; ``EngineError/unknownProjection(_:)``.
    public func waitUntil(projection: String, hasProcessed position: Int64, timeout: Duration) async throws {
        try await runner(projection).waitUntilProcessed(position, timeout: timeout)
    }

    /// Returns when every projection has committed everything appended before the call, and every inline
    /// projection is live: the way to read your writes without a receipt (after a batch of commands, or
    /// another process's writes).
    ///
    /// ```swift
    /// try await shop.engine.waitUntilCaughtUp(timeout: .seconds(5))
    /// ```
    ///
    /// - Throws: ``ReadYourWritesTimeout`` for the first projection still behind when `timeout` passes (it
    ///   says so when the projections are not running); a projection's ``ProjectionFailure``.
    public func waitUntilCaughtUp(timeout: Duration) async throws {
        let head = try await eventStore.headPosition()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for runner in runners {
                let position = runner.isInline ? ProjectionConsistency.liveCheckpoint : head
                group.addTask { try await runner.waitUntilProcessed(position, timeout: timeout) }
            }
            try await group.waitForAll()
        }
    }

    /// Returns when the projection of `Row`'s read model has committed everything appended before the call
    /// (at once for a live inline one): after a restart, a test or a tool waits for the one model it reads.
    ///
    /// ```swift
    /// try await engine.waitUntilCaughtUp(Shop.UserOrders.self)
    /// ```
    ///
    /// - Throws: ``EngineError/unknownProjection(_:)``; ``ReadYourWritesTimeout`` when `timeout` passes
    ///   first; the projection's ``ProjectionFailure``.
    public func waitUntilCaughtUp<Row: ReadModelRow>(_ row: Row.Type, timeout: Duration = .seconds(10)) async throws {
        let runner = try runner(Row.schema.name)
        let position = runner.isInline ? ProjectionConsistency.liveCheckpoint : try await eventStore.headPosition()
        try await runner.waitUntilProcessed(position, timeout: timeout)
    }

    /// The projection and reaction runners, for a `ServiceGroup`.
    public var services: [any Service] { runners + reactionRunners }

    /// Runs every projection and reaction runner until the task is cancelled.
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for runner in runners {
                group.addTask { try await runner.run() }
            }
            for runner in reactionRunners {
                group.addTask { try await runner.run() }
            }
        }
    }

    /// Runs the projections and reactions while `body` runs, then stops them. `body` starts once every inline projection
    /// is live (it has caught up with the log, and each append applies it from then on), so that a query
    /// right after a command sees the command's rows.
    ///
    /// - Throws: an inline projection's ``ProjectionFailure`` when it fails before it is live; what `body`
    ///   throws.
    public func withProjectionsRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            defer { group.cancelAll() }
            for runner in runners where runner.isInline { try await runner.waitUntilLive() }
            return try await body()
        }
    }

    /// Drops a projection's read model and replays the log into it; returns when it has caught up.
    public func rebuild(projection: String) async throws {
        try await runner(projection).rebuild()
    }

    /// Drops the read models of several projections and replays the log into them together; returns when
    /// all have caught up.
    ///
    /// The log is read once for all of them (each page with every projection's event types), and each
    /// event's payload is decoded once for all the projections that read it. Each projection still commits
    /// on its own, so one that fails stops alone: the others finish, then the first failure is thrown.
    ///
    /// ```swift
    /// try await shop.engine.rebuild(projections: ["UserOrders", "SalesDashboard"])
    /// ```
    ///
    /// - Throws: ``EngineError/unknownProjection(_:)`` for a name the engine was not given (before anything
    ///   is dropped); the first ``ProjectionFailure``.
    public func rebuild(projections names: [String]) async throws {
        var seen = Set<String>()
        let runners = try names.filter { seen.insert($0).inserted }.map(runner)
        guard runners.count > 1 else {
            try await runners.first?.rebuild()
            return
        }
        try await eventStore.waitUntilReadable(through: try await eventStore.headPosition())
        let pages = SharedLogPages(
            store: eventStore, eventTypes: runners.reduce(into: Set()) { $0.formUnion($1.projection.eventTypes) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for runner in runners {
                group.addTask { try await runner.rebuild(sharing: pages) }
            }
            var firstFailure: (any Error)?
            while let result = await group.nextResult() {
                if case .failure(let error) = result, firstFailure == nil { firstFailure = error }
            }
            if let firstFailure { throw firstFailure }
        }
    }

    /// Rebuilds every projection together (``rebuild(projections:)``).
    public func rebuildAll() async throws {
        try await rebuild(projections: runners.map(\.name))
    }

    /// What a projection's runner is doing.
    ///
    /// - Throws: ``EngineError/unknownProjection(_:)`` for a name the engine was not given.
    public func status(of projection: String) throws -> ProjectionStatus {
        try runner(projection).status
    }
}
