"""`familiar sources add|list|sync|remove` on the synthetic person's real files."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError
from srchelpers import broken_files, configured_store, found, invoke

from backends import on_both_backends
from familiar.config import Paths, default_paths, load_settings
from familiar.errors import UserError
from familiar.integrations.sources import SourceEntry, password
from familiar.memory import NewItem, open_memory

NOW = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)


def _items(out: str, name: str) -> int:
    match = re.search(rf"^{name} \(.*?\n  last sync: .*?(\d+) items in memory", out, re.M | re.S)
    assert match, out
    return int(match.group(1))


@on_both_backends
def test_add_sync_list_resync_remove(
    cli_store: str, person_dir: Path, isolated_folders: Paths
) -> None:
    for kind in ("calendar", "contacts", "mail", "notes", "documents"):
        code, out = invoke("sources", "add", kind, str(person_dir / kind))
        assert code == 0, out
    code, out = invoke("sources", "sync", "--no-embed")
    assert code == 0, out
    assert "mail: 1042 files (1042 new" in out

    code, listing = invoke("sources", "list")
    assert code == 0, listing
    for kind in ("calendar", "contacts", "mail", "notes", "documents"):
        assert _items(listing, kind) > 0
        for path in broken_files(person_dir, kind):
            # every file the manifest marks broken is reported, with a reason
            assert re.search(rf"skipped {re.escape(path)}( \[[^]]+\])?: \S", listing), path
    assert _items(listing, "mail") == 1040 + 65  # Maildir messages (one broken) and the mbox

    code, out = invoke("sources", "sync", "--no-embed")
    assert code == 0, out
    for line in out.splitlines():
        if line.startswith(("calendar:", "contacts:", "mail:")):
            assert "0 new, 0 changed" in line and "0 items written" in line, line

    assert any("Lease renewal" in title for title in found(isolated_folders, "lease", "mail"))

    code, out = invoke("sources", "remove", "mail")
    assert code == 0 and "1105 items taken out of memory" in out, out
    assert found(isolated_folders, "lease", "mail") == []
    assert "mail" not in load_settings(default_paths()).sources
    code, listing = invoke("sources", "list")
    assert "mail (" not in listing and _items(listing, "calendar") > 0


@on_both_backends
def test_changed_and_deleted_files_are_synced_incrementally(
    cli_store: str, copy_of: Callable[[str], Path], isolated_folders: Paths
) -> None:
    mail = copy_of("mail")
    invoke("sources", "add", "mail", str(mail), "--name", "inbox")
    code, out = invoke("sources", "sync", "inbox", "--no-embed")
    assert code == 0, out
    messages = sorted((mail / "Maildir" / "cur").iterdir())
    gone, touched = messages[0], messages[1]
    gone.unlink()
    os.utime(touched, (1, 1))  # a new mtime, the same bytes: hashed, not parsed again
    code, out = invoke("sources", "sync", "inbox", "--no-embed")
    assert code == 0, out
    assert "0 new, 0 changed, 1041 unchanged, 1 removed), 0 items written" in out
    _, listing = invoke("sources", "list")
    assert _items(listing, "inbox") == 1104

    mbox = mail / "archive.mbox"
    first = mbox.read_bytes().split(b"\nFrom ")[0]
    with mbox.open("ab") as handle:  # a new message arrives at the end of the mbox
        handle.write(b"\n" + first.replace(b"Message-ID: <", b"Message-ID: <again-"))
    code, out = invoke("sources", "sync", "inbox", "--no-embed")
    assert "0 new, 1 changed" in out and "66 items written" in out, out
    _, listing = invoke("sources", "list")
    assert _items(listing, "inbox") == 1105


@on_both_backends
def test_a_sync_stopped_between_commits_leaves_nothing_behind(
    cli_store: str, copy_of: Callable[[str], Path], isolated_folders: Paths
) -> None:
    calendar = copy_of("calendar")
    invoke("sources", "add", "calendar", str(calendar))
    invoke("sources", "sync", "--no-embed")
    _, listing = invoke("sources", "list")
    before = _items(listing, "calendar")
    # items committed by a sync that died before recording which file owns them
    store = configured_store(isolated_folders)
    settings = load_settings(isolated_folders)
    memory = open_memory(store, isolated_folders, settings, lambda: NOW, UTC)
    orphan = NewItem("event", "calendar", "Calendar event: half-synced", NOW, trusted=False)
    memory.store.add_items([orphan, orphan], NOW)
    assert len(store.sync_state().orphans("calendar")) == 2
    memory.close()
    store.close()
    code, out = invoke("sources", "sync", "--no-embed")
    assert code == 0, out
    _, listing = invoke("sources", "list")
    assert _items(listing, "calendar") == before


def test_a_missing_folder_and_bad_names_are_one_line_errors(
    tmp_path: Path, isolated_folders: Paths
) -> None:
    code, out = invoke("sources", "add", "calendar", str(tmp_path / "nope.ics"))
    assert code == 1 and "no such file or folder" in out
    code, out = invoke("sources", "add", "fax", str(tmp_path))
    assert code == 1 and "unknown source kind 'fax'" in out and "calendar" in out
    code, out = invoke("sources", "add", "notes", str(tmp_path), "--name", "user")
    assert code == 1 and "used by familiar itself" in out
    code, out = invoke("sources", "sync", "nothing")
    assert code == 1 and "no source named 'nothing'" in out
    folder = tmp_path / "notes"
    folder.mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n\nthe rest still syncs\n", encoding="utf-8")
    invoke("sources", "add", "notes", str(folder))
    invoke("sources", "add", "documents", str(tmp_path / "docs"))
    shutil.rmtree(folder)
    code, out = invoke("sources", "sync", "--no-embed")
    assert code == 1 and "error: source notes:" in out and "does not exist" in out
    assert "documents: 1 files (1 new" in out


def test_credentials_are_references_and_config_show_redacts(isolated_folders: Paths) -> None:
    config = isolated_folders.config_file
    config.parent.mkdir(parents=True)
    config.write_text(
        '[sources.work]\nkind = "mail"\nurl = "imaps://mail.example"\npassword = "hunter2"\n',
        encoding="utf-8",
    )
    code, out = invoke("config", "show")
    assert code == 1 and "plaintext password is not allowed" in out
    config.write_text(
        '[sources.work]\nkind = "mail"\nurl = "imaps://mail.example"\nusername = "me"\n'
        'password_command = "pass show mail/work"\n',
        encoding="utf-8",
    )
    code, out = invoke("config", "show")
    assert code == 0, out
    assert "pass show" not in out and "<redacted>" in out and "imaps://mail.example" in out


def test_a_password_comes_from_the_command_or_variable_the_source_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    by_command = SourceEntry(
        kind="mail", url="imaps://mail.example", password_command="printf 's3cret\\nuser: me'"
    )
    assert password(by_command) == "s3cret"  # `pass` prints the secret on the first line
    monkeypatch.setenv("MAIL_PASSWORD", "from-env")
    assert password(SourceEntry(kind="mail", url="x", password_env="MAIL_PASSWORD")) == "from-env"
    monkeypatch.delenv("MAIL_PASSWORD")
    with pytest.raises(UserError, match="MAIL_PASSWORD is not set"):
        password(SourceEntry(kind="mail", url="x", password_env="MAIL_PASSWORD"))
    with pytest.raises(UserError, match="failed"):
        password(SourceEntry(kind="mail", url="x", password_command="false"))
    with pytest.raises(ValidationError, match="one way to get the password"):
        SourceEntry(kind="mail", url="x", password_env="A", password_command="b")


@on_both_backends
def test_removing_a_notes_source_takes_its_documents_out_of_memory(
    cli_store: str, person_dir: Path, isolated_folders: Paths
) -> None:
    invoke("sources", "add", "notes", str(person_dir / "notes"), "--name", "vault")
    invoke("sources", "sync", "--no-embed")
    assert found(isolated_folders, "dal", "vault")  # a recipe note
    code, out = invoke("sources", "remove", "vault")
    assert code == 0 and re.search(r"removed source vault: [1-9]\d* items", out), out
    assert found(isolated_folders, "dal", "vault") == []
    _, listing = invoke("sources", "list")
    assert "vault" not in listing


@on_both_backends
def test_sync_due_runs_only_sources_whose_interval_has_passed(
    cli_store: str, tmp_path: Path, isolated_folders: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, every in (("often", "10"), ("daily", "1440")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "n.md").write_text(f"# {name}\n\nsome text\n", encoding="utf-8")
        invoke("sources", "add", "notes", str(tmp_path / name), "--name", name, "--every", every)
    monkeypatch.setenv("FAMILIAR_NOW", "2026-06-01T08:00+00:00")
    code, out = invoke("sources", "sync", "--due", "--no-embed")
    assert code == 0 and "often:" in out and "daily:" in out  # never synced: both due
    code, out = invoke("sources", "sync", "--due", "--no-embed")
    assert code == 0 and out == ""  # quiet for a timer when nothing is due
    monkeypatch.setenv("FAMILIAR_NOW", "2026-06-01T08:11+00:00")
    code, out = invoke("sources", "sync", "--due", "--no-embed")
    assert "often:" in out and "daily:" not in out
    _, listing = invoke("sources", "list")
    assert "daily (notes, every 1440 min)" in listing
