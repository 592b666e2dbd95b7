#!/usr/bin/env python3
"""The peer side of the side-by-side benchmark: the Python `eventsourcing` library (9.5.6).

Runs the same workloads as the Swift side, with the peer's own documented API:

  W1         N orders, each placed (Order created, saved) then paid (Order loaded from the
             repository, paid, saved): 2 commands, 2 events, 2 transactions per order, one client.
  W2         rebuild of the per-user orders read model (order id -> user id, item count, total,
             status) from the 2N events W1 wrote: the application's notification log is pulled in
             sections of 500 (NotificationLogReader, as the library's Follower does) and every
             event goes through a `Projection` whose view is a `TrackingRecorder` in the same
             database as the log (each event: one transaction that upserts the tracking row and
             inserts/updates the read model row, the documented materialised-view pattern).
  W2-memory  the same, with the view held in memory (a POPOTrackingRecorder) while the log is
             read from the store: the cost of reading, decoding and dispatching the events.

Stores: memory (eventsourcing.popo), sqlite (eventsourcing.sqlite, a fresh file, WAL,
synchronous=FULL), postgres (eventsourcing.postgres, a fresh database on the given cluster).

    Benchmarks/peer/setup-venv
    scripts/with-postgres Benchmarks/.venv/bin/python Benchmarks/peer/bench.py
    Benchmarks/.venv/bin/python Benchmarks/peer/bench.py --stores memory,sqlite --json

See Benchmarks/peer/README.md for what each command does on each store.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from abc import ABC, abstractmethod
from decimal import Decimal
from typing import Any, Callable, Iterator
from urllib.parse import unquote, urlparse
from uuid import UUID

try:
    import eventsourcing  # noqa: F401
except ImportError:  # pragma: no cover
    sys.exit(
        "bench.py: the peer is not installed here; run Benchmarks/peer/setup-venv, then "
        "Benchmarks/.venv/bin/python Benchmarks/peer/bench.py"
    )

from eventsourcing.application import Application
from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import InfrastructureFactory, Tracking, TrackingRecorder
from eventsourcing.popo import POPOTrackingRecorder
from eventsourcing.projection import Projection
from eventsourcing.sqlite import (
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteFactory,
    SQLiteTrackingRecorder,
)
from eventsourcing.system import NotificationLogReader
from eventsourcing.utils import Environment, get_topic

PEER_VERSION = "9.5.6"
SECTION_SIZE = 500  # notifications per pull, the Swift side's projection batch size


# --------------------------------------------------------------------------------------------
# The domain model and the application (the write side).


class Order(Aggregate):
    """An order: placed by a user with some items and a total, then paid."""

    @event("Placed")
    def __init__(self, user_id: str, items: list[str], total: Decimal) -> None:
        self.user_id = user_id
        self.items = items
        self.total = total
        self.status = "placed"

    @event("Paid")
    def pay(self, amount: Decimal) -> None:
        self.status = "paid"
        self.paid = amount

    def check_payable(self, amount: Decimal) -> None:
        if self.status != "placed":
            raise ValueError(f"order {self.id} is {self.status}")
        if amount != self.total:
            raise ValueError(f"order {self.id}: paid {amount}, total {self.total}")


class Shop(Application[UUID]):
    """The write side: one command = one `save()` = one transaction."""

    # Sections of the notification log that a reader may ask for (the default is 10).
    log_section_size = SECTION_SIZE

    def place_order(self, user_id: str, items: list[str], total: Decimal) -> UUID:
        order = Order(user_id=user_id, items=items, total=total)
        self.save(order)
        return order.id

    def pay_order(self, order_id: UUID, amount: Decimal) -> None:
        order: Order = self.repository.get(order_id)
        order.check_payable(amount)
        order.pay(amount)
        self.save(order)


# --------------------------------------------------------------------------------------------
# The read model: a projection and its materialised views (one per persistence module).


class UserOrdersView(TrackingRecorder, ABC):
    """Each user's orders: order id -> user id, item count, total, status."""

    @abstractmethod
    def order_placed(
        self, order_id: UUID, user_id: str, item_count: int, total: Decimal, tracking: Tracking
    ) -> None:
        """Inserts the order's row, atomically with the tracking record."""

    @abstractmethod
    def order_paid(self, order_id: UUID, tracking: Tracking) -> None:
        """Marks the order paid, atomically with the tracking record."""

    @abstractmethod
    def count_orders(self, status: str) -> int:
        """How many orders have this status."""

    @abstractmethod
    def user_orders(self, user_id: str) -> list[tuple[UUID, int, Decimal, str]]:
        """The user's orders: (order id, item count, total, status)."""


