"""The store on one SQLite file: WAL, migrations, one lock around the connection."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from familiar.errors import UserError
from familiar.store.base import RecordStore
from familiar.store.migrations import MIGRATIONS
from familiar.store.records import JSON_STEP_FIELDS, Reminder, RunRecord, StepRecord

if TYPE_CHECKING:
    from familiar.integrations.state import SyncState
    from familiar.memory.store import MemoryStore


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("the store only keeps aware datetimes")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the store file, shareable across threads under the caller's lock."""
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=10000")
    return db


@contextmanager
def transaction(db: sqlite3.Connection, lock: threading.RLock) -> Iterator[sqlite3.Connection]:
    """One atomic unit of work on `db`, serialised by `lock`."""
    with lock:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


class Store(RecordStore):
    """Runs, steps, reminders and skill state in one SQLite file.

    Tools run in worker threads (for their time limit), so one connection is shared
    under a lock rather than bound to the thread that opened it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = connect(path)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._lock = threading.RLock()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise UserError(
                f"the store {path} cannot be opened ({exc}); move it aside to start afresh"
            ) from None

    def describe(self) -> str:
        """The store file."""
        return str(self.path)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    def memory_store(self, cache_dir: Path) -> MemoryStore:
        """Memory on the same file, with its vector index cached under `cache_dir`."""
        from familiar.memory.sqlite import SqliteMemoryStore

        return SqliteMemoryStore(self, cache_dir)

    def sync_state(self) -> SyncState:
        """The sources' sync state on this file's connection."""
        from familiar.integrations.state_sqlite import SqliteSyncState

        return SqliteSyncState(self)

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One atomic unit of work."""
        return transaction(self._db, self._lock)

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _migrate(self) -> None:
        with self.transaction() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
            done = {row[0] for row in db.execute("SELECT name FROM migrations")}
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                for statement in _statements(sql):
                    db.execute(statement)
                db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _iso(datetime.now(UTC))))

    def migrations(self) -> list[str]:
        """Names of the applied migrations, in order."""
        return [r[0] for r in self._query("SELECT name FROM migrations ORDER BY name")]

    # runs and steps -------------------------------------------------------------

    def start_run(self, request: str, channel: str, model: str, at: datetime) -> int:
        """Record a new run; returns its id."""
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO runs (started_at, channel, request, model, status)"
                " VALUES (?, ?, ?, ?, 'running')",
                (_iso(at), channel, request, model),
            )
            return int(cur.lastrowid or 0)

    def finish_run(
        self,
        run_id: int,
        status: str,
        at: datetime,
        answer: str | None = None,
        error: str | None = None,
    ) -> None:
        """Record how a run ended."""
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET status=?, finished_at=?, answer=?, error=? WHERE id=?",
                (status, _iso(at), answer, error, run_id),
            )

    def add_step(self, run_id: int, kind: str, started_at: datetime, **fields: Any) -> int:
        """Append a step to a run; JSON fields are serialised here."""
        for key in JSON_STEP_FIELDS:
            if key in fields and fields[key] is not None:
                fields[key] = json.dumps(fields[key], ensure_ascii=False, default=str)
        columns = ["run_id", "idx", "kind", "started_at", *fields]
        with self.transaction() as db:
            (idx,) = db.execute(
                "SELECT COALESCE(MAX(idx), -1) + 1 FROM steps WHERE run_id=?", (run_id,)
            ).fetchone()
            values = [run_id, idx, kind, _iso(started_at), *fields.values()]
            cur = db.execute(
                f"INSERT INTO steps ({', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})",
                values,
            )
            return int(cur.lastrowid or 0)

    def runs(self, limit: int = 20) -> list[RunRecord]:
        """The most recent runs, newest first."""
        rows = self._query("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [_run(row) for row in rows]

    def run(self, run_id: int) -> RunRecord | None:
        """One run by id."""
        rows = self._query("SELECT * FROM runs WHERE id=?", (run_id,))
        return _run(rows[0]) if rows else None

    def steps(self, run_id: int) -> list[StepRecord]:
        """The steps of a run, in order."""
        rows = self._query("SELECT * FROM steps WHERE run_id=? ORDER BY idx", (run_id,))
        result = []
        for row in rows:
            data = dict(row)
            for key in JSON_STEP_FIELDS:
                data[key] = json.loads(data[key]) if data[key] else None
            result.append(StepRecord.model_validate(data))
        return result

    # reminders ------------------------------------------------------------------

    def add_reminder(
        self, text: str, due_at: datetime, timezone: str, at: datetime, run_id: int | None
    ) -> Reminder:
        """Store a reminder."""
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO reminders (text, due_at, timezone, created_at, run_id)"
                " VALUES (?, ?, ?, ?, ?)",
                (text, _iso(due_at), timezone, _iso(at), run_id),
            )
            reminder_id = int(cur.lastrowid or 0)
        found = self.reminder(reminder_id)
        assert found is not None
        return found

    def reminder(self, reminder_id: int) -> Reminder | None:
        """One reminder by id."""
        rows = self._query("SELECT * FROM reminders WHERE id=?", (reminder_id,))
        return _reminder(rows[0]) if rows else None

    def reminders(self, include_done: bool = False) -> list[Reminder]:
        """Reminders by due time; open ones only unless asked."""
        where = "" if include_done else "WHERE done_at IS NULL"
        rows = self._query(f"SELECT * FROM reminders {where} ORDER BY due_at, id")
        return [_reminder(row) for row in rows]

    def due_reminders(self, now: datetime, unnotified_only: bool = True) -> list[Reminder]:
        """Open reminders whose time has come (not yet shown, unless asked for all)."""
        extra = "AND notified_at IS NULL" if unnotified_only else ""
        rows = self._query(
            f"SELECT * FROM reminders WHERE done_at IS NULL AND due_at <= ? {extra}"
            " ORDER BY due_at, id",
            (_iso(now),),
        )
        return [_reminder(row) for row in rows]

    def mark_notified(self, ids: list[int], at: datetime) -> None:
        """Remember that these reminders were shown."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE reminders SET notified_at=? WHERE id=?", [(_iso(at), i) for i in ids]
            )

    def complete_reminder(self, reminder_id: int, at: datetime) -> bool:
        """Mark a reminder done; False if there is no such open reminder."""
        with self.transaction() as db:
            cur = db.execute(
                "UPDATE reminders SET done_at=? WHERE id=? AND done_at IS NULL",
                (_iso(at), reminder_id),
            )
            return cur.rowcount == 1

    # skills ---------------------------------------------------------------------

    def skill_states(self) -> dict[str, dict[str, Any]]:
        """Every skill's saved state, as the JSON documents `familiar.skills.state` reads."""
        rows = self._query("SELECT name, state FROM skills ORDER BY name")
        return {row["name"]: json.loads(row["state"]) for row in rows}

    def save_skill_state(self, name: str, state: dict[str, Any], at: datetime) -> None:
        """Replace one skill's saved state."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO skills (name, state, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET state=excluded.state,"
                " updated_at=excluded.updated_at",
                (name, json.dumps(state, ensure_ascii=False, sort_keys=True), _iso(at)),
            )

    def delete_skill_state(self, name: str) -> bool:
        """Forget a skill's saved state; False if there was none."""
        with self.transaction() as db:
            return db.execute("DELETE FROM skills WHERE name=?", (name,)).rowcount == 1


def _statements(script: str) -> list[str]:
    """Split a script into statements (comments may contain semicolons)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {buffer.strip()[:60]}")
    return statements


def _run(row: sqlite3.Row) -> RunRecord:
    return RunRecord.model_validate(dict(row))


def _reminder(row: sqlite3.Row) -> Reminder:
    return Reminder.model_validate(dict(row))
