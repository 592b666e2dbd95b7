import CQRS
import Foundation
import PostgresNIO

extension Database {
    /// Runs a batch of appends in calls of the schema's `append_committed` procedure (each one transaction,
    /// committed before it answers), as ``transactions(eventCounts:limit:)`` splits it. One result per
    /// request, in order.
    func append(_ requests: [AppendRequest]) async -> [Result<AppendResult, any Error>] {
        let limit = PostgresSchema.maximumEventsPerTransaction
        var results: [Result<AppendResult, any Error>] = []
        results.reserveCapacity(requests.count)
        for step in Self.transactions(eventCounts: requests.map(\.events.count), limit: limit) {
            switch step {
            case .transaction(let range):
                results += await appendTransaction(Array(requests[range]))
            case .tooLarge(let index):
                let count = requests[index].events.count
                results.append(
                    .failure(
                        PostgresStoreError.failed(
                            operation: "append",
                            reason: "\(count) events in one append; PostgreSQL takes at most \(limit)")))
            }
        }
        return results
    }

    /// One step of a batch: a transaction of consecutive requests, or a request too large for any.
    enum AppendStep: Equatable {
        case transaction(Range<Int>)
        case tooLarge(Int)
    }

    /// A batch, in request order, as transactions of at most `limit` events each (positions number the
    /// events of a transaction in 16 bits), as few as that allows; a request of more than `limit` events
    /// fails alone.
    static func transactions(eventCounts: [Int], limit: Int) -> [AppendStep] {
        var steps: [AppendStep] = []
        var start = 0
        var events = 0
        for (index, count) in eventCounts.enumerated() {
            if count > limit || events + count > limit {
                if start < index { steps.append(.transaction(start..<index)) }
                start = index
                events = 0
            }
            if count > limit {
                steps.append(.tooLarge(index))
                start = index + 1
            } else {
                events += count
            }
        }
        if start < eventCounts.count { steps.append(.transaction(start..<eventCounts.count)) }
        return steps
    }

    /// Runs a batch of appends in one call of the schema's `append_committed` procedure (one transaction,
    /// committed before it answers), retrying after a dropped connection with the requests marked as retries
    /// (so one that did commit is answered from its record); one result per request.
    private func appendTransaction(_ requests: [AppendRequest]) async -> [Result<AppendResult, any Error>] {
        guard !requests.isEmpty else { return [] }
        var attempt = 0
        while true {
            attempt += 1
            do {
                let query = try appendQuery(requests, retry: attempt > 1)
                let rows = try await pooledRows(query)
                waker.transactionEnded()
                guard let row = rows.first, rows.count == 1 else {
                    throw PostgresStoreError.failed(operation: "append", reason: "\(rows.count) rows instead of 1")
                }
                let outcomes = try AppendOutcomes(row)
                guard outcomes.count == requests.count else {
                    throw PostgresStoreError.failed(
                        operation: "append", reason: "\(outcomes.count) results for \(requests.count) appends")
                }
                var results: [Result<AppendResult, any Error>] = []
                results.reserveCapacity(requests.count)
                var head: Int64 = 0
                for (index, request) in requests.enumerated() {
                    let result = outcomes.result(index, request)
                    if case .success(let appended) = result, !appended.isDuplicate {
                        head = max(head, appended.position)
                    }
                    results.append(result)
                }
                if head > 0 {
                    hub.publish(head)
                    announcer.announce(head)
                }
                return results
            } catch  where DatabaseFailure.isConnectionLoss(error) && attempt <= configuration.connectionRetries {
                logger.warning(
                    "connection lost during an append, retrying",
                    metadata: ["attempt": "\(attempt)", "error": "\(DatabaseFailure.describe(error))"]
                )
                do {
                    try await Task.sleep(for: Self.backoff(attempt))
                } catch {
                    let failure = DatabaseFailure.typed(error, operation: "append", attempts: attempt)
                    return requests.map { _ in .failure(failure) }
                }
            } catch {
                let failure = DatabaseFailure.typed(error, operation: "append", attempts: attempt)
                return requests.map { _ in .failure(failure) }
            }
        }
    }

