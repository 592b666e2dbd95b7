import GRDB

/// The store's own tables, created on first use by a versioned migrator (GRDB records the applied
/// migrations in `grdb_migrations`; running it again does nothing). A later layout adds a migration here.
///
/// - `events`: the log. `position` is the rowid (dense: positions are assigned in commit order by the one
///   writer and never reused); `UNIQUE(stream_category, stream_id, stream_version)`, whose largest
///   version per stream is the stream's version (migration v3 dropped the `streams` table and the
///   event-id index: an append writes a page of three B-trees, the log, that index and `commands`).
///   UUIDs are 16-byte blobs, `recorded_at` seconds since 2001-01-01 UTC, `metadata` a JSON object (NULL
///   when empty), `payload` the event's JSON bytes.
/// - `commands`: one idempotency record per command id (the `AppendResult`).
/// - `snapshots`: the latest snapshot per stream.
/// - `read_models`: per model (or staging model `Name@shapeHash`), its table, shape hash, schema,
///   checkpoint and storage layout (``ColumnStorage/Layout``). Each model's rows live in their own
///   table, `rm_<name>_<shapeHash>_2`, shown under the model's stable name by the view `rm_<name>`.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: events, streams, commands, snapshots, read models") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        position INTEGER PRIMARY KEY,
                        event_id BLOB NOT NULL UNIQUE,
                        stream_category TEXT NOT NULL,
                        stream_id TEXT NOT NULL,
                        stream_version INTEGER NOT NULL,
                        event_type TEXT NOT NULL,
                        schema_version INTEGER NOT NULL,
                        recorded_at REAL NOT NULL,
                        causation_id BLOB,
                        correlation_id BLOB,
                        metadata TEXT,
                        payload BLOB NOT NULL,
                        UNIQUE (stream_category, stream_id, stream_version)
                    );
                    CREATE TABLE streams (
                        stream_category TEXT NOT NULL,
                        stream_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        PRIMARY KEY (stream_category, stream_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE commands (
                        command_id BLOB PRIMARY KEY,
                        stream_category TEXT NOT NULL,
                        stream_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        position INTEGER NOT NULL,
                        event_count INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE snapshots (
                        stream_category TEXT NOT NULL,
                        stream_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        state_version TEXT NOT NULL,
                        state BLOB NOT NULL,
                        taken_at REAL NOT NULL,
                        PRIMARY KEY (stream_category, stream_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE read_models (
                        model TEXT PRIMARY KEY,
                        staging_of TEXT,
                        table_name TEXT NOT NULL,
                        shape_hash TEXT NOT NULL,
                        schema_json TEXT NOT NULL,
                        checkpoint INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v2: read model storage layouts") { db in
            // Tables created before are of layout 1 (ColumnStorage.Layout.legacy).
            try db.execute(sql: "ALTER TABLE read_models ADD COLUMN layout INTEGER NOT NULL DEFAULT 1")
        }
        migrator.registerMigration("v3: fewer pages per append") { db in
            // A commit wrote a page of each B-tree it touched: the log, its event-id index, its
            // (stream, version) index, `streams` and `commands`. A stream's version is the largest in
            // the (stream, version) index, so `streams` goes; event ids are not unique in the log of
            // the PostgreSQL store either, so their index goes. The log is copied once, in order.
            try db.execute(
                sql: """
                    CREATE TABLE events_v3 (
                        position INTEGER PRIMARY KEY,
                        event_id BLOB NOT NULL,
                        stream_category TEXT NOT NULL,
                        stream_id TEXT NOT NULL,
                        stream_version INTEGER NOT NULL,
                        event_type TEXT NOT NULL,
                        schema_version INTEGER NOT NULL,
                        recorded_at REAL NOT NULL,
                        causation_id BLOB,
                        correlation_id BLOB,
                        metadata TEXT,
                        payload BLOB NOT NULL,
                        UNIQUE (stream_category, stream_id, stream_version)
                    );
                    INSERT INTO events_v3 SELECT * FROM events ORDER BY position;
                    DROP TABLE events;
                    ALTER TABLE events_v3 RENAME TO events;
                    DROP TABLE streams;
                    """
            )
        }
        return migrator
    }
}
