/// The store's tables and functions, by schema version: ``PostgresStore`` brings a schema up to
/// ``currentVersion`` on first use, under an advisory lock, in one transaction (so concurrent processes and
/// a crash halfway are both harmless). Never edit a released migration: add one.
struct PostgresSchema: Sendable {
    /// The version this library writes and reads.
    static let currentVersion = 4

    /// How many bits of a position number the events of one transaction: a position is the appending
    /// transaction's id shifted left by this, plus the event's index within the transaction (1, 2, …).
    static let positionBits = 16
    /// The most events one append transaction may hold (`2^positionBits - 1`).
    static let maximumEventsPerTransaction = (1 << positionBits) - 1

    /// In SQL, the position just below a transaction's first event: `xid`, an `xid8` expression, shifted
    /// left by ``positionBits``. The one place the rule is written: appends number from it, readers stop
    /// below it for the oldest transaction in flight.
    static func positionBase(ofTransaction xid: String) -> String {
        "(\(xid)::text::bigint << \(positionBits))"
    }

    /// The schema's name.
    let name: String
    /// `"name"`.
    let quoted: String
    /// The first key of the per-stream advisory locks appends take (the second is a hash of the stream), so
    /// that appends to one stream wait for each other and appends to different streams do not.
    let streamLockClass: Int32
    /// The advisory lock that serializes schema setup.
    let setupLockKey: Int64
    /// The NOTIFY channel appends publish the new head on.
    let channel: String

    init(name: String) {
        self.name = name
        self.quoted = SQLText.identifier(name)
        self.streamLockClass = Int32(truncatingIfNeeded: SQLText.lockKey("stream", schema: name))
        self.setupLockKey = SQLText.lockKey("setup", schema: name)
        self.channel = "cqrs_" + SQLText.hex("notify", name)
    }

    /// `schema.table`.
    func table(_ name: String) -> String { quoted + "." + SQLText.identifier(name) }

    /// The statements that bring the schema from `version - 1` to `version`.
    func migration(to version: Int) -> [String] {
        switch version {
        case 1: eventStoreTables() + [appendFunction()]
        case 2: readStoreTables()
        case 3: [appendCommittedProcedure()]
        case 4: [positionsAboveTheOldLog(), appendFunction()]
        default: []
        }
    }

    private func eventStoreTables() -> [String] {
        [
            """
            CREATE TABLE \(table("events")) (
                position bigint PRIMARY KEY,
                category text NOT NULL,
                stream_id text NOT NULL,
                stream_version bigint NOT NULL,
                event_id uuid NOT NULL,
                event_type text NOT NULL,
                schema_version integer NOT NULL,
                recorded_at timestamptz NOT NULL,
                causation_id uuid,
                correlation_id uuid,
                metadata jsonb,
                payload bytea NOT NULL,
                CONSTRAINT events_stream_version UNIQUE (category, stream_id, stream_version)
            )
            """,
            """
            CREATE TABLE \(table("commands")) (
                command_id uuid PRIMARY KEY,
                category text NOT NULL,
                stream_id text NOT NULL,
                version bigint NOT NULL,
                position bigint NOT NULL,
                event_count integer NOT NULL
            )
            """,
            """
            CREATE TABLE \(table("snapshots")) (
                category text NOT NULL,
                stream_id text NOT NULL,
                version bigint NOT NULL,
                state_version text NOT NULL,
                state bytea NOT NULL,
                taken_at timestamptz NOT NULL,
                PRIMARY KEY (category, stream_id)
            )
            """,
        ]
    }

    private func readStoreTables() -> [String] {
        [
            """
            CREATE TABLE \(table("read_models")) (
                name text PRIMARY KEY,
                table_name text NOT NULL UNIQUE,
                shape_hash text NOT NULL,
                definition text NOT NULL,
                checkpoint bigint NOT NULL DEFAULT 0
            )
            """
        ]
    }

    /// Version 4 numbers positions from transaction ids instead of the head under a global lock. Its first
    /// position is above every position numbered before: an old position is at most the number of events
    /// appended before, and every old transaction held at most ``maximumEventsPerTransaction`` of them
    /// (the old batches were smaller), so the log cannot be ahead of `xid << positionBits`; the migration
    /// checks it rather than trust it.
    private func positionsAboveTheOldLog() -> String {
        """
        DO $positions$
        BEGIN
            IF (SELECT coalesce(max(position), 0) FROM \(table("events")))
                >= \(Self.positionBase(ofTransaction: "pg_current_xact_id()"))
            THEN
                RAISE EXCEPTION 'the log''s head is above the first position of transaction %', pg_current_xact_id();
            END IF;
        END
        $positions$
        """
    }

