import CQRS
import Foundation
import PostgresNIO

extension PostgresStore: EventStore {
    /// Appends in one transaction: the command id's record, the expected version and the events are checked
    /// and written together, under the append lock that gives positions in commit order. Concurrent appends
    /// of this process share a transaction (group commit); each still succeeds or fails on its own.
    public func append(_ request: AppendRequest) async throws -> AppendResult {
        try await database.ensureReady()
        let database = self.database
        return try await batcher.append(request) { requests in await database.append(requests) }
    }

    public func appendResult(forCommand commandID: UUID) async throws -> AppendResult? {
        try await database.ensureReady()
        let rows = try await database.rows(
            "SELECT category, stream_id, version, position, event_count FROM \(unescaped: table("commands")) WHERE command_id = \(commandID)",
            "appendResult"
        )
        guard let row = rows.first else { return nil }
        let (category, streamID, version, position, eventCount) = try row.decode(
            (String, String, Int64, Int64, Int32).self)
        return AppendResult(
            stream: StreamID(category: category, id: streamID),
            version: version,
            position: position,
            eventCount: Int(eventCount),
            commandID: commandID,
            isDuplicate: true
        )
    }

    public func readStream(
        _ stream: StreamID,
        from version: Int64,
        until limit: StreamReadLimit?
    ) async throws -> [RecordedEvent] {
        try await database.ensureReady()
        var query: PostgresQuery = """
            SELECT \(unescaped: EventColumns.list) FROM \(unescaped: table("events")) e
            WHERE e.category = \(stream.category) AND e.stream_id = \(stream.id) AND e.stream_version >= \(version)
            """
        switch limit {
        case .version(let last)?:
            query.sql += " AND e.stream_version <= $4"
            query.binds.append(last)
        case .recordedAt(let moment)?:
            query.sql += " AND e.recorded_at <= $4"
            query.binds.append(moment)
        case nil:
            break
        }
        query.sql += " ORDER BY e.stream_version"
        let rows = try await database.rows(query, "readStream")
        return try rows.map { try EventColumns.decode($0.makeRandomAccess()) }
    }

    public func readAll(after position: Int64, limit: Int, eventTypes: Set<String>?) async throws -> EventPage {
        try await database.ensureReady()
        guard limit > 0 else { return EventPage(events: [], lastPosition: position) }
        // A filtered read looks at a bounded window of the log, so that rare types cost no full scan; the
        // page's lastPosition then says how far it looked.
        let window = Int64(max(limit.multipliedReportingOverflow(by: 16).partialValue, 4096))
        var query: PostgresQuery = """
            SELECT h.head, \(unescaped: EventColumns.list)
            FROM (SELECT coalesce(max(position), 0) AS head FROM \(unescaped: table("events"))) h
            LEFT JOIN LATERAL (
                SELECT * FROM \(unescaped: table("events")) x
                WHERE x.position > \(position) AND x.position <= \(position) + \(window)
            """
        if let eventTypes {
            query.binds.append(Array(eventTypes))
            query.sql += " AND x.event_type = ANY($\(query.binds.count)::text[])"
        }
        query.binds.append(Int64(limit))
        query.sql += " ORDER BY x.position LIMIT $\(query.binds.count)) e ON true"
        let rows = try await database.rows(query, "readAll")
        var events: [RecordedEvent] = []
        events.reserveCapacity(rows.count)
        var head = position
        for row in rows {
            let cells = row.makeRandomAccess()
            head = try cells[0].decode(Int64.self)
            if cells[1].bytes == nil { continue }
            events.append(try EventColumns.decode(cells, from: 1))
        }
        if events.count == limit, let last = events.last {
            return EventPage(events: events, lastPosition: last.position)
        }
        return EventPage(events: events, lastPosition: max(position, min(head, position + window)))
    }

    public func headPosition() async throws -> Int64 {
        try await database.ensureReady()
        let rows = try await database.rows(
            "SELECT coalesce(max(position), 0) FROM \(unescaped: table("events"))", "headPosition")
        return try rows.first?.decode(Int64.self) ?? 0
    }

    /// Heads after appends of this process (at once) and of every other process using the schema (through
    /// LISTEN/NOTIFY, on a connection of its own, opened on the first call).
    public func appendNotifications() -> AsyncStream<Int64> {
        database.hub.subscribe()
    }

    public func saveSnapshot(_ snapshot: Snapshot) async throws {
        try await database.ensureReady()
        let snapshots = table("snapshots")
        _ = try await database.rows(
            """
            INSERT INTO \(unescaped: snapshots) AS s (category, stream_id, version, state_version, state, taken_at)
            VALUES (\(snapshot.stream.category), \(snapshot.stream.id), \(snapshot.version), \(snapshot.stateVersion),
                \(snapshot.state.byteBuffer), \(snapshot.takenAt))
            ON CONFLICT (category, stream_id) DO UPDATE
            SET version = excluded.version, state_version = excluded.state_version, state = excluded.state,
                taken_at = excluded.taken_at
            WHERE s.version <= excluded.version
            """,
            "saveSnapshot"
        )
    }

    public func loadSnapshot(for stream: StreamID) async throws -> Snapshot? {
        try await database.ensureReady()
        let rows = try await database.rows(
            """
            SELECT version, state_version, state, taken_at FROM \(unescaped: table("snapshots"))
            WHERE category = \(stream.category) AND stream_id = \(stream.id)
            """,
            "loadSnapshot"
        )
        guard let row = rows.first else { return nil }
        var (version, stateVersion, state, takenAt) = try row.decode((Int64, String, ByteBuffer, Date).self)
        return Snapshot(
            stream: stream, version: version, stateVersion: stateVersion, state: state.readData(), takenAt: takenAt)
    }

    /// `schema.table`, quoted.
    func table(_ name: String) -> String { database.schema.table(name) }
}
