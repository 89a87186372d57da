"""Mail and contacts synced from the person's files hold what the manifest says they hold."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from familiar.config import Paths, Settings
from familiar.integrations.sources import SourceEntry
from familiar.integrations.state import SyncState
from familiar.integrations.sync import Syncer
from familiar.memory import Filters, Memory, open_memory
from familiar.store import Store

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)


@pytest.fixture
def synced(person_dir: Path, isolated_folders: Paths) -> Iterator[tuple[Memory, SyncState]]:
    store = Store(isolated_folders.db_file)
    memory = open_memory(store, isolated_folders, Settings(), lambda: NOW, BRUSSELS)
    state = store.sync_state()
    syncer = Syncer(memory, state, BRUSSELS)
    for kind in ("mail", "contacts"):
        syncer.sync(kind, SourceEntry(kind=kind, path=str(person_dir / kind)))
    yield memory, state
    memory.close()
    store.close()


def _texts(memory: Memory, state: SyncState, source: str, path: Path) -> list[str]:
    ids = state.item_ids(source, str(path))
    return [item.text for item in memory.store.items_by_id(ids).values()]


def _facts(person: Path, part: str) -> Iterator[tuple[str, Path, list[str]]]:
    manifest = json.loads((person / "manifest.json").read_text(encoding="utf-8"))
    for fact in manifest["facts"]:
        for item in fact["items"]:
            if item["path"].startswith(part + "/"):
                yield fact["id"], person / item["path"], item["strings"]


def test_every_mail_fact_is_in_the_synced_message(
    person_dir: Path, synced: tuple[Memory, SyncState]
) -> None:
    memory, state = synced
    checked = 0
    for fact_id, path, strings in _facts(person_dir, "mail"):
        texts = _texts(memory, state, "mail", path)
        assert texts, f"{fact_id}: {path.name} produced no item"
        joined = " ".join(" ".join(t.split()) for t in texts)
        for wanted in strings:  # latin-1, Shift_JIS, HTML-only and quoted-printable included
            assert " ".join(wanted.split()) in joined, (fact_id, wanted)
        checked += 1
    assert checked >= 80


def test_mail_items_carry_headers_attachments_threads_and_are_untrusted(
    person_dir: Path, synced: tuple[Memory, SyncState]
) -> None:
    memory, _ = synced
    mail = memory.store.items(Filters(sources=("mail",)), limit=5000)
    assert len(mail) == 1040 + 65
    assert all(not item.trusted and item.label.describe().startswith("untrusted") for item in mail)
    with_files = [i for i in mail if "\nAttachments: " in i.text]
    assert with_files and all(
        re.search(r"Attachments: \S+ \(\w+/[\w.+-]+\)", i.text) for i in with_files
    )
    assert any("application/pdf" in i.text for i in with_files)
    threads: dict[str, list[str]] = {}
    for item in mail:
        found = re.search(r"^Thread: (.+)$", item.text, re.M)
        assert found, item.text[:200]
        threads.setdefault(found.group(1), []).append(item.title)
    replies = [titles for titles in threads.values() if len(titles) > 1]
    assert replies  # a reply shares its thread with the message it answers
    for titles in replies:
        stems = {re.sub(r"^((re|fwd?|aw):\s*)+", "", t, flags=re.I) for t in titles}
        assert len(stems) == 1, titles
    sent = memory.store.items(Filters(sources=("mail",), tags=("folder:sent",)), limit=5000)
    assert len(sent) == len(list((person_dir / "mail/Maildir/.Sent/cur").iterdir()))


def test_when_did_i_last_email_about_the_lease(synced: tuple[Memory, SyncState]) -> None:
    memory, _ = synced
    filters = Filters(sources=("mail",), tags=("folder:sent",))
    hits = memory.search("lease", filters=filters, mode="text", limit=20)
    assert hits and all("lease" in h.item.text.lower() for h in hits)
    latest = max(hits, key=lambda h: h.item.created_at).item
    assert latest.text.startswith("Mail: ") and "\nFolder: Sent\n" in latest.text
    assert latest.created_at <= NOW


def test_every_contact_fact_is_on_the_synced_card(
    person_dir: Path, synced: tuple[Memory, SyncState]
) -> None:
    memory, state = synced
    checked = 0
    for fact_id, path, strings in _facts(person_dir, "contacts"):
        joined = " ".join(_texts(memory, state, "contacts", path))
        for wanted in strings:
            if wanted.startswith("tel:"):  # vCard 4's URI is shown as a number
                wanted = wanted.removeprefix("tel:").replace("-", " ")
            assert wanted in joined, (fact_id, wanted)
        checked += 1
    assert checked >= 300
    status = state.status("contacts")
    assert status.items == 100  # every card but the broken one, vCard 3.0 and 4.0
    assert [s.reason for s in status.skips] == [
        "unreadable card: At line 9: Failed to parse line: this line is not a property"
    ]
