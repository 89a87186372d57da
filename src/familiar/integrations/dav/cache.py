"""Each server resource as last synced (URL, ETag, body) and each collection's tag.

The skills read events and cards from here, so "what's on Thursday" works while the
server is away, and a write starts from the synced body and sends its ETag (If-Match).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from familiar.integrations.dav.client import Collection
from familiar.integrations.state import SyncState


@dataclass(frozen=True)
class Resource:
    """One calendar object or card on the server, as last synced."""

    source: str
    url: str
    collection: str
    etag: str
    body: bytes


class DavCache:
    """Synced resources and collections of the DAV sources, on the store file."""

    def __init__(self, state: SyncState) -> None:
        self.store = state.store

    def resources(self, source: str) -> dict[str, Resource]:
        """Every synced resource of a source, by URL."""
        with self.store.transaction() as db:
            rows = db.execute(
                "SELECT url, collection, etag, body FROM dav_resources WHERE source=?", (source,)
            ).fetchall()
        return {r[0]: Resource(source, r[0], r[1], r[2], bytes(r[3])) for r in rows}

    def resource(self, source: str, url: str) -> Resource | None:
        """One synced resource, or None."""
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT collection, etag, body FROM dav_resources WHERE source=? AND url=?",
                (source, url),
            ).fetchone()
        return Resource(source, url, row[0], row[1], bytes(row[2])) if row else None

    def save(self, resources: Iterable[Resource]) -> None:
        """Resources fetched by a sync (after memory holds what they produced)."""
        with self.store.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO dav_resources VALUES (?, ?, ?, ?, ?)",
                [(r.source, r.url, r.collection, r.etag, r.body) for r in resources],
            )

    def drop(self, source: str, urls: Iterable[str]) -> None:
        """Forget resources deleted on the server."""
        with self.store.transaction() as db:
            db.executemany(
                "DELETE FROM dav_resources WHERE source=? AND url=?", [(source, u) for u in urls]
            )

    def collections(self, source: str) -> dict[str, Collection]:
        """The source's calendars or address books as last synced, by URL."""
        with self.store.transaction() as db:
            rows = db.execute(
                "SELECT url, name, tag FROM dav_collections WHERE source=? ORDER BY name",
                (source,),
            ).fetchall()
        return {r[0]: Collection(r[0], r[1], r[2]) for r in rows}

    def save_collection(self, source: str, collection: Collection) -> None:
        """A collection fully synced at this tag."""
        with self.store.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO dav_collections VALUES (?, ?, ?, ?)",
                (source, collection.url, collection.name, collection.tag),
            )

    def drop_collection(self, source: str, url: str) -> None:
        """Forget a collection deleted on the server."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM dav_collections WHERE source=? AND url=?", (source, url))
