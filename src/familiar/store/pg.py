"""Connections and migrations for the PostgreSQL store (psycopg 3, from `familiar[server]`).

The password never comes from familiar's config: libpq reads PGPASSWORD, ~/.pgpass or
a client certificate, like every PostgreSQL client.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from familiar.config import redact_url
from familiar.errors import ExternalError, UserError

try:
    import psycopg
    from psycopg.rows import DictRow, dict_row
except ImportError:  # pragma: no cover - depends on the installed extras
    raise UserError(
        "store_url names a PostgreSQL server, which needs psycopg: pip install 'familiar[server]'"
    ) from None

Connection = psycopg.Connection[DictRow]

# One key for every familiar process on the server: migrations run one at a time.
_MIGRATION_LOCK = 0x66616D696C696172  # "familiar"


def connect(url: str) -> Connection:
    """A connection in autocommit mode (transactions are explicit), times in UTC."""
    try:
        db = psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=10)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        if "password" in reason:
            reason += "; set PGPASSWORD or put the password in ~/.pgpass, not in the config"
        raise UserError(f"cannot open the PostgreSQL store {redact_url(url)}: {reason}") from None
    db.execute("SET TIME ZONE 'UTC'")
    return db


class Session:
    """One connection shared by a process's threads under a lock (tools run in threads).

    If the server goes away (a restart, a network change between devices), the call
    that finds out fails with one clear line, its transaction rolled back by the server,
    and the next call connects afresh.
    """

    def __init__(self, url: str, prepare: Callable[[Connection], None] | None = None) -> None:
        self.url = url
        self.lock = threading.RLock()
        self._prepare = prepare
        self._db = self._open()

    def _open(self) -> Connection:
        db = connect(self.url)
        if self._prepare is not None:
            self._prepare(db)
        return db

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """The live connection, held alone (autocommit: each statement is its own unit)."""
        with self.lock:
            if self._db.closed:
                self._db = self._open()
            try:
                yield self._db
            except psycopg.OperationalError as exc:
                self._db.close()  # a broken connection is not reused
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "lost"
                raise ExternalError(
                    f"the PostgreSQL store {redact_url(self.url)} went away ({reason});"
                    " nothing was saved by this step; try again"
                ) from None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One atomic unit of work."""
        with self.connection() as db, db.transaction():
            yield db

    def rows(self, query: str, params: Sequence[Any] = ()) -> list[DictRow]:
        """All rows of one statement."""
        with self.connection() as db:
            return db.execute(query, tuple(params)).fetchall()

    def one(self, query: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row (None when there is none)."""
        with self.connection() as db:
            return one(db, query, tuple(params))

    def close(self) -> None:
        """Close the connection."""
        with self.lock:
            self._db.close()


def migrate(db: Connection, migrations: list[tuple[str, str]]) -> None:
    """Apply the named migrations not yet applied, in order, each once (idempotent)."""
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        db.execute(
            "CREATE TABLE IF NOT EXISTS migrations"
            " (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        done = {row["name"] for row in db.execute("SELECT name FROM migrations")}
        for name, script in migrations:
            if name in done:
                continue
            try:
                db.execute(script)  # several statements: allowed without parameters
            except psycopg.errors.InsufficientPrivilege as exc:
                raise UserError(
                    f"the PostgreSQL store needs migration {name} but the user may not apply it"
                    f" ({exc}); ask the server's owner to run it, e.g. CREATE EXTENSION vector"
                ) from None
            db.execute("INSERT INTO migrations (name) VALUES (%s)", (name,))


def applied(db: Connection) -> list[str]:
    """Names of the applied migrations, in order."""
    return [str(r["name"]) for r in db.execute("SELECT name FROM migrations ORDER BY name")]


def one(db: Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    """The first column of the first row (None when there is none)."""
    row = db.execute(sql, params).fetchone()
    return None if row is None else next(iter(row.values()))
