"""End to end on the real embedded model, in new processes, as a user runs familiar."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pexpect
import pytest

from familiar.config import Paths

pytestmark = pytest.mark.model

NOW = "2026-11-26T14:05:00+00:00"  # a Thursday afternoon in Lisbon (UTC+0 in winter)
LISBON = ZoneInfo("Europe/Lisbon")
# Answered at length by the 0.5B model in every setup tried; "write a very long story
# about a dragon ..." got a one-line refusal in some (pytest alone wrote the story).
LONG = "explain step by step, in great detail, how bread is made at home"


def _env(paths: Paths) -> dict[str, str]:
    return {
        **os.environ,
        "FAMILIAR_CONFIG_DIR": str(paths.config_dir),
        "FAMILIAR_DATA_DIR": str(paths.data_dir),
        "FAMILIAR_MODELS_DIR": str(paths.models_dir),
        "FAMILIAR_NOW": NOW,
        "TERM": "dumb",
        "COLUMNS": "200",
    }


def familiar(paths: Paths, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a new process."""
    return subprocess.run(
        [sys.executable, "-m", "familiar", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(paths),
    )


@pytest.fixture(scope="session")
def warm_prefix(default_model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A persisted prompt prefix made once, so each new process below loads it."""
    root = tmp_path_factory.mktemp("warm")
    paths = Paths(
        config_dir=root / "config", data_dir=root / "data", models_dir=default_model_path.parent
    )
    proc = familiar(paths, "config", "set", "timezone", "Europe/Lisbon")
    assert proc.returncode == 0, proc.stderr
    proc = familiar(paths, "ask", "hello")
    assert proc.returncode == 0, proc.stderr
    return paths.data_dir / "cache"


@pytest.fixture
def user(isolated_folders: Paths, warm_prefix: Path) -> Iterator[Paths]:
    """A new user in Lisbon whose data folder starts with the persisted prefix."""
    shutil.copytree(warm_prefix, isolated_folders.data_dir / "cache")
    assert familiar(isolated_folders, "config", "set", "timezone", "Europe/Lisbon").returncode == 0
    yield isolated_folders


def test_ask_sets_a_reminder_for_tomorrow_at_six_local(user: Paths) -> None:
    proc = familiar(user, "ask", "remind me to call Mom tomorrow at 6pm")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    rows = sqlite3.connect(user.db_file).execute("SELECT text, due_at FROM reminders").fetchall()
    assert len(rows) == 1
    text, due_at = rows[0]
    assert "mom" in text.lower()
    due = datetime.fromisoformat(due_at).astimezone(LISBON)
    assert due == datetime(2026, 11, 27, 18, 0, tzinfo=LISBON)
    assert "18:00" in proc.stdout

    listed = familiar(user, "ask", "what reminders do I have?")
    assert listed.returncode == 0, listed.stderr
    assert "call Mom, Fri 2026-11-27 18:00" in listed.stdout
    # the answer came from the store through the tool, not from the model's imagination
    steps = (
        sqlite3.connect(user.db_file)
        .execute("SELECT tool FROM steps WHERE run_id = 2 AND kind = 'tool'")
        .fetchall()
    )
    assert steps == [("list_reminders",)]


def test_both_parts_of_a_compound_request_are_done(user: Paths) -> None:
    proc = familiar(user, "ask", "remind me to call Mom at 6pm and add eggs to my groceries note")
    assert proc.returncode == 0, proc.stderr
    rows = sqlite3.connect(user.db_file).execute("SELECT text FROM reminders").fetchall()
    assert len(rows) == 1 and "mom" in rows[0][0].lower()
    notes = list((user.data_dir / "notes").glob("*.md"))
    assert len(notes) == 1 and "grocer" in notes[0].name.lower()
    assert "eggs" in notes[0].read_text(encoding="utf-8")
    assert "18:00" in proc.stdout and "eggs" in proc.stdout  # both replies are shown


def test_a_reminder_without_a_time_is_asked_about_not_guessed(user: Paths) -> None:
    proc = familiar(user, "ask", "remind me to water the plants")
    assert proc.returncode == 0, proc.stderr
    assert "When should" in proc.stdout and "?" in proc.stdout
    assert sqlite3.connect(user.db_file).execute("SELECT * FROM reminders").fetchall() == []


def test_hello_is_answered_and_changes_nothing(user: Paths) -> None:
    proc = familiar(user, "ask", "hello")
    assert proc.returncode == 0, proc.stderr
    answer = proc.stdout.strip()
    assert answer, "an empty answer"
    assert "<tool_call>" not in answer and '"name"' not in answer  # no call written as text
    assert sqlite3.connect(user.db_file).execute("SELECT * FROM reminders").fetchall() == []


def test_runs_show_gives_every_step(user: Paths) -> None:
    assert familiar(user, "ask", "remind me to water the plants on friday").returncode == 0
    shown = familiar(user, "runs", "show", "1")
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "0. model" in out and "processed" in out and "tokens" in out
    tools = next(line for line in out.splitlines() if line.strip().startswith("tools:"))
    assert "create_reminder" in tools and "list_reminders" in tools  # what it could call
    assert "1. tool create_reminder" in out
    assert "[allow: writes to familiar's own stores are allowed]" in out


def _spawn(paths: Paths, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "familiar", *args],
        env=_env(paths),
        encoding="utf-8",
        timeout=120,
        dimensions=(40, 200),
        # As from a terminal: a run started in the background (`pytest &`) would pass on
        # an ignored SIGINT, and Python then never raises KeyboardInterrupt.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def test_ctrl_c_in_ask_cancels_cleanly_and_is_recorded(user: Paths) -> None:
    child = _spawn(user, "ask", LONG)
    child.expect(r"\w+ \w+ \w+")  # the answer is streaming
    sent = time.monotonic()
    child.kill(signal.SIGINT)
    child.expect(pexpect.EOF, timeout=10)
    elapsed = time.monotonic() - sent
    child.close()
    # Promptly, not to the answer's end (up to 400 tokens); the bound leaves room for a loaded
    # machine: this checks cancellation, not speed.
    assert elapsed < 5.0, f"took {elapsed:.2f}s to stop"
    assert child.exitstatus == 130
    assert "cancelled" in (child.before or "")
    assert "Traceback" not in (child.before or "")
    status = sqlite3.connect(user.db_file).execute("SELECT status FROM runs").fetchall()
    assert status == [("cancelled",)]


def test_ctrl_c_in_chat_gives_the_prompt_back(user: Paths) -> None:
    child = _spawn(user, "chat")
    child.expect("you> ")
    child.sendline(LONG)
    child.expect_exact(LONG)  # the terminal's echo of the request
    child.expect(r"\w+ \w+ \w+ \w+")  # the answer is streaming
    sent = time.monotonic()
    child.sendintr()
    child.expect(r"\(stopped\)")
    child.expect("you> ", timeout=5)
    elapsed = time.monotonic() - sent
    assert elapsed < 5.0, f"took {elapsed:.2f}s to give the prompt back"
    child.sendline("hello")  # the next turn works as usual
    child.expect_exact("hello")
    child.expect("you> ")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")
    rows = sqlite3.connect(user.db_file).execute("SELECT status FROM runs ORDER BY id").fetchall()
    assert rows == [("cancelled",), ("ok",)]
