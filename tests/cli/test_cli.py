"""The command line as a user meets it: one clean line for every mistake, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from familiar.cli.main import app
from familiar.config import Paths, load_settings

runner = CliRunner()


def familiar(*args: str, now: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a new process, optionally at a frozen time."""
    env = dict(os.environ)
    if now:
        env["FAMILIAR_NOW"] = now
    return subprocess.run(
        [sys.executable, "-m", "familiar", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_config_set_validates_and_writes_toml(isolated_folders: Paths) -> None:
    result = runner.invoke(app, ["config", "set", "timezone", "Europe/Lisbon"])
    assert result.exit_code == 0, result.output
    assert load_settings(isolated_folders).timezone == "Europe/Lisbon"
    text = isolated_folders.config_file.read_text()
    assert text == 'timezone = "Europe/Lisbon"\n'
    result = runner.invoke(app, ["config", "set", "allow_tools", "send_mail, turn_off"])
    assert load_settings(isolated_folders).allow_tools == ["send_mail", "turn_off"]


def test_bad_config_values_give_one_line_and_change_nothing(isolated_folders: Paths) -> None:
    proc = familiar("config", "set", "max_steps", "lots")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "error: invalid value for max_steps: Input should be a valid integer, unable to parse "
        "string as an integer"
    ]
    assert not isolated_folders.config_file.exists()
    proc = familiar("config", "set", "colour", "blue")
    assert proc.returncode == 1 and "unknown setting 'colour'; settings: model" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_broken_config_file_is_named_in_the_error(isolated_folders: Paths) -> None:
    isolated_folders.config_dir.mkdir(parents=True)
    isolated_folders.config_file.write_text("max_steps = 0\n")
    proc = familiar("runs")
    assert proc.returncode == 1
    assert f"{isolated_folders.config_file}: max_steps: Input should be greater" in proc.stderr
    assert "Traceback" not in proc.stderr
    isolated_folders.config_file.write_text("this is = = not toml")
    proc = familiar("runs")
    assert proc.returncode == 1 and "is not valid TOML" in proc.stderr


def test_an_unknown_model_lists_the_valid_names(isolated_folders: Paths) -> None:
    runner.invoke(app, ["config", "set", "model", "qwen-tiny"])
    proc = familiar("ask", "hello")
    assert proc.returncode == 1
    assert "qwen2.5-coder-0.5b" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_reminders_due_prints_each_due_item_once(isolated_folders: Paths) -> None:
    from datetime import UTC, datetime

    from familiar.store import Store

    store = Store(isolated_folders.db_file)
    at = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    store.add_reminder("call Mom", at, "UTC", at, None)
    store.close()
    env_now = "2026-11-26T12:30+00:00"
    first = familiar("reminders", "due", now=env_now)
    assert "call Mom" in first.stdout
    second = familiar("reminders", "due", now=env_now)
    assert second.stdout == ""


def test_due_reminders_show_at_the_start_of_any_command(isolated_folders: Paths) -> None:
    from datetime import UTC, datetime

    from familiar.store import Store

    store = Store(isolated_folders.db_file)
    at = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    store.add_reminder("take the bins out", at, "UTC", at, None)
    store.close()
    proc = familiar("runs", now="2026-11-26T13:00+00:00")
    assert proc.stdout.splitlines()[0].startswith("⏰ take the bins out")


def test_runs_show_of_a_missing_run_is_one_line(isolated_folders: Paths) -> None:
    proc = familiar("runs", "show", "42")
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: no run #42; `familiar runs` lists them"


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("ask", "chat", "runs", "reminders", "config", "models"):
        assert command in result.output


def test_version(tmp_path: Path) -> None:
    result = runner.invoke(app, ["version"])
    assert result.output.strip() == "0.1.0"
