"""The calendar path on the real embedded model: a question, the right tool, the events."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from familiar.config import Paths

pytestmark = pytest.mark.model


def test_whats_on_my_calendar_thursday_on_the_real_model(
    person_dir: Path, isolated_folders: Paths
) -> None:
    env = {**os.environ, "FAMILIAR_NOW": "2026-06-01T08:00:00+02:00", "COLUMNS": "200"}

    def familiar(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "familiar", *args],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
            stdin=subprocess.DEVNULL,
        )

    for args in (
        ("config", "set", "timezone", "Europe/Brussels"),
        ("sources", "add", "calendar", str(person_dir / "calendar")),
        ("sources", "sync", "--no-embed"),
    ):
        done = familiar(*args)
        assert done.returncode == 0, done.stderr
    asked = familiar("ask", "what's on my calendar Thursday?")
    assert asked.returncode == 0, asked.stderr
    assert "list_events" in asked.stderr  # the tool line
    assert asked.stdout.startswith("Your calendar, Thu 2026-06-04:")
    for event in ("Insights stand-up", "1:1 Tomás / Miguel", "Book club"):
        assert event in asked.stdout
