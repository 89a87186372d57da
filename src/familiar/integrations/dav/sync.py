"""Sync a CalDAV/CardDAV source: only what changed on the server is fetched.

One PROPFIND lists the collections with their ctag (or sync-token); a collection whose
tag is unchanged costs nothing more. Otherwise one PROPFIND lists its resources' ETags,
and only new or changed resources are fetched (calendar-/addressbook-multiget). Each is
parsed by the same code as the .ics and .vcf files and committed to memory like a file,
with its URL as the path; then its ETag and body are saved. A sync stopped midway
leaves ETags older than memory, so the next one fetches those again: nothing is lost.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from familiar.integrations.base import Parsed
from familiar.integrations.dav.cache import DavCache, Resource
from familiar.integrations.dav.client import Collection, DavClient
from familiar.integrations.sources import SourceEntry
from familiar.integrations.state import FileState
from familiar.integrations.sync import Batch, Syncer, SyncReport
from familiar.memory.parsers import SkipFile


def sync_dav(
    syncer: Syncer, name: str, entry: SourceEntry, report: SyncReport, client: DavClient | None
) -> None:
    """Bring a server source's changed resources into memory and the cache."""
    if client is not None:
        _Run(syncer, name, entry.kind, report, client).run()
        return
    with DavClient.for_source(name, entry) as dav:
        _Run(syncer, name, entry.kind, report, dav).run()


class _Run:
    def __init__(
        self, syncer: Syncer, name: str, kind: str, report: SyncReport, dav: DavClient
    ) -> None:
        self.syncer, self.name, self.kind, self.report, self.dav = syncer, name, kind, report, dav
        self.cache = DavCache(syncer.state)

    def run(self) -> None:
        state, store = self.syncer.state, self.syncer.memory.store
        store.forget_items(state.orphans(self.name), self.syncer.memory.clock())
        known = self.cache.resources(self.name)
        tags = self.cache.collections(self.name)
        found = self.dav.collections(self.kind)
        for collection in found:
            mine = {u: r for u, r in known.items() if r.collection == collection.url}
            synced = tags.get(collection.url)
            if collection.tag and synced is not None and synced.tag == collection.tag:
                self.report.files += len(mine)
                self.report.unchanged += len(mine)
                continue
            self._collection(collection, mine)
            self.cache.save_collection(self.name, collection)
        urls = {c.url for c in found}
        for gone in set(tags) - urls:  # a calendar or address book deleted on the server
            self._remove([u for u, r in known.items() if r.collection == gone])
            self.cache.drop_collection(self.name, gone)
        self.report.skipped = list(state.status(self.name).skips)

    def _collection(self, collection: Collection, mine: dict[str, Resource]) -> None:
        etags = self.dav.etags(collection.url)
        todo = [u for u, e in etags.items() if u not in mine or mine[u].etag != e]
        self.report.files += len(etags)
        self.report.unchanged += len(etags) - len(todo)
        fetched = self.dav.multiget(self.kind, collection.url, todo) if todo else {}
        batch, pending = Batch(), []
        for url in todo:
            if url not in fetched:  # deleted between the two requests: the next sync sees it
                continue
            etag, body = fetched[url]
            known = self.syncer.state.file(self.name, url)
            self.report.new += known is None
            self.report.changed += known is not None
            parsed = self._parse(url, body, collection.name)
            digest = hashlib.sha256(body).hexdigest()
            batch.add(
                FileState(url, len(body), 0, digest), known, parsed, self.syncer.state, self.name
            )
            pending.append(Resource(self.name, url, collection.url, etag, body))
            if batch.full():
                self._commit(batch, pending)
        self._commit(batch, pending)
        self._remove(sorted(set(mine) - set(etags)))

    def _parse(self, url: str, body: bytes, calendar: str) -> Parsed:
        try:
            if self.kind == "caldav":
                from familiar.integrations.calendar import parse

                return parse(Path(calendar), body, self.syncer.tz, calendar)
            from familiar.integrations.contacts import entries, read

            cards, skips = read(Path(unquote(urlsplit(url).path)), body)
            return Parsed(entries(cards, self.syncer.memory.clock()), skips)
        except SkipFile as exc:
            return Parsed(skips=[("", str(exc))])
        except Exception as exc:  # one library failing on one resource must not stop the sync
            return Parsed(skips=[("", f"could not parse ({type(exc).__name__}: {exc})")])

    def _commit(self, batch: Batch, pending: list[Resource]) -> None:
        self.syncer.commit(self.name, batch, self.report)
        self.cache.save(pending)  # after memory: a stop in between only means a refetch
        pending.clear()

    def _remove(self, urls: list[str]) -> None:
        now: datetime = self.syncer.memory.clock()
        for url in urls:
            self.syncer.memory.store.forget_items(self.syncer.state.item_ids(self.name, url), now)
            self.syncer.state.drop_file(self.name, url)
            self.report.removed += 1
        self.cache.drop(self.name, urls)