class POPOUserOrdersView(UserOrdersView, POPOTrackingRecorder):
    def __init__(self) -> None:
        super().__init__()
        self._orders: dict[UUID, list[Any]] = {}
        self._by_user: dict[str, list[UUID]] = {}

    def order_placed(
        self, order_id: UUID, user_id: str, item_count: int, total: Decimal, tracking: Tracking
    ) -> None:
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            self._insert_tracking(tracking)
            self._orders[order_id] = [user_id, item_count, total, "placed"]
            self._by_user.setdefault(user_id, []).append(order_id)

    def order_paid(self, order_id: UUID, tracking: Tracking) -> None:
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            self._insert_tracking(tracking)
            self._orders[order_id][3] = "paid"

    def count_orders(self, status: str) -> int:
        with self._database_lock:
            return sum(1 for row in self._orders.values() if row[3] == status)

    def user_orders(self, user_id: str) -> list[tuple[UUID, int, Decimal, str]]:
        with self._database_lock:
            return [
                (order_id, self._orders[order_id][1], self._orders[order_id][2], self._orders[order_id][3])
                for order_id in self._by_user.get(user_id, [])
            ]


class SQLiteUserOrdersView(UserOrdersView, SQLiteTrackingRecorder):
    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        statements.append(
            "CREATE TABLE IF NOT EXISTS user_orders ("
            "order_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, item_count INTEGER NOT NULL, "
            "total TEXT NOT NULL, status TEXT NOT NULL) WITHOUT ROWID"
        )
        statements.append("CREATE INDEX IF NOT EXISTS user_orders_user_id ON user_orders (user_id)")
        return statements

    def order_placed(
        self, order_id: UUID, user_id: str, item_count: int, total: Decimal, tracking: Tracking
    ) -> None:
        with self.datastore.transaction(commit=True) as c:
            self._insert_tracking(c, tracking)
            c.execute(
                "INSERT INTO user_orders VALUES (?, ?, ?, ?, 'placed')",
                (order_id.hex, user_id, item_count, str(total)),
            )

    def order_paid(self, order_id: UUID, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as c:
            self._insert_tracking(c, tracking)
            c.execute("UPDATE user_orders SET status = 'paid' WHERE order_id = ?", (order_id.hex,))

    def count_orders(self, status: str) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT COUNT(*) FROM user_orders WHERE status = ?", (status,))
            return c.fetchone()[0]

    def user_orders(self, user_id: str) -> list[tuple[UUID, int, Decimal, str]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT * FROM user_orders WHERE user_id = ?", (user_id,))
            return [
                (UUID(r["order_id"]), r["item_count"], Decimal(r["total"]), r["status"])
                for r in c.fetchall()
            ]


def _postgres_view_class() -> type[UserOrdersView]:
    """The PostgreSQL view (imported lazily: psycopg needs the system's libpq)."""
    from eventsourcing.postgres import PostgresTrackingRecorder
    from psycopg.sql import SQL, Identifier

    class PostgresUserOrdersView(UserOrdersView, PostgresTrackingRecorder):
        def __init__(self, datastore: Any, **kwargs: Any) -> None:
            super().__init__(datastore, **kwargs)
            schema = Identifier(self.datastore.schema)
            self.sql_create_statements.append(
                SQL(
                    "CREATE TABLE IF NOT EXISTS {0}.user_orders ("
                    "order_id uuid PRIMARY KEY, user_id text NOT NULL, item_count integer NOT NULL, "
                    "total numeric NOT NULL, status text NOT NULL)"
                ).format(schema)
            )
            self.sql_create_statements.append(
                SQL("CREATE INDEX IF NOT EXISTS user_orders_user_id ON {0}.user_orders (user_id)").format(schema)
            )
            self.insert_order_statement = SQL(
                "INSERT INTO {0}.user_orders VALUES (%s, %s, %s, %s, 'placed')"
            ).format(schema)
            self.pay_order_statement = SQL(
                "UPDATE {0}.user_orders SET status = 'paid' WHERE order_id = %s"
            ).format(schema)
            self.count_statement = SQL("SELECT COUNT(*) AS n FROM {0}.user_orders WHERE status = %s").format(schema)
            self.user_orders_statement = SQL("SELECT * FROM {0}.user_orders WHERE user_id = %s").format(schema)

        def order_placed(
            self, order_id: UUID, user_id: str, item_count: int, total: Decimal, tracking: Tracking
        ) -> None:
            with self.datastore.transaction(commit=True) as curs:
                self._insert_tracking(curs, tracking)
                curs.execute(self.insert_order_statement, (order_id, user_id, item_count, total), prepare=True)

        def order_paid(self, order_id: UUID, tracking: Tracking) -> None:
            with self.datastore.transaction(commit=True) as curs:
                self._insert_tracking(curs, tracking)
                curs.execute(self.pay_order_statement, (order_id,), prepare=True)

        def count_orders(self, status: str) -> int:
            with self.datastore.transaction(commit=False) as curs:
                curs.execute(self.count_statement, (status,))
                return curs.fetchone()["n"]

        def user_orders(self, user_id: str) -> list[tuple[UUID, int, Decimal, str]]:
            with self.datastore.transaction(commit=False) as curs:
                curs.execute(self.user_orders_statement, (user_id,))
                return [(r["order_id"], r["item_count"], r["total"], r["status"]) for r in curs.fetchall()]

    return PostgresUserOrdersView


class UserOrdersProjection(Projection[UserOrdersView]):
    name = "userorders"
    topics = (get_topic(Order.Placed), get_topic(Order.Paid))

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        pass

    @process_event.register
    def _(self, domain_event: Order.Placed, tracking: Tracking) -> None:
        self.view.order_placed(
            domain_event.originator_id,
            domain_event.user_id,
            len(domain_event.items),
            domain_event.total,
            tracking,
        )

    @process_event.register
    def _(self, domain_event: Order.Paid, tracking: Tracking) -> None:
        self.view.order_paid(domain_event.originator_id, tracking)


# --------------------------------------------------------------------------------------------
# SQLite with synchronous=FULL on every connection.
#
# eventsourcing.sqlite opens its connections in autocommit mode and, for a file database,
# switches the file to WAL (`PRAGMA journal_mode=WAL`, which persists in the file) on the first
# connection; it never sets `synchronous`, so SQLite's compiled-in default applies (FULL on
# Debian's build, but not on every build). To run on the same settings as the Swift side whatever
# the build, this factory is eventsourcing.sqlite's own factory with one change: its connection
# pool runs `PRAGMA synchronous=FULL` on each new connection, then checks both settings.
# It is selected the documented way: PERSISTENCE_MODULE may name a factory class by its topic.


class FullSyncSQLiteConnectionPool(SQLiteConnectionPool):
    connections_opened = 0
    trace: Callable[[str], None] | None = None  # set by --trace

    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        if not self.is_sqlite_memory_mode:
            raw = connection._sqlite_conn  # noqa: SLF001
            raw.execute("PRAGMA synchronous=FULL")
            journal_mode = raw.execute("PRAGMA journal_mode").fetchone()[0]
            synchronous = raw.execute("PRAGMA synchronous").fetchone()[0]
            if journal_mode.lower() != "wal" or synchronous != 2:
                raise RuntimeError(f"SQLite connection: journal_mode={journal_mode}, synchronous={synchronous}")
            if type(self).trace is not None:
                raw.set_trace_callback(type(self).trace)
        type(self).connections_opened += 1
        return connection


class FullSyncSQLiteFactory(SQLiteFactory):
    def __init__(self, env: Any) -> None:
        super().__init__(env)
        pool = self.datastore.pool  # created by SQLiteDatastore; no connection opened yet
        self.datastore.pool = FullSyncSQLiteConnectionPool(
            db_name=pool.db_name,
            lock_timeout=pool.lock_timeout,
            pool_size=pool.pool_size,
            max_overflow=pool.max_overflow,
            pool_timeout=pool.pool_timeout,
            max_age=pool.max_age,
            pre_ping=pool.pre_ping,
        )
        pool.close()


# --------------------------------------------------------------------------------------------
# Stores.


class Store:
    """One store kind: the environment for the application and the view, set up and torn down."""

    kind = ""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def env(self) -> dict[str, str]:
        raise NotImplementedError

    def view_class(self) -> type[UserOrdersView]:
        raise NotImplementedError

    def describe(self) -> str:
        return self.kind


class MemoryStore(Store):
    kind = "memory"

    def env(self) -> dict[str, str]:
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}

    def view_class(self) -> type[UserOrdersView]:
        return POPOUserOrdersView


class SQLiteStore(Store):
    kind = "sqlite"

    def __init__(self, directory: str | None, keep: bool) -> None:
        self.parent = directory
        self.keep = keep
        self.directory = ""

    def __enter__(self) -> SQLiteStore:
        if self.parent:
            os.makedirs(self.parent, exist_ok=True)
        self.directory = tempfile.mkdtemp(prefix="peer-sqlite-", dir=self.parent)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.keep:
            print(f"(kept {self.path})", file=sys.stderr)
        else:
            shutil.rmtree(self.directory, ignore_errors=True)

    @property
    def path(self) -> str:
        return os.path.join(self.directory, "peer.sqlite")

    def env(self) -> dict[str, str]:
        return {
            "PERSISTENCE_MODULE": get_topic(FullSyncSQLiteFactory),
            "SQLITE_DBNAME": self.path,
        }

    def view_class(self) -> type[UserOrdersView]:
        return SQLiteUserOrdersView

    def describe(self) -> str:
        return f"sqlite {self.path} (WAL, synchronous=FULL)"


def _is_loopback(host: str) -> bool:
    if host.startswith("/") or host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class PostgresStore(Store):
    kind = "postgres"

    def __init__(self, url: str, keep: bool, allow_remote: bool) -> None:
        parsed = urlparse(url)
        if parsed.scheme not in ("postgres", "postgresql"):
            raise SystemExit(f"bench.py: not a postgres:// URL: {url}")
        self.host = parsed.hostname or "127.0.0.1"
        if not allow_remote and not _is_loopback(self.host):
            raise SystemExit(f"bench.py: {self.host} is not a loopback address (give --allow-remote to use it)")
        self.port = str(parsed.port or 5432)
        self.user = unquote(parsed.username or "postgres")
        self.password = unquote(parsed.password or "")
        self.admin_dbname = unquote(parsed.path.lstrip("/")) or "postgres"
        self.dbname = f"peer_bench_{uuid.uuid4().hex[:8]}"
        self.keep = keep

    def _admin(self) -> Any:
        import psycopg

        return psycopg.connect(
            dbname=self.admin_dbname, host=self.host, port=self.port, user=self.user,
            password=self.password, autocommit=True,
        )

    def __enter__(self) -> PostgresStore:
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.dbname}"')
        return self

    def __exit__(self, *exc: object) -> None:
        if self.keep:
            print(f"(kept database {self.dbname})", file=sys.stderr)
            return
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')

    def settings(self) -> dict[str, str]:
        with self._admin() as conn:
            rows = conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('fsync', 'synchronous_commit', 'wal_sync_method', 'server_version', 'full_page_writes')"
            ).fetchall()
        return dict(rows)

    def env(self) -> dict[str, str]:
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": self.port,
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
        }

    def view_class(self) -> type[UserOrdersView]:
        return _postgres_view_class()

    def describe(self) -> str:
        return f"postgres {self.host}:{self.port}/{self.dbname}"


