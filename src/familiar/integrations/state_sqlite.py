"""Sync state in the SQLite store file (tables of migrations 005_sources and 007_dav)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from familiar.integrations.state import (
    CollectionTag,
    FileState,
    Resource,
    Skip,
    SourceStatus,
    SyncState,
)
from familiar.store.sqlite import Store

_SOURCE_TABLES = ("source_files", "source_items", "source_skips")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class SqliteSyncState(SyncState):
    """`SyncState` on the store's own connection, under its lock."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self.store.transaction() as db:
            return db.execute(sql, tuple(params)).fetchall()

    # files and the items they produced ------------------------------------------

    def files(self, source: str) -> dict[str, FileState]:
        """Every file synced for a source, by path."""
        rows = self._rows(
            "SELECT path, size, mtime_ns, sha256 FROM source_files WHERE source=?", (source,)
        )
        return {
            r["path"]: FileState(r["path"], r["size"], r["mtime_ns"], r["sha256"]) for r in rows
        }

    def file(self, source: str, path: str) -> FileState | None:
        """One file's state, or None if it was never synced."""
        rows = self._rows(
            "SELECT path, size, mtime_ns, sha256 FROM source_files WHERE source=? AND path=?",
            (source, path),
        )
        return FileState(*rows[0]) if rows else None

    def item_ids(self, source: str, path: str | None = None) -> list[int]:
        """The memory items a file (or the whole source) produced, by path then id."""
        if path is None:
            rows = self._rows(
                "SELECT item_id FROM source_items WHERE source=? ORDER BY path, item_id",
                (source,),
            )
        else:
            rows = self._rows(
                "SELECT item_id FROM source_items WHERE source=? AND path=? ORDER BY item_id",
                (source, path),
            )
        return [int(r[0]) for r in rows]

    def owner(self, item_id: int) -> tuple[str, str] | None:
        """The source and file an item came from."""
        rows = self._rows("SELECT source, path FROM source_items WHERE item_id=?", (item_id,))
        return (str(rows[0][0]), str(rows[0][1])) if rows else None

    def record_files(
        self,
        source: str,
        done: Iterable[tuple[FileState, Sequence[int], Sequence[Skip]]],
        at: datetime,
    ) -> None:
        """Replace what is known about some files (stat, items, skips) in one transaction."""
        with self.store.transaction() as db:
            for state, item_ids, skips in done:
                db.execute(
                    "INSERT OR REPLACE INTO source_files VALUES (?, ?, ?, ?, ?, ?)",
                    (source, state.path, state.size, state.mtime_ns, state.sha256, _iso(at)),
                )
                for table in ("source_items", "source_skips"):
                    db.execute(
                        f"DELETE FROM {table} WHERE source=? AND path=?", (source, state.path)
                    )
                db.executemany(
                    "INSERT OR IGNORE INTO source_items VALUES (?, ?, ?)",
                    [(source, state.path, i) for i in item_ids],
                )
                db.executemany(
                    "INSERT OR REPLACE INTO source_skips VALUES (?, ?, ?, ?, ?)",
                    [(source, s.path, s.part, s.reason, _iso(at)) for s in skips],
                )

    def touch_file(self, source: str, state: FileState) -> None:
        """A file with a new stat but the same content."""
        with self.store.transaction() as db:
            db.execute(
                "UPDATE source_files SET size=?, mtime_ns=? WHERE source=? AND path=?",
                (state.size, state.mtime_ns, source, state.path),
            )

    def drop_file(self, source: str, path: str) -> None:
        """Forget a file that is gone (its items are removed by the caller)."""
        with self.store.transaction() as db:
            for table in _SOURCE_TABLES:
                db.execute(f"DELETE FROM {table} WHERE source=? AND path=?", (source, path))

    def replace_skips(self, source: str, skips: Iterable[Skip], at: datetime) -> None:
        """For folder sources (memory's ingestion): the skips of the latest run."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM source_skips WHERE source=?", (source,))
            db.executemany(
                "INSERT OR REPLACE INTO source_skips VALUES (?, ?, ?, ?, ?)",
                [(source, s.path, s.part, s.reason, _iso(at)) for s in skips],
            )

    def record_sync(
        self, source: str, at: datetime, seconds: float, files: int, changed: int, removed: int
    ) -> None:
        """The last sync of a source (its time kept to the second)."""
        with self.store.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO source_syncs VALUES (?, ?, ?, ?, ?, ?)",
                (source, _iso(at), seconds, files, changed, removed),
            )

    def orphans(self, source: str) -> list[int]:
        """Events of a source no file claims: left by a sync stopped between two commits."""
        rows = self._rows(
            "SELECT id FROM mem_items WHERE source=? AND kind='event' AND id NOT IN"
            " (SELECT item_id FROM source_items WHERE source=?) ORDER BY id",
            (source, source),
        )
        return [int(r[0]) for r in rows]

    def document_paths(self, source: str) -> list[str]:
        """Paths of memory documents that belong to a source."""
        rows = self._rows("SELECT path FROM mem_documents WHERE source=? ORDER BY path", (source,))
        return [str(r[0]) for r in rows]

    def status(self, source: str) -> SourceStatus:
        """Last sync, counts and skips of one source."""
        sync = self._rows("SELECT * FROM source_syncs WHERE source=?", (source,))
        items = self._rows("SELECT count(*) FROM mem_items WHERE source=?", (source,))[0][0]
        skips = self._rows(
            "SELECT path, part, reason FROM source_skips WHERE source=? ORDER BY path, part",
            (source,),
        )
        row = sync[0] if sync else None
        return SourceStatus(
            name=source,
            synced_at=datetime.fromisoformat(row["synced_at"]) if row else None,
            seconds=float(row["seconds"]) if row else 0.0,
            files=int(row["files"]) if row else 0,
            items=int(items),
            skips=tuple(Skip(r["path"], r["part"], r["reason"]) for r in skips),
        )

    def known_sources(self) -> list[str]:
        """Every source with state in the store (configured or not any more)."""
        rows = self._rows(
            "SELECT source FROM source_syncs UNION SELECT source FROM source_files ORDER BY 1"
        )
        return [str(r[0]) for r in rows]

    def drop_source(self, source: str) -> None:
        """Forget everything sync knew about a source, its DAV cache included."""
        with self.store.transaction() as db:
            for table in (*_SOURCE_TABLES, "source_syncs", "dav_resources", "dav_collections"):
                db.execute(f"DELETE FROM {table} WHERE source=?", (source,))

    # CalDAV/CardDAV: resources and collections ---------------------------------

    def dav_resources(self, source: str) -> dict[str, Resource]:
        """Every synced resource of a source, by URL."""
        rows = self._rows(
            "SELECT url, collection, etag, body FROM dav_resources WHERE source=?", (source,)
        )
        return {r[0]: Resource(source, r[0], r[1], r[2], bytes(r[3])) for r in rows}

    def dav_resource(self, source: str, url: str) -> Resource | None:
        """One synced resource, or None."""
        rows = self._rows(
            "SELECT collection, etag, body FROM dav_resources WHERE source=? AND url=?",
            (source, url),
        )
        return Resource(source, url, rows[0][0], rows[0][1], bytes(rows[0][2])) if rows else None

    def save_dav_resources(self, resources: Iterable[Resource]) -> None:
        """Insert or replace resources, in one transaction."""
        with self.store.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO dav_resources VALUES (?, ?, ?, ?, ?)",
                [(r.source, r.url, r.collection, r.etag, r.body) for r in resources],
            )

    def drop_dav_resources(self, source: str, urls: Iterable[str]) -> None:
        """Forget resources, in one transaction."""
        with self.store.transaction() as db:
            db.executemany(
                "DELETE FROM dav_resources WHERE source=? AND url=?", [(source, u) for u in urls]
            )

    def dav_collections(self, source: str) -> list[CollectionTag]:
        """A source's calendars or address books as last synced, by name."""
        rows = self._rows(
            "SELECT url, name, tag FROM dav_collections WHERE source=? ORDER BY name, url",
            (source,),
        )
        return [CollectionTag(r[0], r[1], r[2]) for r in rows]

    def save_dav_collection(self, source: str, collection: CollectionTag) -> None:
        """Insert or replace one collection's tag."""
        with self.store.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO dav_collections VALUES (?, ?, ?, ?)",
                (source, collection.url, collection.name, collection.tag),
            )

    def drop_dav_collection(self, source: str, url: str) -> None:
        """Forget a collection."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM dav_collections WHERE source=? AND url=?", (source, url))
