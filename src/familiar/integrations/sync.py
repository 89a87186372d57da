"""Sync: bring a source's files into memory, touching only what changed since last time.

A file whose size and mtime are unchanged is not read; one whose bytes hash the same is
not parsed. A changed file's entries replace its earlier ones: new items are committed
first, then the file's state (which items it now owns), then the old items are removed.
A sync stopped between those commits leaves items no file owns; the next sync removes
them first, so nothing is lost and nothing is doubled. Calendar, contacts and mail
entries become timeline events (kind "event", untrusted: their text is third-party);
notes and documents folders go through memory's own ingestion.
"""

from __future__ import annotations

import hashlib
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from familiar.errors import UserError
from familiar.integrations.base import MAX_FILE_BYTES, Driver, Parsed
from familiar.integrations.sources import SERVER_KINDS, SourceEntry
from familiar.integrations.state import FileState, Skip, SyncState
from familiar.memory import Memory, NewItem
from familiar.memory.ingest import Ingestor
from familiar.memory.parsers import SkipFile

if TYPE_CHECKING:
    from familiar.integrations.dav.client import DavClient

FILE_KINDS = ("calendar", "contacts", "mail")
FOLDER_KINDS = ("notes", "documents")


OnFile = Callable[[Path, str], None]
BATCH_FILES = 200
BATCH_ENTRIES = 2000


def driver(kind: str) -> Driver:
    """The driver of a file kind, imported on first use (its parsing library is heavy)."""
    if kind not in FILE_KINDS:
        raise ValueError(f"no file driver for {kind!r}")
    found: Driver = importlib.import_module(f"familiar.integrations.{kind}").DRIVER
    return found


@dataclass
class SyncReport:
    """What one sync of one source did."""

    source: str
    files: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    items: int = 0  # items written by this sync
    skipped: list[Skip] = field(default_factory=list)
    seconds: float = 0.0