# --------------------------------------------------------------------------------------------
# Workloads.


def run_w1(app: Shop, orders: int) -> tuple[float, float]:
    """W1: `orders` orders placed then paid, one command (one save) per transaction.
    Wall-clock seconds and this process's CPU seconds."""
    items = ["book", "pen"]
    total = Decimal(12)
    start, cpu = time.perf_counter(), time.process_time()
    for index in range(orders):
        order_id = app.place_order(f"user-{index % 1000}", items, total)
        app.pay_order(order_id, total)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    last = app.recorder.max_notification_id()
    if last != 2 * orders:
        raise RuntimeError(f"W1: expected {2 * orders} events in the log, found {last}")
    return seconds, cpu


@contextlib.contextmanager
def make_view(env: dict[str, str], view_class: type[UserOrdersView]) -> Iterator[UserOrdersView]:
    """The view, built the way ProjectionRunner builds it: an infrastructure factory from the
    environment named after the projection, then `tracking_recorder(view_class)`."""
    factory = InfrastructureFactory.construct(env=Environment(UserOrdersProjection.name, env))
    try:
        yield factory.tracking_recorder(view_class)
    finally:
        factory.close()


def pull_and_process(app: Shop, projection: UserOrdersProjection) -> int:
    """Pulls the application's notification log from the projection's last tracked position
    (as eventsourcing.system.Follower.pull_and_process does) and processes every event."""
    reader = NotificationLogReader(app.notification_log, section_size=SECTION_SIZE)
    start = projection.view.max_tracking_id(app.name)
    mapper = app.mapper
    processed = 0
    for notifications in reader.select(start=start, topics=projection.topics, inclusive_of_start=False):
        for notification in notifications:
            domain_event = mapper.to_domain_event(notification)
            projection.process_event(domain_event, Tracking(app.name, notification.id))
        processed += len(notifications)
    return processed