    /// Appends one request in the transaction open on `connection` (an inline transaction's), with the
    /// schema's `append` function (which commits nothing), and locks the registry rows of `models` in the same
    /// statement: the append's result, the locked models' checkpoints and shapes, and the time the events
    /// were stamped with.
    ///
    func inlineAppend(
        _ request: AppendRequest, locking models: [String], registry: String, on connection: PostgresConnection
    ) async throws -> (
        result: Result<AppendResult, any Error>, held: [String: (checkpoint: Int64, shapeHash: String)],
        recordedAt: Date
    ) {
        var query = try appendQuery([request], retry: false)
        query.binds.append(models)
        // `gate` depends on the lock, and the append's last argument on `gate`: the models are locked first,
        // so appends into one model take their positions in the order they hold it.
        let stamp = "CASE WHEN gate.locked >= 0 THEN coalesce($15::timestamptz, statement_timestamp()) END"
        query.sql = """
            WITH held AS MATERIALIZED (
                SELECT name, checkpoint, shape_hash FROM \(registry) WHERE name = ANY($16::text[])
                ORDER BY name FOR UPDATE
            ), gate AS MATERIALIZED (SELECT count(*) AS locked FROM held)
            SELECT \(Self.outcomeArrays),
                (SELECT array_agg(name ORDER BY name) FROM held), (SELECT array_agg(checkpoint ORDER BY name) FROM held),
                (SELECT array_agg(shape_hash ORDER BY name) FROM held), coalesce($15::timestamptz, statement_timestamp())
            FROM gate, \(schema.quoted).append(\(Self.appendArguments(recordedAt: stamp)))
                WITH ORDINALITY AS a(o_status, o_version, o_position, o_event_count, o_actual, o_category,
                    o_stream_id, o_message, n)
            """
        let rows = try await connection.query(query, logger: logger).collect()
        guard let row = rows.first, rows.count == 1 else {
            throw PostgresStoreError.failed(operation: "append", reason: "\(rows.count) rows instead of 1")
        }
        let cells = row.makeRandomAccess()
        let outcomes = try AppendOutcomes(cells)
        let names = try cells[8].decode([String]?.self) ?? []
        let checkpoints = try cells[9].decode([Int64]?.self) ?? []
        let shapes = try cells[10].decode([String]?.self) ?? []
        var held: [String: (checkpoint: Int64, shapeHash: String)] = [:]
        for (index, name) in names.enumerated() where index < checkpoints.count && index < shapes.count {
            held[name] = (checkpoints[index], shapes[index])
        }
        return (outcomes.result(0, request), held, try cells[11].decode(Date.self))
    }

    /// The arguments of `append` and `append_committed`: the request arrays `$1` to `$14`, then the time the
    /// events are stamped with (by default `$15`, null for the server's clock).
    private static func appendArguments(recordedAt: String = "$15::timestamptz") -> String {
        """
        $1::text[], $2::text[], $3::bigint[], $4::uuid[], $5::boolean[], $6::uuid[], $7::boolean[], $8::text[],
        $9::integer[], $10::boolean[], $11::uuid[], $12::text[], $13::integer[], $14::bytea[], \(recordedAt)
        """
    }

    /// `append`'s rows (`a`, numbered `n`) as one row of arrays, as `append_committed` answers.
    private static let outcomeArrays = """
        array_agg(a.o_status ORDER BY a.n), array_agg(a.o_version ORDER BY a.n),
            array_agg(a.o_position ORDER BY a.n), array_agg(a.o_event_count ORDER BY a.n),
            array_agg(coalesce(a.o_actual, -1) ORDER BY a.n), array_agg(a.o_category ORDER BY a.n),
            array_agg(a.o_stream_id ORDER BY a.n), array_agg(coalesce(a.o_message, '') ORDER BY a.n)
        """

