"""The store: one SQLite file, migrations applied once, nothing lost on reopen."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from familiar.errors import UserError
from familiar.store import Store
from familiar.store.migrations import MIGRATIONS

T0 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def test_migrations_apply_once_and_data_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "familiar.db"
    store = Store(path)
    store.add_reminder("water the plants", T0 + timedelta(hours=1), "UTC", T0, None)
    store.close()
    again = Store(path)
    assert again.migrations() == [name for name, _ in MIGRATIONS]
    assert [r.text for r in again.reminders()] == ["water the plants"]
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    again.close()


def test_due_reminders_are_shown_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "f.db")
    early = store.add_reminder("early", T0 - timedelta(minutes=5), "UTC", T0, None)
    store.add_reminder("later", T0 + timedelta(days=1), "UTC", T0, None)
    assert [r.text for r in store.due_reminders(T0)] == ["early"]
    store.mark_notified([early.id], T0)
    assert store.due_reminders(T0) == []
    assert [r.text for r in store.due_reminders(T0, unnotified_only=False)] == ["early"]
    assert store.complete_reminder(early.id, T0)
    assert not store.complete_reminder(early.id, T0)
    store.close()


def test_a_file_that_is_not_a_database_gives_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "familiar.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(UserError, match=r"cannot be opened .* move it aside"):
        Store(path)


def test_naive_datetimes_are_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "f.db")
    with pytest.raises(ValueError, match="aware"):
        store.add_reminder("x", datetime(2026, 1, 1), "UTC", T0, None)
    store.close()