def run_w2(
    app: Shop, env: dict[str, str], view_class: type[UserOrdersView], orders: int
) -> tuple[float, float]:
    """W2: rebuilds the read model from the whole log into a fresh view. Wall and CPU seconds."""
    with make_view(env, view_class) as view:
        if view.max_tracking_id(app.name) is not None:
            raise RuntimeError("W2: the view is not empty")
        projection = UserOrdersProjection(view=view)
        start, cpu = time.perf_counter(), time.process_time()
        processed = pull_and_process(app, projection)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        check_view(view, app, orders, processed)
    return seconds, cpu


def run_w2_with_runner(store: Store, env: dict[str, str], orders: int) -> tuple[float, float]:
    """W2 through eventsourcing.projection.ProjectionRunner (stores whose recorder supports
    subscriptions: postgres). The runner builds its own application object and view from
    `env`, subscribes, and processes in its own thread; `wait()` returns once the view has
    tracked the last notification (it polls, sleeping up to 0.8 s). Seconds."""
    from eventsourcing.projection import ProjectionRunner

    last = 2 * orders
    start, cpu = time.perf_counter(), time.process_time()
    with ProjectionRunner(
        application_class=Shop,
        projection_class=UserOrdersProjection,
        view_class=store.view_class(),
        env=env,
    ) as runner:
        runner.wait(last, timeout=3600)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        check_view(runner.view, runner.app, orders, last)
    return seconds, cpu