    /// The call of `append_committed` (a transaction of its own, committed before it answers): one row of
    /// result arrays. Its binds serve ``inlineAppend(_:locking:registry:on:)`` too, which calls `append`.
    private func appendQuery(_ requests: [AppendRequest], retry: Bool) throws -> PostgresQuery {
        var categories: [String] = []
        var streamIDs: [String] = []
        var expected: [Int64] = []
        var commandIDs: [UUID] = []
        var hasCommand: [Bool] = []
        var correlationIDs: [UUID] = []
        var hasCorrelation: [Bool] = []
        var metadata: [String] = []
        var eventCounts: [Int32] = []
        var eventIDs: [UUID] = []
        var eventTypes: [String] = []
        var schemaVersions: [Int32] = []
        var payloads: [ByteBuffer] = []
        let noID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        for request in requests {
            categories.append(request.stream.category)
            streamIDs.append(request.stream.id)
            switch request.expectedVersion {
            case .any: expected.append(-1)
            case .noStream: expected.append(-2)
            case .exact(let version): expected.append(max(version, 0))
            }
            commandIDs.append(request.commandID ?? noID)
            hasCommand.append(request.commandID != nil)
            correlationIDs.append(request.correlationID ?? noID)
            hasCorrelation.append(request.correlationID != nil)
            metadata.append(
                request.metadata.isEmpty
                    ? "" : String(decoding: try EventPayload.encode(request.metadata), as: UTF8.self))
            eventCounts.append(Int32(request.events.count))
            for event in request.events {
                eventIDs.append(event.eventID)
                eventTypes.append(event.eventType)
                schemaVersions.append(Int32(event.schemaVersion))
                payloads.append(event.payload.byteBuffer)
            }
        }
        var binds = PostgresBindings(capacity: 15)
        binds.append(categories)
        binds.append(streamIDs)
        binds.append(expected)
        binds.append(commandIDs)
        binds.append(hasCommand)
        binds.append(correlationIDs)
        binds.append(hasCorrelation)
        binds.append(metadata)
        binds.append(eventCounts)
        binds.append(Array(repeating: retry, count: requests.count))
        binds.append(eventIDs)
        binds.append(eventTypes)
        binds.append(schemaVersions)
        binds.append(payloads)
        binds.append(configuration.now?())
        return PostgresQuery(
            unsafeSQL: "CALL \(schema.quoted).append_committed(\(Self.appendArguments()))", binds: binds)
    }

}

/// The answer of `append_committed`: one array per output, one element per request.
private struct AppendOutcomes {
    let status: [Int32]
    let version: [Int64]
    let position: [Int64]
    let eventCount: [Int32]
    let actual: [Int64]
    let category: [String]
    let streamID: [String]
    let message: [String]

    init(_ row: PostgresRow) throws {
        try self.init(row.makeRandomAccess())
    }

    /// The first eight cells of `cells`.
    init(_ cells: PostgresRandomAccessRow) throws {
        status = try cells[0].decode([Int32].self)
        version = try cells[1].decode([Int64].self)
        position = try cells[2].decode([Int64].self)
        eventCount = try cells[3].decode([Int32].self)
        actual = try cells[4].decode([Int64].self)
        category = try cells[5].decode([String].self)
        streamID = try cells[6].decode([String].self)
        message = try cells[7].decode([String].self)
        let counts =
            [version, position, actual].map(\.count) + [eventCount.count]
            + [category, streamID, message].map(\.count)
        guard counts.allSatisfy({ $0 == status.count }) else {
            throw PostgresStoreError.failed(operation: "append", reason: "result arrays of different lengths")
        }
    }

    var count: Int { status.count }

    /// The outcome of request `index`.
    func result(_ index: Int, _ request: AppendRequest) -> Result<AppendResult, any Error> {
        switch status[index] {
        case 0:
            return .success(
                AppendResult(
                    stream: request.stream,
                    version: version[index],
                    position: position[index],
                    eventCount: request.events.count,
                    commandID: request.commandID
                )
            )
        case 1:
            return .success(
                AppendResult(
                    stream: StreamID(category: category[index], id: streamID[index]),
                    version: version[index],
                    position: position[index],
                    eventCount: Int(eventCount[index]),
                    commandID: request.commandID,
                    isDuplicate: true
                )
            )
        case 2:
            let actual = self.actual[index]
            return .failure(
                WrongExpectedVersion(
                    stream: request.stream, expected: request.expectedVersion, actual: actual < 0 ? nil : actual))
        default:
            let text = message[index].isEmpty ? "unknown error" : message[index]
            let state = String(text.prefix(5))
            let detail = text.count > 6 ? String(text.dropFirst(6)) : text
            return .failure(PostgresStoreError.server(operation: "append", sqlState: state, message: detail))
        }
    }
}