    /// `append_committed(...)`: ``appendFunction()`` and `COMMIT` in one procedure, so a batch of appends
    /// costs one round trip and its answer comes only once its transaction has committed (a statement sent
    /// alone answers before its implicit commit; `BEGIN` and `COMMIT` around it cost two more round trips).
    /// The results come back as one row of arrays, one element per request, in request order (`o_actual`
    /// -1 for none, `o_message` empty for none). It must be called outside a transaction block (it commits).
    private func appendCommittedProcedure() -> String {
        """
        CREATE OR REPLACE PROCEDURE \(quoted).append_committed(
            r_category text[], r_stream_id text[], r_expected bigint[], r_command_id uuid[],
            r_has_command boolean[], r_correlation_id uuid[], r_has_correlation boolean[], r_metadata text[],
            r_event_count integer[], r_retry boolean[],
            e_event_id uuid[], e_event_type text[], e_schema_version integer[], e_payload bytea[],
            p_recorded_at timestamptz,
            INOUT o_status integer[] DEFAULT NULL, INOUT o_version bigint[] DEFAULT NULL,
            INOUT o_position bigint[] DEFAULT NULL, INOUT o_event_count integer[] DEFAULT NULL,
            INOUT o_actual bigint[] DEFAULT NULL, INOUT o_category text[] DEFAULT NULL,
            INOUT o_stream_id text[] DEFAULT NULL, INOUT o_message text[] DEFAULT NULL)
        LANGUAGE plpgsql AS $append_committed$
        BEGIN
            SELECT array_agg(a.o_status ORDER BY a.n), array_agg(a.o_version ORDER BY a.n),
                    array_agg(a.o_position ORDER BY a.n), array_agg(a.o_event_count ORDER BY a.n),
                    array_agg(coalesce(a.o_actual, -1) ORDER BY a.n), array_agg(a.o_category ORDER BY a.n),
                    array_agg(a.o_stream_id ORDER BY a.n), array_agg(coalesce(a.o_message, '') ORDER BY a.n)
                INTO o_status, o_version, o_position, o_event_count, o_actual, o_category, o_stream_id, o_message
                FROM \(quoted).append(r_category, r_stream_id, r_expected, r_command_id, r_has_command,
                    r_correlation_id, r_has_correlation, r_metadata, r_event_count, r_retry, e_event_id,
                    e_event_type, e_schema_version, e_payload, p_recorded_at) WITH ORDINALITY
                    AS a(o_status, o_version, o_position, o_event_count, o_actual, o_category, o_stream_id,
                        o_message, n);
            COMMIT;
        END
        $append_committed$
        """
    }