def check_view(view: UserOrdersView, app: Shop, orders: int, processed: int) -> None:
    if processed != 2 * orders:
        raise RuntimeError(f"W2: processed {processed} events, expected {2 * orders}")
    if view.max_tracking_id(app.name) != 2 * orders:
        raise RuntimeError("W2: the view did not track the end of the log")
    if view.count_orders("paid") != orders or view.count_orders("placed") != 0:
        raise RuntimeError("W2: the read model does not hold every order as paid")
    rows = view.user_orders("user-0")
    if len(rows) != len(range(0, orders, 1000)) or any(r[1] != 2 or r[2] != 12 or r[3] != "paid" for r in rows):
        raise RuntimeError(f"W2: unexpected rows for user-0: {rows[:3]}")


# --------------------------------------------------------------------------------------------
# Reporting.


class Reporter:
    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.rows: list[dict[str, Any]] = []

    def note(self, text: str) -> None:
        print(text, file=sys.stderr if self.as_json else sys.stdout, flush=True)

    def add(self, workload: str, store: str, events: int, timing: tuple[float, float], **extra: Any) -> None:
        seconds, cpu = timing
        row = {
            "side": "peer",
            "workload": workload,
            "store": store,
            "events": events,
            "seconds": round(seconds, 6),
            "events_per_second": round(events / seconds, 1),
            **extra,
            "cpu_seconds": round(cpu, 6),
        }
        self.rows.append(row)
        if self.as_json:
            print(json.dumps(row), flush=True)
        else:
            what = f"{workload} {store}" + (f" (read model: {extra['read_model']})" if "read_model" in extra else "")
            self.note(f"  {what:<44} {events:>7} events {seconds:9.3f} s {events / seconds:>11,.0f} events/s")

    def table(self) -> None:
        if self.as_json or not self.rows:
            return
        print()
        print(f"peer: eventsourcing {PEER_VERSION}, Python {sys.version.split()[0]}")
        print(
            f"{'workload':<10} {'store':<9} {'read model':<11} {'events':>7} {'seconds':>9} {'events/s':>11} "
            f"{'CPU s':>8}"
        )
        for r in self.rows:
            print(
                f"{r['workload']:<10} {r['store']:<9} {r.get('read_model', ''):<11} {r['events']:>7} "
                f"{r['seconds']:>9.3f} {r['events_per_second']:>11,.0f} {r['cpu_seconds']:>8.3f}"
            )


