import CQRS
import Foundation
import GRDB

extension SQLiteStore: EventStore, DirectAppendNotifying {
    static let eventColumns = """
        position, event_id, stream_category, stream_id, stream_version, event_type, schema_version, \
        recorded_at, causation_id, correlation_id, metadata, payload
        """

    /// Appends in one transaction with the idempotency record and the version check; concurrent appends
    /// and read-model commits share the transaction (group commit, ``CQRS/GroupCommit``), each in a
    /// savepoint of its own.
    public func append(_ request: AppendRequest) async throws -> AppendResult {
        switch try await write(.append(request)) {
        case .appended(let result): return result
        case .committed: preconditionFailure("the group commit answers an append with its result")
        }
    }

    /// One append inside the batch's transaction; the events it inserted go to `inserted`.
    func append(_ request: AppendRequest, head: inout Int64, in db: Database, inserted: inout [RecordedEvent])
        throws -> AppendResult
    {
        let stream = request.stream
        if let commandID = request.commandID, let recorded = try appendResult(forCommand: commandID, in: db) {
            return recorded
        }
        // The stream's version: one search of the (stream, version) index, from its end.
        let versionStatement = try db.raw(
            "SELECT max(stream_version) FROM events WHERE stream_category = ? AND stream_id = ?")
        versionStatement.bind(1, stream.category)
        versionStatement.bind(2, stream.id)
        let actual: Int64? =
            try versionStatement.step() && !versionStatement.isNull(0) ? versionStatement.int64(0) : nil
        versionStatement.reset()
        guard request.expectedVersion.isSatisfied(by: actual) else {
            throw WrongExpectedVersion(stream: stream, expected: request.expectedVersion, actual: actual)
        }
        var version = actual ?? 0
        if !request.events.isEmpty {
            // Stamped inside the write transaction, so that recordedAt never decreases along the log.
            let recordedAt = now().timeIntervalSinceReferenceDate
            let metadata = request.metadata.isEmpty ? nil : try EventPayload.encode(request.metadata)
            let insert = try db.raw(
                """
                INSERT INTO events (\(Self.eventColumns))
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            )
            for event in request.events {
                version += 1
                head += 1
                insert.bind(1, head)
                insert.bind(2, event.eventID)
                insert.bind(3, stream.category)
                insert.bind(4, stream.id)
                insert.bind(5, version)
                insert.bind(6, event.eventType)
                insert.bind(7, Int64(event.schemaVersion))
                insert.bind(8, recordedAt)
                insert.bind(9, request.commandID)
                insert.bind(10, request.correlationID)
                if let metadata {
                    insert.bind(11, String(decoding: metadata, as: UTF8.self))
                } else {
                    insert.bindNull(11)
                }
                insert.bind(12, event.payload)
                try insert.execute()
                inserted.append(
                    RecordedEvent(
                        eventID: event.eventID, streamID: stream, streamVersion: version, position: head,
                        eventType: event.eventType, schemaVersion: event.schemaVersion,
                        recordedAt: Date(timeIntervalSinceReferenceDate: recordedAt), causationID: request.commandID,
                        correlationID: request.correlationID, metadata: request.metadata, payload: event.payload))
            }
        }
        let result = AppendResult(
            stream: stream,
            version: version,
            position: request.events.isEmpty ? 0 : head,
            eventCount: request.events.count,
            commandID: request.commandID
        )
        if let commandID = request.commandID {
            let record = try db.raw(
                """
                INSERT INTO commands (command_id, stream_category, stream_id, version, position, event_count)
                VALUES (?, ?, ?, ?, ?, ?)
                """
            )
            record.bind(1, commandID)
            record.bind(2, stream.category)
            record.bind(3, stream.id)
            record.bind(4, result.version)
            record.bind(5, result.position)
            record.bind(6, Int64(result.eventCount))
            try record.execute()
        }
        return result
    }

    private func appendResult(forCommand commandID: UUID, in db: some StatementSource) throws -> AppendResult? {
        let select = try db.raw(
            """
            SELECT stream_category, stream_id, version, position, event_count FROM commands WHERE command_id = ?
            """
        )
        defer { select.reset() }
        select.bind(1, commandID)
        guard try select.step() else { return nil }
        return AppendResult(
            stream: StreamID(category: select.string(0), id: select.string(1)),
            version: select.int64(2),
            position: select.int64(3),
            eventCount: Int(select.int64(4)),
            commandID: commandID,
            isDuplicate: true
        )
    }

    public func appendResult(forCommand commandID: UUID) async throws -> AppendResult? {
        try await reading { db in try self.appendResult(forCommand: commandID, in: db) }
    }

    public func readStream(
        _ stream: StreamID,
        from version: Int64,
        until limit: StreamReadLimit?
    ) async throws -> [RecordedEvent] {
        try await reading { db in try Self.readStream(stream, from: version, until: limit, in: db) }
    }

    /// ``readStream(_:from:until:)`` on a connection (the writer's, inside an inline transaction).
    static func readStream(
        _ stream: StreamID, from version: Int64, until limit: StreamReadLimit?, in db: some StatementSource
    ) throws -> [RecordedEvent] {
        var sql = """
            SELECT \(Self.eventColumns) FROM events
            WHERE stream_category = ? AND stream_id = ? AND stream_version >= ?
            """
        switch limit {
        case .version: sql += " AND stream_version <= ?"
        case .recordedAt: sql += " AND recorded_at <= ?"
        case nil: break
        }
        sql += " ORDER BY stream_version"
        let select = try db.raw(sql)
        defer { select.reset() }
        select.bind(1, stream.category)
        select.bind(2, stream.id)
        select.bind(3, version)
        switch limit {
        case .version(let last): select.bind(4, last)
        case .recordedAt(let date): select.bind(4, date.timeIntervalSinceReferenceDate)
        case nil: break
        }
        var events: [RecordedEvent] = []
        while try select.step() { events.append(try Self.event(from: select)) }
        return events
    }

    public func readAll(after position: Int64, limit: Int, eventTypes: Set<String>?) async throws -> EventPage {
        guard limit > 0 else { return EventPage(events: [], lastPosition: position) }
        if eventTypes == nil {
            return try await reading { db in try Self.readAll(after: position, limit: limit, eventTypes: nil, in: db) }
        }
        // Only some types: the head and the rows come from one read transaction.
        return try await readingSnapshot { db in
            try Self.readAll(after: position, limit: limit, eventTypes: eventTypes, in: db)
        }
    }

    /// ``readAll(after:limit:eventTypes:)`` on a connection (for only some types, in one transaction).
    static func readAll(
        after position: Int64, limit: Int, eventTypes: Set<String>?, in db: some StatementSource
    ) throws -> EventPage {
        guard limit > 0 else { return EventPage(events: [], lastPosition: position) }
        guard let eventTypes else {
            let select = try db.raw(
                "SELECT \(Self.eventColumns) FROM events WHERE position > ? ORDER BY position LIMIT ?")
            defer { select.reset() }
            select.bind(1, position)
            select.bind(2, Int64(limit))
            var events: [RecordedEvent] = []
            events.reserveCapacity(min(limit, 1024))
            while try select.step() { events.append(try Self.event(from: select)) }
            return EventPage(events: events, lastPosition: events.last?.position ?? position)
        }
        // Only some types: scan a bounded window of the log, and report how far it was considered, so that a
        // projection of rare types still moves on.
        let window = Int64(max(limit * 16, 4096))
        let types = eventTypes.sorted()
        let placeholders = types.isEmpty ? "NULL" : Array(repeating: "?", count: types.count).joined(separator: ", ")
        let headStatement = try db.raw("SELECT coalesce(max(position), 0) FROM events")
        _ = try headStatement.step()
        let head = headStatement.int64(0)
        headStatement.reset()
        let upper = min(head, position + window)
        guard upper > position else { return EventPage(events: [], lastPosition: position) }
        let select = try db.raw(
            """
            SELECT \(Self.eventColumns) FROM events
            WHERE position > ? AND position <= ? AND event_type IN (\(placeholders))
            ORDER BY position LIMIT ?
            """)
        defer { select.reset() }
        select.bind(1, position)
        select.bind(2, upper)
        var index: Int32 = 3
        for type in types {
            select.bind(index, type)
            index += 1
        }
        select.bind(index, Int64(limit))
        var events: [RecordedEvent] = []
        while try select.step() { events.append(try Self.event(from: select)) }
        let last = events.count == limit ? events[events.count - 1].position : upper
        return EventPage(events: events, lastPosition: last)
    }

    public func headPosition() async throws -> Int64 {
        try await reading { db in
            let head = try db.raw("SELECT coalesce(max(position), 0) FROM events")
            defer { head.reset() }
            _ = try head.step()
            return head.int64(0)
        }
    }

    public func appendNotifications() -> AsyncStream<Int64> {
        watchOtherProcesses()
        return notifier.subscribe()
    }

    package func notifyAppends(to continuation: AsyncStream<Int64>.Continuation, eventTypes: Set<String>?) {
        watchOtherProcesses()
        notifier.subscribe(continuation, eventTypes: eventTypes)
    }

    package func holdsNone(of types: Set<String>, after position: Int64, through head: Int64) -> Bool {
        recentEvents.holdsNone(of: types, after: position, through: head)
    }

    package func recentPage(after position: Int64, through head: Int64, limit: Int, eventTypes: Set<String>?)
        -> EventPage?
    {
        recentEvents.page(after: position, through: head, limit: limit, eventTypes: eventTypes)
    }

    public func saveSnapshot(_ snapshot: Snapshot) async throws {
        try await writing { db in
            let upsert = try db.raw(
                """
                INSERT INTO snapshots (stream_category, stream_id, version, state_version, state, taken_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (stream_category, stream_id) DO UPDATE SET
                    version = excluded.version, state_version = excluded.state_version, state = excluded.state,
                    taken_at = excluded.taken_at
                WHERE excluded.version >= snapshots.version
                """
            )
            upsert.bind(1, snapshot.stream.category)
            upsert.bind(2, snapshot.stream.id)
            upsert.bind(3, snapshot.version)
            upsert.bind(4, snapshot.stateVersion)
            upsert.bind(5, snapshot.state)
            upsert.bind(6, snapshot.takenAt.timeIntervalSinceReferenceDate)
            try upsert.execute()
        }
    }

    public func loadSnapshot(for stream: StreamID) async throws -> Snapshot? {
        try await reading { db in
            let select = try db.raw(
                """
                SELECT version, state_version, state, taken_at FROM snapshots
                WHERE stream_category = ? AND stream_id = ?
                """
            )
            defer { select.reset() }
            select.bind(1, stream.category)
            select.bind(2, stream.id)
            guard try select.step() else { return nil }
            return Snapshot(
                stream: stream,
                version: select.int64(0),
                stateVersion: select.string(1),
                state: select.data(2),
                takenAt: Date(timeIntervalSinceReferenceDate: select.double(3))
            )
        }
    }

    /// The event in the statement's current row (columns as ``eventColumns``).
    static func event(from row: RawStatement) throws -> RecordedEvent {
        let position = row.int64(0)
        guard let eventID = row.uuid(1) else { throw SQLiteStoreError.corruptEvent(position: position, "event_id") }
        var metadata: [String: String] = [:]
        if !row.isNull(10) {
            do {
                metadata = try EventPayload.decode([String: String].self, from: Data(row.string(10).utf8))
            } catch {
                throw SQLiteStoreError.corruptEvent(position: position, "metadata: \(error)")
            }
        }
        return RecordedEvent(
            eventID: eventID,
            streamID: StreamID(category: row.string(2), id: row.string(3)),
            streamVersion: row.int64(4),
            position: position,
            eventType: row.string(5),
            schemaVersion: Int(row.int64(6)),
            recordedAt: Date(timeIntervalSinceReferenceDate: row.double(7)),
            causationID: row.uuid(8),
            correlationID: row.uuid(9),
            metadata: metadata,
            payload: row.data(11)
        )
    }
}
