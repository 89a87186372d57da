"""The sources' sync state (`SyncState`): one contract, every store backend."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from backends import on_both_backends
from familiar.config import Paths, Settings
from familiar.integrations.sources import SourceEntry
from familiar.integrations.state import CollectionTag, FileState, Resource, Skip
from familiar.integrations.sync import Syncer, is_due
from familiar.memory import Filters, Memory, NewItem, open_memory
from familiar.store import RecordStore

NOW = datetime(2026, 6, 1, 6, 0, 30, 123456, tzinfo=UTC)
REFUSED = (sqlite3.IntegrityError, psycopg.errors.ForeignKeyViolation)


@pytest.fixture
def memory(record_store: RecordStore, isolated_folders: Paths) -> Iterator[Memory]:
    """Memory on the test's backend (sync writes no vectors: no embedder is loaded)."""
    opened = open_memory(record_store, isolated_folders, Settings(), lambda: NOW, UTC)
    yield opened
    opened.close()


def _events(memory: Memory, source: str, count: int) -> list[int]:
    item = NewItem("event", source, "Calendar event: dentist", NOW, trusted=False)
    return memory.store.add_items([item] * count, NOW)


@on_both_backends
def test_files_their_items_and_skips_are_recorded_replaced_and_dropped(
    record_store: RecordStore, memory: Memory
) -> None:
    state = record_store.sync_state()
    a, b = FileState("/cal/a.ics", 10, 111, "aa"), FileState("/cal/b.ics", 20, 222, "bb")
    ids = _events(memory, "cal", 3)
    skips = [Skip("/cal/b.ics", "UID x", "no DTSTART"), Skip("/cal/b.ics", "", "half read")]
    state.record_files("cal", [(b, [ids[2]], skips), (a, [ids[1], ids[0]], [])], NOW)

    assert state.files("cal") == {a.path: a, b.path: b}
    assert state.file("cal", a.path) == a and state.file("cal", "/nope") is None
    assert state.file("other", a.path) is None
    assert state.item_ids("cal") == [ids[0], ids[1], ids[2]]  # by path, then id
    assert state.item_ids("cal", a.path) == [ids[0], ids[1]]
    assert state.owner(ids[2]) == ("cal", b.path) and state.owner(ids[2] + 100) is None
    status = state.status("cal")
    assert (status.name, status.items, status.synced_at, status.files) == ("cal", 3, None, 0)
    assert status.skips == (skips[1], skips[0])  # by path, then part
    assert state.known_sources() == ["cal"]

    changed = FileState(b.path, 21, 333, "b2")
    state.record_files("cal", [(changed, [ids[0]], [])], NOW)  # b now owns only ids[0]
    assert state.file("cal", b.path) == changed
    assert state.item_ids("cal", b.path) == [ids[0]] and state.status("cal").skips == ()
    state.touch_file("cal", FileState(a.path, 11, 444, "ignored"))
    assert state.file("cal", a.path) == FileState(a.path, 11, 444, "aa")

    state.drop_file("cal", b.path)
    assert set(state.files("cal")) == {a.path} and state.item_ids("cal", b.path) == []
    state.drop_source("cal")
    assert state.files("cal") == {} and state.item_ids("cal") == [] and state.known_sources() == []


@on_both_backends
def test_recording_files_is_all_or_nothing(record_store: RecordStore, memory: Memory) -> None:
    state = record_store.sync_state()
    ids = _events(memory, "cal", 2)
    before = FileState("/cal/a.ics", 1, 1, "one")
    state.record_files("cal", [(before, [ids[0]], [])], NOW)

    def dies_midway() -> Iterator[tuple[FileState, list[int], list[Skip]]]:
        yield FileState("/cal/a.ics", 2, 2, "two"), [ids[1]], [Skip("/cal/a.ics", "", "x")]
        yield FileState("/cal/b.ics", 3, 3, "three"), [], []
        raise KeyboardInterrupt  # the user stops the sync while the batch is written

    with pytest.raises(KeyboardInterrupt):
        state.record_files("cal", dies_midway(), NOW)
    assert state.files("cal") == {before.path: before}
    assert state.item_ids("cal") == [ids[0]] and state.status("cal").skips == ()


@on_both_backends
def test_state_never_claims_an_item_memory_does_not_hold(
    record_store: RecordStore, memory: Memory
) -> None:
    state = record_store.sync_state()
    ids = _events(memory, "cal", 2)
    with pytest.raises(REFUSED):  # an item that was never committed
        state.record_files("cal", [(FileState("/a.ics", 1, 1, "h"), [ids[0], 10**9], [])], NOW)
    assert state.files("cal") == {} and state.item_ids("cal") == []

    state.record_files("cal", [(FileState("/a.ics", 1, 1, "h"), ids, [])], NOW)
    memory.store.forget_items([ids[0]], NOW)  # memory removing an item ends its ownership
    assert state.item_ids("cal") == [ids[1]] and state.owner(ids[0]) is None


@on_both_backends
def test_orphans_are_the_sources_events_no_file_claims(
    record_store: RecordStore, memory: Memory
) -> None:
    state = record_store.sync_state()
    claimed, *orphaned = _events(memory, "cal", 3)
    _events(memory, "other", 1)
    memory.store.add_item(NewItem("note", "cal", "a note is not an event", NOW, trusted=True), NOW)
    state.record_files("cal", [(FileState("/a.ics", 1, 1, "h"), [claimed], [])], NOW)
    assert state.orphans("cal") == orphaned
    assert state.status("cal").items == 4  # every item of the source, notes included