def bench_store(store: Store, args: argparse.Namespace, reporter: Reporter) -> None:
    env = store.env()
    app = Shop(env=env)
    try:
        reporter.note(f"{store.describe()}: W1, {args.orders} orders ...")
        timing = run_w1(app, args.orders)
        events = 2 * args.orders
        reporter.add("W1", store.kind, events, timing, orders=args.orders, commands=events)
        if args.no_w2:
            return
        if store.kind == "memory":
            timing = run_w2(app, env, POPOUserOrdersView, args.orders)
            reporter.add("W2", store.kind, events, timing, read_model="memory")
            return
        if args.w2_driver == "runner" and store.kind == "postgres":
            timing = run_w2_with_runner(store, env, args.orders)
            reporter.add("W2", store.kind, events, timing, read_model=store.kind, driver="ProjectionRunner")
        else:
            timing = run_w2(app, env, store.view_class(), args.orders)
            reporter.add("W2", store.kind, events, timing, read_model=store.kind)
        view_env = dict(env, USERORDERS_PERSISTENCE_MODULE="eventsourcing.popo")
        timing = run_w2(app, view_env, POPOUserOrdersView, args.orders)
        reporter.add("W2-memory", store.kind, events, timing, read_model="memory")
    finally:
        app.close()


# --------------------------------------------------------------------------------------------
# --trace: what one command does on each store (statements, transactions, fsyncs).