    /// `append(...)`: a batch of appends in one transaction (group commit). It first takes the advisory locks
    /// of the batch's streams (``streamLockClass``, a hash of the stream), in key order so that two batches
    /// never deadlock: appends to one stream wait for each other, appends to different streams run in
    /// parallel. Positions are the transaction's id shifted left by ``positionBits``, plus the event's index
    /// in the transaction: readers read below the oldest transaction still in flight (``PostgresStore``,
    /// docs/Stores.md). Each request's idempotency check, version check, events and command record are one
    /// step, in a subtransaction when the batch holds several (an error fails only its own request). Status
    /// per request: 0 appended, 1 duplicate command id, 2 wrong expected version, 3 error (message).
    ///
    /// `r_expected`: -1 any, -2 no stream, else the exact version. `r_retry`: the request may have committed
    /// in an attempt whose connection dropped; if its command id (or, without one, its first event id) is
    /// recorded from that attempt, it is answered as appended.
    ///
    /// Every migration that defines the function (1 and 4) installs this, the latest definition: each
    /// replaces the one before, so a schema migrated in steps ends where a new one does.
    private func appendFunction() -> String {
        let events = table("events")
        let commands = table("commands")
        let body = """
            handled := false;
            IF r_has_command[i] THEN
                SELECT c.category, c.stream_id, c.version, c.position, c.event_count
                    INTO d_category, d_stream_id, d_version, d_position, d_count
                    FROM \(commands) c WHERE c.command_id = r_command_id[i];
                IF FOUND THEN
                    handled := true;
                    o_status := 1;
                    o_category := d_category;
                    o_stream_id := d_stream_id;
                    o_version := d_version;
                    o_position := d_position;
                    o_event_count := d_count;
                    IF r_retry[i] AND (d_count = 0 OR EXISTS (
                        SELECT 1 FROM \(events) e
                        WHERE e.position = d_position - d_count + 1 AND e.event_id = e_event_id[first_event]))
                    THEN
                        o_status := 0;
                    END IF;
                END IF;
            ELSIF r_retry[i] AND n > 0 THEN
                SELECT e.stream_version, e.position INTO d_version, d_position
                    FROM \(events) e
                    WHERE e.category = r_category[i] AND e.stream_id = r_stream_id[i]
                        AND e.event_id = e_event_id[first_event];
                IF FOUND THEN
                    handled := true;
                    o_version := d_version + n - 1;
                    o_position := d_position + n - 1;
                END IF;
            END IF;
            IF NOT handled THEN
                SELECT max(e.stream_version) INTO current_version
                    FROM \(events) e WHERE e.category = r_category[i] AND e.stream_id = r_stream_id[i];
                IF (r_expected[i] = -2 AND current_version IS NOT NULL)
                    OR (r_expected[i] >= 0 AND current_version IS DISTINCT FROM r_expected[i])
                THEN
                    o_status := 2;
                    o_actual := current_version;
                ELSE
                    IF n > 0 THEN
                        INSERT INTO \(events) (position, category, stream_id, stream_version, event_id, event_type,
                                schema_version, recorded_at, causation_id, correlation_id, metadata, payload)
                            SELECT head + k, r_category[i], r_stream_id[i], coalesce(current_version, 0) + k,
                                e_event_id[first_event + k - 1], e_event_type[first_event + k - 1],
                                e_schema_version[first_event + k - 1], stamp,
                                CASE WHEN r_has_command[i] THEN r_command_id[i] END,
                                CASE WHEN r_has_correlation[i] THEN r_correlation_id[i] END,
                                CASE WHEN r_metadata[i] <> '' THEN r_metadata[i]::jsonb END,
                                e_payload[first_event + k - 1]
                            FROM generate_series(1, n) AS k;
                    END IF;
                    o_version := coalesce(current_version, 0) + n;
                    o_position := CASE WHEN n > 0 THEN head + n ELSE 0 END;
                    IF r_has_command[i] THEN
                        INSERT INTO \(commands) (command_id, category, stream_id, version, position, event_count)
                            VALUES (r_command_id[i], r_category[i], r_stream_id[i], o_version, o_position, n);
                    END IF;
                    head := head + n;
                END IF;
            END IF;
            """
        return """
            CREATE OR REPLACE FUNCTION \(quoted).append(
                r_category text[], r_stream_id text[], r_expected bigint[], r_command_id uuid[],
                r_has_command boolean[], r_correlation_id uuid[], r_has_correlation boolean[], r_metadata text[],
                r_event_count integer[], r_retry boolean[],
                e_event_id uuid[], e_event_type text[], e_schema_version integer[], e_payload bytea[],
                p_recorded_at timestamptz)
            RETURNS TABLE(o_status integer, o_version bigint, o_position bigint, o_event_count integer,
                o_actual bigint, o_category text, o_stream_id text, o_message text)
            LANGUAGE plpgsql AS $append$
            DECLARE
                requests integer := coalesce(array_length(r_category, 1), 0);
                head bigint;
                stamp timestamptz;
                first_event integer := 1;
                i integer;
                n integer;
                handled boolean;
                current_version bigint;
                d_category text;
                d_stream_id text;
                d_version bigint;
                d_position bigint;
                d_count integer;
            BEGIN
                IF coalesce(array_length(e_event_id, 1), 0) > \(Self.maximumEventsPerTransaction) THEN
                    RAISE EXCEPTION 'an append transaction holds at most \(Self.maximumEventsPerTransaction) events';
                END IF;
                PERFORM pg_advisory_xact_lock(\(streamLockClass), k.key)
                    FROM (SELECT DISTINCT hashtext(s.category || '/' || s.stream_id) AS key
                        FROM unnest(r_category, r_stream_id) AS s(category, stream_id) ORDER BY 1) k;
                head := \(Self.positionBase(ofTransaction: "pg_current_xact_id()"));
                stamp := coalesce(p_recorded_at, clock_timestamp());
                FOR i IN 1 .. requests LOOP
                    n := r_event_count[i];
                    o_status := 0;
                    o_version := 0;
                    o_position := 0;
                    o_event_count := n;
                    o_actual := NULL;
                    o_category := r_category[i];
                    o_stream_id := r_stream_id[i];
                    o_message := NULL;
                    IF requests = 1 THEN
            \(body)
                    ELSE
                        BEGIN
            \(body)
                        EXCEPTION WHEN OTHERS THEN
                            o_status := 3;
                            o_message := SQLSTATE || ' ' || SQLERRM;
                        END;
                    END IF;
                    RETURN NEXT;
                    first_event := first_event + n;
                END LOOP;
            END
            $append$
            """
    }
}
