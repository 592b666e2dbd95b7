import CQRS
import Foundation
import PostgresNIO

extension PostgresStore: EventStore, DirectAppendNotifying {
    /// Appends in one transaction: the command id's record, the expected version and the events are checked
    /// and written together, under the stream's lock (appends to other streams run in parallel). Concurrent
    /// appends of this process share a transaction (group commit); each still succeeds or fails on its own.
    public func append(_ request: AppendRequest) async throws -> AppendResult {
        try await database.ensureReady()
        let database = self.database
        return try await batcher.submit(request) { requests in await database.append(requests) }
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

    /// Reads below the horizon (the oldest transaction still in flight, docs/Stores.md): every event there
    /// is final, and every event still to come is numbered above it, so no reader ever skips one. A page that
    /// finds committed events waiting above the horizon has the readers woken again (``HorizonWaker``).
    public func readAll(after position: Int64, limit: Int, eventTypes: Set<String>?) async throws -> EventPage {
        try await database.ensureReady()
        guard limit > 0 else { return EventPage(events: [], lastPosition: position) }
        let events = table("events")
        // One snapshot gives the horizon, the last visible position and the page. A filtered read looks at
        // a bounded window of the log, `max(16 × limit, 4096)` transactions' worth of positions, never past
        // the last committed event (`through` is its end), so that rare types cost no full scan; the page's
        // lastPosition then says how far it looked. An unfiltered read reads up to the horizon.
        var query: PostgresQuery = """
            SELECT s.visible, s.horizon, s.through, \(unescaped: EventColumns.list)
            FROM (
                SELECT v.visible, v.horizon,
            """
        query.binds.append(position)
        if eventTypes != nil {
            let window = Int64(min(max(limit.multipliedReportingOverflow(by: 16).partialValue, 4096), 1 << 30))
            query.binds.append(window << PostgresSchema.positionBits)
            query.sql += " least(v.visible, v.horizon - 1, $1 + $2) AS through"
        } else {
            query.sql += " v.horizon - 1 AS through"
        }
        query.sql += """

                FROM (
                    SELECT (SELECT coalesce(max(position), 0) FROM \(events)) AS visible,
                        \(database.horizonSQL) AS horizon
                ) v
            ) s
            LEFT JOIN LATERAL (
                SELECT * FROM \(events) x WHERE x.position > $1 AND x.position <= s.through
            """
        if let eventTypes {
            query.binds.append(Array(eventTypes))
            query.sql += " AND x.event_type = ANY($\(query.binds.count)::text[])"
        }
        query.binds.append(Int64(limit))
        query.sql += " ORDER BY x.position LIMIT $\(query.binds.count)) e ON true"
        let rows = try await database.rows(query, "readAll")
        var page = EventPage(events: [], lastPosition: position)
        page.events.reserveCapacity(rows.count)
        var visible: Int64 = 0
        var horizon: Int64 = 0
        var through: Int64?
        for row in rows {
            let cells = row.makeRandomAccess()
            (visible, horizon, through) = try (
                cells[0].decode(Int64.self), cells[1].decode(Int64.self), cells[2].decode(Int64?.self)
            )
            if cells[3].bytes == nil { continue }
            page.events.append(try EventColumns.decode(cells, from: 3))
        }
        if page.events.count == limit, let last = page.events.last {
            page.lastPosition = last.position
            return page
        }
        // The page ends where the window did (filtered) or at the last event below the horizon.
        if eventTypes != nil, let through {
            page.lastPosition = max(position, through)
        } else if let last = page.events.last {
            page.lastPosition = last.position
        }
        database.waker.readFound(eventsWaiting: visible >= horizon)
        return page
    }

    /// The last committed position. Readers reach it once every append older than it has ended
    /// (``waitUntilReadable(through:)``).
    public func headPosition() async throws -> Int64 {
        try await database.ensureReady()
        let rows = try await database.rows(database.headQuery, "headPosition")
        return try rows.first?.decode(Int64.self) ?? 0
    }

    /// Waits until the horizon has passed `position`: every append that could be numbered at or below it
    /// has ended. Polls as the horizon waker does (``HorizonWaker/pause(after:)``: an append in flight ends
    /// within a commit, unless some other transaction holds it open).
    public func waitUntilReadable(through position: Int64) async throws {
        try await database.ensureReady()
        let query = PostgresQuery(unsafeSQL: "SELECT \(database.horizonSQL)")
        var attempt = 0
        while try await database.rows(query, "waitUntilReadable").first?.decode(Int64.self) ?? 0 <= position {
            attempt += 1
            try await Task.sleep(for: HorizonWaker.pause(after: attempt))
        }
    }

    /// Counts the committed events after `position` (positions skip numbers here: they are transaction ids).
    public func countEvents(after position: Int64, atMost limit: Int) async throws -> Int {
        try await database.ensureReady()
        let rows = try await database.rows(
            """
            SELECT count(*) FROM (
                SELECT 1 FROM \(unescaped: table("events")) WHERE position > \(position) LIMIT \(Int64(max(limit, 0)))
            ) x
            """,
            "countEvents"
        )
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }

    /// Heads after appends of this process (at once) and of every other process using the schema (through
    /// LISTEN/NOTIFY, on a connection of its own, opened on the first call).
    public func appendNotifications() -> AsyncStream<Int64> {
        database.hub.subscribe()
    }

    package func notifyAppends(to continuation: AsyncStream<Int64>.Continuation, eventTypes: Set<String>?) {
        // Every head: this store does not tell which types an append holds.
        database.hub.subscribe(continuation)
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
