"""Named, append-only schema migrations; never edit one that has shipped, add a new one."""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "001_runs",
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            channel TEXT NOT NULL,
            request TEXT NOT NULL,
            model TEXT NOT NULL,
            status TEXT NOT NULL,          -- running | ok | error | cancelled | budget
            answer TEXT,
            error TEXT
        );
        CREATE TABLE steps (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            kind TEXT NOT NULL,            -- model | tool
            started_at TEXT NOT NULL,
            seconds REAL NOT NULL,
            prompt_tokens INTEGER,
            prompt_tokens_processed INTEGER,
            completion_tokens INTEGER,
            prefill_seconds REAL,
            decode_seconds REAL,
            output TEXT,                   -- model: raw output; tool: result text
            tool TEXT,
            arguments TEXT,                -- JSON
            labels TEXT,                   -- JSON: result label and argument labels
            decision TEXT,                 -- allow | ask:yes | ask:no | deny, with reason
            error TEXT
        );
        CREATE INDEX steps_run ON steps(run_id, idx);
        """,
    ),
    (
        "002_reminders",
        """
        CREATE TABLE reminders (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            due_at TEXT NOT NULL,          -- UTC, ISO 8601
            timezone TEXT NOT NULL,        -- the zone the user's words were resolved in
            created_at TEXT NOT NULL,
            done_at TEXT,
            notified_at TEXT,
            run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL
        );
        CREATE INDEX reminders_due ON reminders(done_at, due_at);
        """,
    ),
]