def trace_sqlite(args: argparse.Namespace) -> None:
    statements: list[str] = []
    FullSyncSQLiteConnectionPool.trace = statements.append
    with SQLiteStore(args.sqlite_dir, keep=False) as store:
        env = store.env()
        app = Shop(env=env)
        order_id = app.place_order("user-0", ["book", "pen"], Decimal(12))  # warm-up: connections open
        app.pay_order(order_id, Decimal(12))
        for label, command in (
            ("place_order (create + save)", lambda: app.place_order("user-1", ["book", "pen"], Decimal(12))),
        ):
            statements.clear()
            order_id = command()
            print(f"sqlite W1 {label}: {len(statements)} statements")
            for s in statements:
                print(f"    {s}")
        statements.clear()
        app.pay_order(order_id, Decimal(12))
        print(f"sqlite W1 pay_order (get + pay + save): {len(statements)} statements")
        for s in statements:
            print(f"    {s}")
        with make_view(env, SQLiteUserOrdersView) as view:
            projection = UserOrdersProjection(view=view)
            statements.clear()
            processed = pull_and_process(app, projection)
        print(f"sqlite W2 rebuild of {processed} events: {len(statements)} statements")
        for s in statements:
            print(f"    {s}")
        app.close()
    FullSyncSQLiteConnectionPool.trace = None


def _server_log(admin: Any) -> str | None:
    """The server's log file, where this session can find it (logging collector, or the layout of
    scripts/with-postgres: DATADIR/../server.log)."""
    with contextlib.suppress(Exception):
        current = admin.execute("SELECT pg_current_logfile()").fetchone()[0]
        if current:
            directory = admin.execute("SELECT current_setting('data_directory')").fetchone()[0]
            path = current if current.startswith("/") else os.path.join(directory, current)
            if os.access(path, os.R_OK):
                return path
    with contextlib.suppress(Exception):
        directory = admin.execute("SELECT current_setting('data_directory')").fetchone()[0]
        path = os.path.join(os.path.dirname(directory.rstrip("/")), "server.log")
        if os.access(path, os.R_OK):
            return path
    return None


