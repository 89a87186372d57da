"""The interface every store backend implements for the kernel's records.

A backend keeps runs, steps and reminders, and opens memory's backend (`memory_store`)
and the sources' sync state (`sync_state`) on the same database, so the whole store is
chosen in one place: the local SQLite file (`familiar.store.sqlite`) or a PostgreSQL
server (`familiar.store.postgres`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from familiar.store.records import Reminder, RunRecord, StepRecord

if TYPE_CHECKING:
    from familiar.integrations.state import SyncState
    from familiar.memory.store import MemoryStore


class RecordStore(ABC):
    """Runs, steps, reminders and skill state in one database."""

    @abstractmethod
    def describe(self) -> str:
        """Where the store lives, for messages (never with a password)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    @abstractmethod
    def migrations(self) -> list[str]:
        """Names of the applied migrations, in order."""

    @abstractmethod
    def memory_store(self, cache_dir: Path) -> MemoryStore:
        """Memory's backend on the same database (derived caches go under `cache_dir`)."""

    @abstractmethod
    def sync_state(self) -> SyncState:
        """What sync knows about the sources, on this store's connection (cheap to open)."""

    # runs and steps -------------------------------------------------------------

    @abstractmethod
    def start_run(self, request: str, channel: str, model: str, at: datetime) -> int:
        """Record a new run; returns its id."""

    @abstractmethod
    def finish_run(
        self,
        run_id: int,
        status: str,
        at: datetime,
        answer: str | None = None,
        error: str | None = None,
    ) -> None:
        """Record how a run ended."""

    @abstractmethod
    def add_step(self, run_id: int, kind: str, started_at: datetime, **fields: Any) -> int:
        """Append a step to a run (fields are StepRecord's); returns its id."""

    @abstractmethod
    def runs(self, limit: int = 20) -> list[RunRecord]:
        """The most recent runs, newest first."""

    @abstractmethod
    def run(self, run_id: int) -> RunRecord | None:
        """One run by id."""

    @abstractmethod
    def steps(self, run_id: int) -> list[StepRecord]:
        """The steps of a run, in order."""

    # reminders ------------------------------------------------------------------

    @abstractmethod
    def add_reminder(
        self, text: str, due_at: datetime, timezone: str, at: datetime, run_id: int | None
    ) -> Reminder:
        """Store a reminder."""

    @abstractmethod
    def reminder(self, reminder_id: int) -> Reminder | None:
        """One reminder by id."""

    @abstractmethod
    def reminders(self, include_done: bool = False) -> list[Reminder]:
        """Reminders by due time; open ones only unless asked."""

    @abstractmethod
    def due_reminders(self, now: datetime, unnotified_only: bool = True) -> list[Reminder]:
        """Open reminders whose time has come (not yet shown, unless asked for all)."""

    @abstractmethod
    def mark_notified(self, ids: list[int], at: datetime) -> None:
        """Remember that these reminders were shown."""

    @abstractmethod
    def complete_reminder(self, reminder_id: int, at: datetime) -> bool:
        """Mark a reminder done; False if there is no such open reminder."""

    # skills ---------------------------------------------------------------------

    @abstractmethod
    def skill_states(self) -> dict[str, dict[str, Any]]:
        """Every skill's saved state, as the JSON documents `familiar.skills.state` reads."""

    @abstractmethod
    def save_skill_state(self, name: str, state: dict[str, Any], at: datetime) -> None:
        """Replace one skill's saved state."""

    @abstractmethod
    def delete_skill_state(self, name: str) -> bool:
        """Forget a skill's saved state; False if there was none."""