@on_both_backends
def test_the_last_sync_is_kept_to_the_second_and_decides_what_is_due(
    record_store: RecordStore,
) -> None:
    state = record_store.sync_state()
    entry = SourceEntry(kind="calendar", path="/cal", every=15)
    assert is_due(state, "cal", entry, NOW)
    state.record_sync("cal", NOW, 1.5, files=7, changed=2, removed=1)
    status = state.status("cal")
    assert status.synced_at == NOW.replace(microsecond=0) and status.synced_at.utcoffset() == (
        timedelta(0)
    )
    assert (status.seconds, status.files, status.items) == (1.5, 7, 0)
    assert not is_due(state, "cal", entry, NOW + timedelta(minutes=14))
    assert is_due(state, "cal", entry, NOW + timedelta(minutes=15))
    state.record_sync("cal", NOW + timedelta(hours=1), 0.25, files=8, changed=0, removed=0)
    assert state.status("cal").files == 8 and state.known_sources() == ["cal"]

    state.replace_skips("notes", [Skip("/n/b.md", "", "empty"), Skip("/n/a.md", "", "big")], NOW)
    state.replace_skips("notes", [Skip("/n/c.md", "", "binary")], NOW)
    assert state.status("notes").skips == (Skip("/n/c.md", "", "binary"),)


@on_both_backends
def test_the_dav_cache_keeps_resources_and_collection_tags(record_store: RecordStore) -> None:
    state = record_store.sync_state()
    body = b"BEGIN:VCALENDAR\r\n\xff\x00 not utf-8\r\nEND:VCALENDAR\r\n"
    one = Resource("cal", "https://dav/me/home/1.ics", "https://dav/me/home/", '"e1"', body)
    two = Resource("cal", "https://dav/me/work/2.ics", "https://dav/me/work/", '"e2"', b"x")
    state.save_dav_resources([one, two])
    state.save_dav_resources([Resource("cards", "https://dav/me/c/1.vcf", "c", '"e"', b"y")])
    assert state.dav_resources("cal") == {one.url: one, two.url: two}
    assert (
        state.dav_resource("cal", one.url) == one and state.dav_resource("cards", one.url) is None
    )
    newer = Resource("cal", one.url, one.collection, '"e3"', b"changed")
    state.save_dav_resources([newer])
    assert state.dav_resource("cal", one.url) == newer
    state.drop_dav_resources("cal", [two.url, "https://dav/me/never"])
    assert list(state.dav_resources("cal")) == [one.url]

    work, home = (
        CollectionTag(two.collection, "Work", "t1"),
        CollectionTag(one.collection, "Home", ""),
    )
    state.save_dav_collection("cal", work)
    state.save_dav_collection("cal", home)
    assert state.dav_collections("cal") == [home, work]  # by name
    state.save_dav_collection("cal", CollectionTag(work.url, "Work", "t2"))
    state.drop_dav_collection("cal", home.url)
    assert state.dav_collections("cal") == [CollectionTag(work.url, "Work", "t2")]

    state.drop_source("cal")
    assert state.dav_resources("cal") == {} and state.dav_collections("cal") == []
    assert list(state.dav_resources("cards")) == ["https://dav/me/c/1.vcf"]


EVENT = """BEGIN:VEVENT\r
UID:{uid}@familiar.test\r
DTSTAMP:20260101T000000Z\r
DTSTART:2026060{day}T090000Z\r
DTEND:2026060{day}T100000Z\r
SUMMARY:{summary}\r
END:VEVENT\r
"""


def _ics(folder: Path, name: str, *events: tuple[str, int, str]) -> Path:
    body = "".join(EVENT.format(uid=u, day=d, summary=s) for u, d, s in events)
    path = folder / name
    path.write_text(
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{body}END:VCALENDAR\r\n"
    )
    return path


def _titles(memory: Memory) -> list[str]:
    return sorted(i.title for i in memory.store.items(Filters(sources=("cal",)), limit=100))


@on_both_backends
def test_a_calendar_syncs_incrementally_and_a_stopped_sync_leaves_nothing_behind(
    record_store: RecordStore, memory: Memory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cal"
    folder.mkdir()
    _ics(folder, "a.ics", ("a1", 2, "Dentist"), ("a2", 3, "Yoga"))
    _ics(folder, "b.ics", ("b1", 4, "Lunch with Sam"))
    state = record_store.sync_state()
    entry = SourceEntry(kind="calendar", path=str(folder))
    syncer = Syncer(memory, state, UTC)
    report = syncer.sync("cal", entry)
    assert (report.files, report.new, report.items) == (2, 2, 3)
    assert len(titles := _titles(memory)) == 3 and any("Dentist" in t for t in titles)
    report = syncer.sync("cal", entry)
    assert (report.unchanged, report.items, report.changed) == (2, 0, 0)

    # the sync dies after memory committed a's new items, before the state claims them
    _ics(folder, "a.ics", ("a1", 2, "Dentist moved"))

    def dies(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(state, "record_files", dies)
    with pytest.raises(KeyboardInterrupt):
        syncer.sync("cal", entry)
    monkeypatch.undo()
    assert len(state.orphans("cal")) == 1  # the new item; the state still names the old ones
    assert len(state.item_ids("cal", str(folder / "a.ics"))) == 2

    report = syncer.sync("cal", entry)
    assert (report.changed, report.items) == (1, 1)
    titles = _titles(memory)
    assert len(titles) == 2 and any("Dentist moved" in t for t in titles), titles
    assert state.orphans("cal") == [] and len(state.item_ids("cal")) == 2

    (folder / "b.ics").unlink()
    report = syncer.sync("cal", entry)
    assert report.removed == 1 and len(_titles(memory)) == 1
    assert syncer.remove("cal") == 1
    assert _titles(memory) == [] and state.known_sources() == []