def trace_postgres(args: argparse.Namespace) -> None:
    url = args.postgres_url or os.environ.get("CQRS_POSTGRES_URL")
    if not url:
        print("postgres: no --postgres-url and no CQRS_POSTGRES_URL: skipped")
        return
    n = 100
    with PostgresStore(url, keep=False, allow_remote=args.allow_remote) as store:
        admin = store._admin()  # noqa: SLF001
        log_path = _server_log(admin)
        try:
            admin.execute(f'ALTER DATABASE "{store.dbname}" SET log_statement = \'all\'')
        except Exception as e:  # noqa: BLE001 (not a superuser: no statement log)
            print(f"postgres: cannot log statements ({e}); counting transactions and WAL fsyncs only")
            log_path = None
        env = store.env()
        app = Shop(env=env)

        def counters() -> tuple[int, int]:
            # Idle backends publish their statistics within 10 s (PGSTAT_IDLE_INTERVAL).
            time.sleep(11)
            admin.execute("SELECT pg_stat_clear_snapshot()")
            commits = admin.execute(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = %s", (store.dbname,)
            ).fetchone()[0]
            wal_sync = admin.execute("SELECT wal_sync FROM pg_stat_wal").fetchone()[0]
            return commits, wal_sync

        def logged(command: Callable[[], Any]) -> tuple[Any, list[str]]:
            offset = os.path.getsize(log_path) if log_path else 0
            result = command()
            lines: list[str] = []
            if log_path:
                time.sleep(0.2)
                with open(log_path, errors="replace") as f:
                    f.seek(offset)
                    lines = [
                        re.sub(r"^.*?LOG:  ", "", line.rstrip())[:160]
                        for line in f
                        if "LOG:  statement: " in line or "LOG:  execute " in line
                    ]
            return result, lines

        order_id = app.place_order("user-0", ["book", "pen"], Decimal(12))  # warm-up: pool, prepared statements
        app.pay_order(order_id, Decimal(12))
        order_id, lines = logged(lambda: app.place_order("user-1", ["book", "pen"], Decimal(12)))
        if log_path:
            print(f"postgres W1 place_order (create + save): {len(lines)} statements")
            for line in lines:
                print(f"    {line}")
        _, lines = logged(lambda: app.pay_order(order_id, Decimal(12)))
        if log_path:
            print(f"postgres W1 pay_order (get + pay + save): {len(lines)} statements")
            for line in lines:
                print(f"    {line}")

        before = counters()
        ids = [app.place_order(f"user-{i}", ["book", "pen"], Decimal(12)) for i in range(n)]
        middle = counters()
        for order_id in ids:
            app.pay_order(order_id, Decimal(12))
        after = counters()
        for label, a, b in (("place_order", before, middle), ("pay_order", middle, after)):
            print(
                f"postgres W1 {label}: per command {(b[0] - a[0]) / n:.2f} committed transactions, "
                f"{(b[1] - a[1]) / n:.2f} WAL fsyncs (pg_stat_database, pg_stat_wal over {n} commands)"
            )
        with make_view(env, store.view_class()) as view:
            projection = UserOrdersProjection(view=view)
            before = counters()
            processed, lines = logged(lambda: pull_and_process(app, projection))
            after = counters()
        print(
            f"postgres W2 rebuild of {processed} events: per event {(after[0] - before[0]) / processed:.2f} "
            f"committed transactions, {(after[1] - before[1]) / processed:.2f} WAL fsyncs"
        )
        if log_path:
            print(f"postgres W2 rebuild of {processed} events: {len(lines)} statements; the first 12:")
            for line in lines[:12]:
                print(f"    {line}")
        admin.close()
        app.close()


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=f"Peer benchmark: eventsourcing {PEER_VERSION} (W1 place+pay, W2 read model rebuild).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    parser.add_argument("--orders", type=int, default=10_000, help="orders for W1 (2 events each); default 10000")
    parser.add_argument("--stores", default="memory,sqlite,postgres", help="comma-separated: memory,sqlite,postgres")
    parser.add_argument("--json", action="store_true", help="one JSON object per figure, one per line")
    parser.add_argument("--postgres-url", help="postgres://user@127.0.0.1:PORT/db (default: $CQRS_POSTGRES_URL)")
    parser.add_argument("--sqlite-dir", help="where to make the fresh SQLite file (default: the system's temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file and the PostgreSQL database")
    parser.add_argument("--no-w2", action="store_true", help="W1 only")
    parser.add_argument(
        "--w2-driver", choices=("pull", "runner"), default="pull",
        help="W2 on postgres: pull the notification log (default, as on every store) or use ProjectionRunner",
    )
    parser.add_argument("--allow-remote", action="store_true", help="allow a PostgreSQL host that is not loopback")
    parser.add_argument("--trace", action="store_true", help="print what one command does on sqlite and postgres")
    args = parser.parse_args(argv)

    if args.trace:
        trace_sqlite(args)
        trace_postgres(args)
        return 0

    kinds = [k.strip() for k in args.stores.split(",") if k.strip()]
    unknown = set(kinds) - {"memory", "sqlite", "postgres"}
    if unknown or args.orders < 1:
        parser.error(f"unknown stores: {', '.join(sorted(unknown))}" if unknown else "--orders must be >= 1")

    reporter = Reporter(args.json)
    reporter.note(f"peer: eventsourcing {PEER_VERSION} on Python {sys.version.split()[0]}, {args.orders} orders")
    status = 0
    for kind in kinds:
        store: Store
        if kind == "memory":
            store = MemoryStore()
        elif kind == "sqlite":
            store = SQLiteStore(args.sqlite_dir, args.keep)
        else:
            url = args.postgres_url or os.environ.get("CQRS_POSTGRES_URL")
            if not url:
                reporter.note("postgres: skipped (give --postgres-url or set CQRS_POSTGRES_URL)")
                status = 1
                continue
            store = PostgresStore(url, args.keep, args.allow_remote)
        with store:
            if isinstance(store, PostgresStore):
                s = store.settings()
                reporter.note(
                    f"postgres {s.get('server_version')}: fsync={s.get('fsync')}, "
                    f"synchronous_commit={s.get('synchronous_commit')}, wal_sync_method={s.get('wal_sync_method')}"
                )
            bench_store(store, args, reporter)
    reporter.table()
    return status


if __name__ == "__main__":
    sys.exit(main())
