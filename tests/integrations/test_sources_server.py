"""`familiar sources` with `store_url`: the whole sync state on the PostgreSQL server."""

from __future__ import annotations

import re
from pathlib import Path

import psycopg
from typer.testing import CliRunner

from familiar.cli.main import app as main_app
from familiar.config import Paths

runner = CliRunner()


def familiar(*args: str) -> str:
    """One command through the real CLI, as a user types it; it must succeed."""
    result = runner.invoke(main_app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _counts(url: str, source: str) -> dict[str, int]:
    """Rows the source has in memory and in each sync-state table on the server."""
    tables = ("mem_items", "mem_documents", "source_files", "source_items", "source_syncs")
    with psycopg.connect(url) as db:
        return {
            t: int(db.execute(f"SELECT count(*) FROM {t} WHERE source=%s", (source,)).fetchone()[0])  # type: ignore[index]
            for t in tables
        }


def test_notes_and_a_calendar_sync_resync_and_are_removed_on_the_server(
    person_dir: Path, isolated_folders: Paths, pg_url: str
) -> None:
    familiar("config", "set", "store_url", pg_url)
    out = familiar("sources", "add", "notes", str(person_dir / "notes"), "--name", "vault")
    assert "added notes source vault" in out
    out = familiar("sources", "add", "calendar", str(person_dir / "calendar" / "personal.ics"))
    assert "added calendar source calendar" in out and "enabled the calendar skill" in out

    out = familiar("sources", "sync", "--no-embed")
    assert re.search(r"^calendar: 1 files \(1 new, .*\), [1-9]\d* items written", out, re.M), out
    assert re.search(
        r"^vault: \d+ files \([1-9]\d* new, .*\), [1-9]\d* items written", out, re.M
    ), out
    calendar, vault = _counts(pg_url, "calendar"), _counts(pg_url, "vault")
    assert calendar["source_files"] == 1 and calendar["source_syncs"] == 1
    assert calendar["mem_items"] == calendar["source_items"] > 0  # each event owned by the file
    assert vault["mem_documents"] > 0 and vault["mem_items"] > 0 and vault["source_syncs"] == 1
    listing = familiar("sources", "list")
    assert f"{calendar['mem_items']} items in memory" in listing, listing
    assert f"{vault['mem_items']} items in memory" in listing, listing
    assert "Yoga" in familiar("memory", "search", "yoga", "--source", "calendar")

    out = familiar("sources", "sync", "--no-embed")  # nothing changed: nothing is touched
    for name in ("calendar", "vault"):
        line = re.search(rf"^{name}: .*$", out, re.M)
        assert line and "0 new, 0 changed" in line[0] and "0 removed), 0 items written" in line[0]
    assert _counts(pg_url, "calendar") == calendar and _counts(pg_url, "vault") == vault

    out = familiar("sources", "remove", "calendar")
    assert f"removed source calendar: {calendar['mem_items']} items taken out" in out, out
    assert set(_counts(pg_url, "calendar").values()) == {0}
    assert _counts(pg_url, "vault") == vault
    out = familiar("sources", "remove", "vault")
    assert re.search(r"removed source vault: [1-9]\d* items", out), out
    assert set(_counts(pg_url, "vault").values()) == {0}
    assert "no sources" in familiar("sources", "list")
    assert not isolated_folders.db_file.exists()  # nothing went to the local file
