"""The kernel's records on a PostgreSQL server, for users with several devices.

Each process holds one connection (`pg.Session`), shared by its threads under a lock;
the server orders writes between devices. The sources' sync state shares it
(`sync_state`); memory opens its own connection to the same database (`memory_store`).
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psycopg import sql
from psycopg.types.json import Jsonb

from familiar.config import redact_url
from familiar.store.base import RecordStore
from familiar.store.pg import Connection, Session, applied, migrate, one
from familiar.store.pg_migrations import PG_MIGRATIONS
from familiar.store.records import JSON_STEP_FIELDS, Reminder, RunRecord, StepRecord

if TYPE_CHECKING:
    from familiar.integrations.state import SyncState
    from familiar.memory.store import MemoryStore

_STEP_FIELDS = frozenset(StepRecord.model_fields) - {"id", "run_id", "idx", "kind", "started_at"}


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("the store only keeps aware datetimes")
    return moment


def _json(value: Any) -> Jsonb:
    return Jsonb(value, dumps=lambda v: json.dumps(v, ensure_ascii=False, default=str))


class PostgresStore(RecordStore):
    """Runs, steps, reminders and skill state in a PostgreSQL database (migrated on open)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._session = Session(url)
        with self._session.connection() as db:
            migrate(db, PG_MIGRATIONS)

    def describe(self) -> str:
        """The server URL without its password."""
        return redact_url(self.url)

    def close(self) -> None:
        """Close the connection."""
        self._session.close()

    def memory_store(self, cache_dir: Path) -> MemoryStore:
        """Memory in the same database (its vectors are searched by pgvector; no cache)."""
        from familiar.memory.postgres import PostgresMemoryStore

        return PostgresMemoryStore(self.url)

    def sync_state(self) -> SyncState:
        """The sources' sync state on this store's connection."""
        from familiar.integrations.state_postgres import PostgresSyncState

        return PostgresSyncState(self._session)

    def _tx(self) -> AbstractContextManager[Connection]:
        return self._session.transaction()

    def _rows(self, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return self._session.rows(query, params)

    def migrations(self) -> list[str]:
        """Names of the applied migrations, in order."""
        with self._session.connection() as db:
            return applied(db)

    # runs and steps -------------------------------------------------------------

    def start_run(self, request: str, channel: str, model: str, at: datetime) -> int:
        """Record a new run; returns its id."""
        with self._tx() as db:
            return int(
                one(
                    db,
                    "INSERT INTO runs (started_at, channel, request, model, status)"
                    " VALUES (%s, %s, %s, %s, 'running') RETURNING id",
                    (_aware(at), channel, request, model),
                )
            )

    def finish_run(
        self,
        run_id: int,
        status: str,
        at: datetime,
        answer: str | None = None,
        error: str | None = None,
    ) -> None:
        """Record how a run ended."""
        with self._tx() as db:
            db.execute(
                "UPDATE runs SET status=%s, finished_at=%s, answer=%s, error=%s WHERE id=%s",
                (status, _aware(at), answer, error, run_id),
            )

    def add_step(self, run_id: int, kind: str, started_at: datetime, **fields: Any) -> int:
        """Append a step to a run; JSON fields are stored as JSONB."""
        unknown = set(fields) - _STEP_FIELDS
        if unknown:
            raise ValueError(f"unknown step fields: {', '.join(sorted(unknown))}")
        for key in JSON_STEP_FIELDS:
            if fields.get(key) is not None:
                fields[key] = _json(fields[key])
        columns = ["run_id", "idx", "kind", "started_at", *fields]
        query = sql.SQL("INSERT INTO steps ({}) VALUES ({}) RETURNING id").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(sql.Placeholder() * len(columns)),
        )
        with self._tx() as db:
            # The run's row lock orders steps written by several devices at once.
            db.execute("SELECT 1 FROM runs WHERE id=%s FOR UPDATE", (run_id,))
            idx = one(db, "SELECT COALESCE(MAX(idx), -1) + 1 FROM steps WHERE run_id=%s", (run_id,))
            values = [run_id, idx, kind, _aware(started_at), *fields.values()]
            row = db.execute(query, values).fetchone()
            assert row is not None
            return int(row["id"])

    def runs(self, limit: int = 20) -> list[RunRecord]:
        """The most recent runs, newest first."""
        rows = self._rows("SELECT * FROM runs ORDER BY id DESC LIMIT %s", (limit,))
        return [RunRecord.model_validate(r) for r in rows]

    def run(self, run_id: int) -> RunRecord | None:
        """One run by id."""
        rows = self._rows("SELECT * FROM runs WHERE id=%s", (run_id,))
        return RunRecord.model_validate(rows[0]) if rows else None

    def steps(self, run_id: int) -> list[StepRecord]:
        """The steps of a run, in order."""
        rows = self._rows("SELECT * FROM steps WHERE run_id=%s ORDER BY idx", (run_id,))
        return [StepRecord.model_validate(r) for r in rows]

    # reminders ------------------------------------------------------------------

    def add_reminder(
        self, text: str, due_at: datetime, timezone: str, at: datetime, run_id: int | None
    ) -> Reminder:
        """Store a reminder."""
        with self._tx() as db:
            row = db.execute(
                "INSERT INTO reminders (text, due_at, timezone, created_at, run_id)"
                " VALUES (%s, %s, %s, %s, %s) RETURNING *",
                (text, _aware(due_at), timezone, _aware(at), run_id),
            ).fetchone()
        return Reminder.model_validate(row)

    def reminder(self, reminder_id: int) -> Reminder | None:
        """One reminder by id."""
        rows = self._rows("SELECT * FROM reminders WHERE id=%s", (reminder_id,))
        return Reminder.model_validate(rows[0]) if rows else None

    def reminders(self, include_done: bool = False) -> list[Reminder]:
        """Reminders by due time; open ones only unless asked."""
        where = "" if include_done else "WHERE done_at IS NULL"
        rows = self._rows(f"SELECT * FROM reminders {where} ORDER BY due_at, id")
        return [Reminder.model_validate(r) for r in rows]

    def due_reminders(self, now: datetime, unnotified_only: bool = True) -> list[Reminder]:
        """Open reminders whose time has come (not yet shown, unless asked for all)."""
        extra = "AND notified_at IS NULL" if unnotified_only else ""
        rows = self._rows(
            f"SELECT * FROM reminders WHERE done_at IS NULL AND due_at <= %s {extra}"
            " ORDER BY due_at, id",
            (_aware(now),),
        )
        return [Reminder.model_validate(r) for r in rows]

    def mark_notified(self, ids: list[int], at: datetime) -> None:
        """Remember that these reminders were shown."""
        with self._tx() as db:
            db.execute(
                "UPDATE reminders SET notified_at=%s WHERE id = ANY(%s)", (_aware(at), list(ids))
            )

    def complete_reminder(self, reminder_id: int, at: datetime) -> bool:
        """Mark a reminder done; False if there is no such open reminder."""
        with self._tx() as db:
            cur = db.execute(
                "UPDATE reminders SET done_at=%s WHERE id=%s AND done_at IS NULL",
                (_aware(at), reminder_id),
            )
            return cur.rowcount == 1

    # skills ---------------------------------------------------------------------

    def skill_states(self) -> dict[str, dict[str, Any]]:
        """Every skill's saved state, as the JSON documents `familiar.skills.state` reads."""
        rows = self._rows("SELECT name, state FROM skills ORDER BY name")
        return {str(r["name"]): dict(r["state"]) for r in rows}

    def save_skill_state(self, name: str, state: dict[str, Any], at: datetime) -> None:
        """Replace one skill's saved state."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO skills (name, state, updated_at) VALUES (%s, %s, %s)"
                " ON CONFLICT (name) DO UPDATE SET state=EXCLUDED.state,"
                " updated_at=EXCLUDED.updated_at",
                (name, _json(state), _aware(at)),
            )

    def delete_skill_state(self, name: str) -> bool:
        """Forget a skill's saved state; False if there was none."""
        with self._tx() as db:
            return db.execute("DELETE FROM skills WHERE name=%s", (name,)).rowcount == 1
