import CQRS
import Foundation
import PostgresNIO

extension Database {
    /// Runs a batch of appends in one call of the schema's `append` function (one transaction), retrying
    /// after a dropped connection with the requests marked as retries (so one that did commit is answered
    /// from its record); one result per request.
    func append(_ requests: [AppendRequest]) async -> [Result<AppendResult, any Error>] {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let query = try appendQuery(requests, retry: attempt > 1)
                let rows = try await committedRows(query)
                guard rows.count == requests.count else {
                    throw PostgresStoreError.failed(
                        operation: "append", reason: "\(rows.count) results for \(requests.count) appends")
                }
                var results: [Result<AppendResult, any Error>] = []
                results.reserveCapacity(requests.count)
                var head: Int64 = 0
                for (request, row) in zip(requests, rows) {
                    let result = try decodeAppend(row, request)
                    if case .success(let appended) = result, !appended.isDuplicate {
                        head = max(head, appended.position)
                    }
                    results.append(result)
                }
                if head > 0 { hub.publish(head) }
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
            unsafeSQL: """
                SELECT o_status, o_version, o_position, o_event_count, o_actual, o_category, o_stream_id, o_message
                FROM \(schema.quoted).append($1::text[], $2::text[], $3::bigint[], $4::uuid[], $5::boolean[],
                    $6::uuid[], $7::boolean[], $8::text[], $9::integer[], $10::boolean[], $11::uuid[], $12::text[],
                    $13::integer[], $14::bytea[], $15::timestamptz)
                """,
            binds: binds
        )
    }

    private func decodeAppend(_ row: PostgresRow, _ request: AppendRequest) throws -> Result<AppendResult, any Error> {
        let (status, version, position, eventCount, actual, category, streamID, message) = try row.decode(
            (Int32, Int64, Int64, Int32, Int64?, String, String, String?).self)
        switch status {
        case 0:
            return .success(
                AppendResult(
                    stream: request.stream,
                    version: version,
                    position: position,
                    eventCount: request.events.count,
                    commandID: request.commandID
                )
            )
        case 1:
            return .success(
                AppendResult(
                    stream: StreamID(category: category, id: streamID),
                    version: version,
                    position: position,
                    eventCount: Int(eventCount),
                    commandID: request.commandID,
                    isDuplicate: true
                )
            )
        case 2:
            return .failure(
                WrongExpectedVersion(stream: request.stream, expected: request.expectedVersion, actual: actual))
        default:
            let text = message ?? "unknown error"
            let state = String(text.prefix(5))
            let detail = text.count > 6 ? String(text.dropFirst(6)) : text
            return .failure(PostgresStoreError.server(operation: "append", sqlState: state, message: detail))
        }
    }
}