class Syncer:
    """Runs sources into memory and keeps their state."""

    def __init__(
        self, memory: Memory, state: SyncState, tz: tzinfo, dav_client: DavClient | None = None
    ) -> None:
        self.memory = memory
        self.state = state
        self.tz = tz
        self.dav_client = dav_client  # a test's client, to count its requests

    def sync(self, name: str, entry: SourceEntry, on_file: OnFile | None = None) -> SyncReport:
        """Sync one source; unchanged files are neither read nor parsed."""
        report = SyncReport(name)
        t0 = time.perf_counter()
        if entry.kind in SERVER_KINDS:
            if entry.kind == "imap":
                self._server(name, entry, report, on_file)
            else:
                from familiar.integrations.dav.sync import sync_dav  # httpx only when needed

                sync_dav(self, name, entry, report, self.dav_client)
        elif not (root := entry.root()).exists():
            raise UserError(f"source {name}: {root} does not exist")
        elif entry.kind in FOLDER_KINDS:
            self._folder(name, root, report, on_file)
        else:
            self._files(name, driver(entry.kind), root, report, on_file)
        report.seconds = time.perf_counter() - t0
        self.state.record_sync(
            name, self.memory.clock(), report.seconds, report.files, report.changed, report.removed
        )
        return report

    def _folder(self, name: str, root: Path, report: SyncReport, on_file: OnFile | None) -> None:
        ingestor = Ingestor(self.memory.store, self.memory.clock, self.tz)
        done = ingestor.run([root], source=name, on_file=on_file)
        report.files, report.new, report.changed = done.files, done.new, done.changed
        report.unchanged, report.removed, report.items = done.unchanged, done.removed, done.chunks
        report.skipped = [Skip(path, "", reason) for path, reason in done.skipped]
        self.state.replace_skips(name, report.skipped, self.memory.clock())

    def _files(
        self, name: str, driver: Driver, root: Path, report: SyncReport, on_file: OnFile | None
    ) -> None:
        store, now = self.memory.store, self.memory.clock()
        store.forget_items(self.state.orphans(name), now)
        known = self.state.files(name)
        seen: set[str] = set()
        batch = Batch()
        for path in driver.files(root):
            seen.add(str(path))
            status = self._file(name, driver, path, known.get(str(path)), report, batch)
            if on_file is not None:
                on_file(path, status)
            if batch.full():
                self.commit(name, batch, report)
        self.commit(name, batch, report)
        for gone in sorted(set(known) - seen):
            store.forget_items(self.state.item_ids(name, gone), now)
            self.state.drop_file(name, gone)
            report.removed += 1
        # like folder sources, report everything still skipped, not only what was re-read
        report.skipped = list(self.state.status(name).skips)

    def _file(
        self,
        name: str,
        driver: Driver,
        path: Path,
        known: FileState | None,
        report: SyncReport,
        batch: Batch,
    ) -> str:
        """Read and parse one file if it changed; what it holds joins the batch."""
        report.files += 1
        if known is None:
            report.new += 1
        try:
            st = path.stat()
        except OSError as exc:
            return batch.add(FileState(str(path), -1, -1, ""), known, _skip(exc), self.state, name)
        if known and known.size == st.st_size and known.mtime_ns == st.st_mtime_ns:
            report.unchanged += 1
            return "unchanged"
        state = FileState(str(path), st.st_size, st.st_mtime_ns, "")
        if st.st_size > MAX_FILE_BYTES:
            parsed = Parsed(skips=[("", f"too large: {st.st_size / 2**20:.0f} MiB")])
            return batch.add(state, known, parsed, self.state, name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            return batch.add(FileState(str(path), -1, -1, ""), known, _skip(exc), self.state, name)
        state = FileState(str(path), st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())
        if known and known.sha256 == state.sha256:
            self.state.touch_file(name, state)
            report.unchanged += 1
            return "unchanged"
        if known is not None:
            report.changed += 1
        try:
            parsed = driver.parse(path, data, self.tz)
        except SkipFile as exc:
            parsed = Parsed(skips=[("", str(exc))])
        except Exception as exc:  # one library failing on one file must not stop the sync
            parsed = Parsed(skips=[("", f"could not parse ({type(exc).__name__}: {exc})")])
        return batch.add(state, known, parsed, self.state, name)

    def _server(
        self, name: str, entry: SourceEntry, report: SyncReport, on_file: OnFile | None
    ) -> None:
        """An IMAP source: fetch the messages not seen yet, forget those gone from the server."""
        from familiar.integrations.imap import ImapReader

        store, now = self.memory.store, self.memory.clock()
        store.forget_items(self.state.orphans(name), now)
        known = self.state.files(name)
        batch = Batch()
        with ImapReader(name, entry, self.tz) as reader:
            present = reader.present()  # the whole listing before anything changes
            new = [where for url, where in present.items() if url not in known]
            report.files, report.new = len(present), len(new)
            report.unchanged = len(present) - len(new)
            for url, size, parsed in reader.fetch(new):
                batch.add(FileState(url, size, 0, ""), None, parsed, self.state, name)
                if on_file is not None:
                    on_file(Path(url), "new")
                if batch.full():
                    self.commit(name, batch, report)
        self.commit(name, batch, report)
        # gone: expunged, or its folder's UIDVALIDITY changed (then its messages came anew)
        for gone in sorted(set(known) - set(present)):
            store.forget_items(self.state.item_ids(name, gone), now)
            self.state.drop_file(name, gone)
            report.removed += 1
        report.skipped = list(self.state.status(name).skips)

    def commit(self, name: str, batch: Batch, report: SyncReport) -> None:
        """New items first, then which files own them, then the items they replace."""
        if not batch.files:
            return
        now = self.memory.clock()
        items = [
            NewItem(
                kind="event",
                source=name,
                text=e.text,
                title=e.title,
                created_at=e.at,
                trusted=False,  # a calendar invitation, a card or a mail is third-party text
                tags=e.tags,
            )
            for _, parsed, _ in batch.files
            for e in parsed.entries
        ]
        ids = iter(self.memory.store.add_items(items, now))
        done = []
        for state, parsed, _ in batch.files:
            owned = [next(ids) for _ in parsed.entries]
            skips = [Skip(state.path, part, reason) for part, reason in parsed.skips]
            done.append((state, owned, skips))
        self.state.record_files(name, done, now)
        self.memory.store.forget_items([i for _, _, old in batch.files for i in old], now)
        report.items += len(items)
        batch.files.clear()
        batch.entries = 0

    def remove(self, name: str) -> int:
        """Remove everything a source put in memory, and its state; returns items removed."""
        now = self.memory.clock()
        store = self.memory.store
        removed = store.forget_items(self.state.item_ids(name) + self.state.orphans(name), now)
        for path in self.state.document_paths(name):
            removed += store.remove_document(path)
        self.state.drop_source(name)
        return removed


@dataclass
class Batch:
    """Parsed files waiting to be committed together (one commit per file is slow)."""

    files: list[tuple[FileState, Parsed, list[int]]] = field(default_factory=list)
    entries: int = 0

    def add(
        self, state: FileState, known: FileState | None, parsed: Parsed, st: SyncState, name: str
    ) -> str:
        old = st.item_ids(name, state.path) if known else []
        self.files.append((state, parsed, old))
        self.entries += len(parsed.entries)
        if any(part == "" for part, _ in parsed.skips):
            return "skipped"
        return "new" if known is None else "changed"

    def full(self) -> bool:
        """Enough to commit: a sync stopped midway loses at most this much work."""
        return len(self.files) >= BATCH_FILES or self.entries >= BATCH_ENTRIES


def is_due(state: SyncState, name: str, entry: SourceEntry, now: datetime) -> bool:
    """True when a source was never synced, or not for its `every` minutes."""
    last = state.status(name).synced_at
    return last is None or now - last >= timedelta(minutes=entry.every)


def _skip(exc: OSError) -> Parsed:
    return Parsed(skips=[("", f"unreadable: {exc.strerror or exc}")])
