"""Sync state in the PostgreSQL store (tables of migration pg004_sources).

It shares the `PostgresStore`'s connection (`pg.Session`): opening it costs nothing, so a
skill can ask for it on every call. Memory writes its items on its own connection; the
syncer commits them before the state that claims them, and the foreign key from
`source_items` to `mem_items` refuses a claim on an item that was not committed.
Orderings use the "C" collation, code point order like SQLite's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from familiar.integrations.state import (
    CollectionTag,
    FileState,
    Resource,
    Skip,
    SourceStatus,
    SyncState,
)
from familiar.store.pg import Session

_SOURCE_TABLES = ("source_files", "source_items", "source_skips")


def _second(moment: datetime) -> datetime:
    """UTC, to the second, as the SQLite store keeps sync times."""
    if moment.tzinfo is None:
        raise ValueError("the store only keeps aware datetimes")
    return moment.astimezone(UTC).replace(microsecond=0)


class PostgresSyncState(SyncState):
    """`SyncState` on the PostgreSQL store's connection."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self._session.rows(query, params)

    # files and the items they produced ------------------------------------------

    def files(self, source: str) -> dict[str, FileState]:
        """Every file synced for a source, by path."""
        rows = self._rows(
            "SELECT path, size, mtime_ns, sha256 FROM source_files WHERE source=%s", (source,)
        )
        return {r["path"]: _file(r) for r in rows}

    def file(self, source: str, path: str) -> FileState | None:
        """One file's state, or None if it was never synced."""
        rows = self._rows(
            "SELECT path, size, mtime_ns, sha256 FROM source_files WHERE source=%s AND path=%s",
            (source, path),
        )
        return _file(rows[0]) if rows else None

    def item_ids(self, source: str, path: str | None = None) -> list[int]:
        """The memory items a file (or the whole source) produced, by path then id."""
        if path is None:
            rows = self._rows(
                "SELECT item_id FROM source_items WHERE source=%s"
                ' ORDER BY path COLLATE "C", item_id',
                (source,),
            )
        else:
            rows = self._rows(
                "SELECT item_id FROM source_items WHERE source=%s AND path=%s ORDER BY item_id",
                (source, path),
            )
        return [int(r["item_id"]) for r in rows]

    def owner(self, item_id: int) -> tuple[str, str] | None:
        """The source and file an item came from."""
        rows = self._rows(
            "SELECT source, path FROM source_items WHERE item_id=%s"
            ' ORDER BY source COLLATE "C", path COLLATE "C" LIMIT 1',
            (item_id,),
        )
        return (str(rows[0]["source"]), str(rows[0]["path"])) if rows else None

    def record_files(
        self,
        source: str,
        done: Iterable[tuple[FileState, Sequence[int], Sequence[Skip]]],
        at: datetime,
    ) -> None:
        """Replace what is known about some files (stat, items, skips) in one transaction."""
        when = _second(at)
        with self._session.transaction() as db, db.cursor() as cur:
            for state, item_ids, skips in done:
                cur.execute(
                    "INSERT INTO source_files VALUES (%s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT (source, path) DO UPDATE SET size=EXCLUDED.size,"
                    " mtime_ns=EXCLUDED.mtime_ns, sha256=EXCLUDED.sha256,"
                    " synced_at=EXCLUDED.synced_at",
                    (source, state.path, state.size, state.mtime_ns, state.sha256, when),
                )
                for table in ("source_items", "source_skips"):
                    cur.execute(
                        f"DELETE FROM {table} WHERE source=%s AND path=%s", (source, state.path)
                    )
                cur.executemany(
                    "INSERT INTO source_items VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                    [(source, state.path, i) for i in item_ids],
                )
                cur.executemany(
                    "INSERT INTO source_skips VALUES (%s, %s, %s, %s, %s)"
                    " ON CONFLICT (source, path, part) DO UPDATE SET reason=EXCLUDED.reason,"
                    " at=EXCLUDED.at",
                    [(source, s.path, s.part, s.reason, when) for s in skips],
                )

    def touch_file(self, source: str, state: FileState) -> None:
        """A file with a new stat but the same content."""
        with self._session.transaction() as db:
            db.execute(
                "UPDATE source_files SET size=%s, mtime_ns=%s WHERE source=%s AND path=%s",
                (state.size, state.mtime_ns, source, state.path),
            )

    def drop_file(self, source: str, path: str) -> None:
        """Forget a file that is gone (its items are removed by the caller)."""
        with self._session.transaction() as db:
            for table in _SOURCE_TABLES:
                db.execute(f"DELETE FROM {table} WHERE source=%s AND path=%s", (source, path))

    def replace_skips(self, source: str, skips: Iterable[Skip], at: datetime) -> None:
        """For folder sources (memory's ingestion): the skips of the latest run."""
        when = _second(at)
        with self._session.transaction() as db, db.cursor() as cur:
            cur.execute("DELETE FROM source_skips WHERE source=%s", (source,))
            cur.executemany(
                "INSERT INTO source_skips VALUES (%s, %s, %s, %s, %s)"
                " ON CONFLICT (source, path, part) DO UPDATE SET reason=EXCLUDED.reason,"
                " at=EXCLUDED.at",
                [(source, s.path, s.part, s.reason, when) for s in skips],
            )

    def record_sync(
        self, source: str, at: datetime, seconds: float, files: int, changed: int, removed: int
    ) -> None:
        """The last sync of a source (its time kept to the second)."""
        with self._session.transaction() as db:
            db.execute(
                "INSERT INTO source_syncs VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (source) DO UPDATE SET synced_at=EXCLUDED.synced_at,"
                " seconds=EXCLUDED.seconds, files=EXCLUDED.files, changed=EXCLUDED.changed,"
                " removed=EXCLUDED.removed",
                (source, _second(at), seconds, files, changed, removed),
            )

    def orphans(self, source: str) -> list[int]:
        """Events of a source no file claims: left by a sync stopped between two commits."""
        rows = self._rows(
            "SELECT id FROM mem_items i WHERE source=%s AND kind='event' AND NOT EXISTS"
            " (SELECT 1 FROM source_items s WHERE s.source=%s AND s.item_id=i.id) ORDER BY id",
            (source, source),
        )
        return [int(r["id"]) for r in rows]

    def document_paths(self, source: str) -> list[str]:
        """Paths of memory documents that belong to a source."""
        rows = self._rows(
            'SELECT path FROM mem_documents WHERE source=%s ORDER BY path COLLATE "C"', (source,)
        )
        return [str(r["path"]) for r in rows]

    def status(self, source: str) -> SourceStatus:
        """Last sync, counts and skips of one source."""
        sync = self._rows("SELECT * FROM source_syncs WHERE source=%s", (source,))
        items = self._session.one("SELECT count(*) FROM mem_items WHERE source=%s", (source,))
        skips = self._rows(
            "SELECT path, part, reason FROM source_skips WHERE source=%s"
            ' ORDER BY path COLLATE "C", part COLLATE "C"',
            (source,),
        )
        row = sync[0] if sync else None
        return SourceStatus(
            name=source,
            synced_at=row["synced_at"].astimezone(UTC) if row else None,
            seconds=float(row["seconds"]) if row else 0.0,
            files=int(row["files"]) if row else 0,
            items=int(items),
            skips=tuple(Skip(r["path"], r["part"], r["reason"]) for r in skips),
        )

    def known_sources(self) -> list[str]:
        """Every source with state in the store (configured or not any more)."""
        rows = self._rows(
            "SELECT source FROM (SELECT source FROM source_syncs"
            ' UNION SELECT source FROM source_files) AS known ORDER BY source COLLATE "C"'
        )
        return [str(r["source"]) for r in rows]

    def drop_source(self, source: str) -> None:
        """Forget everything sync knew about a source, its DAV cache included."""
        with self._session.transaction() as db:
            for table in (*_SOURCE_TABLES, "source_syncs", "dav_resources", "dav_collections"):
                db.execute(f"DELETE FROM {table} WHERE source=%s", (source,))

    # CalDAV/CardDAV: resources and collections ---------------------------------

    def dav_resources(self, source: str) -> dict[str, Resource]:
        """Every synced resource of a source, by URL."""
        rows = self._rows(
            "SELECT url, collection, etag, body FROM dav_resources WHERE source=%s", (source,)
        )
        return {r["url"]: _resource(source, r) for r in rows}

    def dav_resource(self, source: str, url: str) -> Resource | None:
        """One synced resource, or None."""
        rows = self._rows(
            "SELECT url, collection, etag, body FROM dav_resources WHERE source=%s AND url=%s",
            (source, url),
        )
        return _resource(source, rows[0]) if rows else None

    def save_dav_resources(self, resources: Iterable[Resource]) -> None:
        """Insert or replace resources, in one transaction."""
        with self._session.transaction() as db, db.cursor() as cur:
            cur.executemany(
                "INSERT INTO dav_resources VALUES (%s, %s, %s, %s, %s)"
                " ON CONFLICT (source, url) DO UPDATE SET collection=EXCLUDED.collection,"
                " etag=EXCLUDED.etag, body=EXCLUDED.body",
                [(r.source, r.url, r.collection, r.etag, r.body) for r in resources],
            )

    def drop_dav_resources(self, source: str, urls: Iterable[str]) -> None:
        """Forget resources, in one transaction."""
        with self._session.transaction() as db:
            db.execute(
                "DELETE FROM dav_resources WHERE source=%s AND url = ANY(%s)", (source, list(urls))
            )

    def dav_collections(self, source: str) -> list[CollectionTag]:
        """A source's calendars or address books as last synced, by name."""
        rows = self._rows(
            "SELECT url, name, tag FROM dav_collections WHERE source=%s"
            ' ORDER BY name COLLATE "C", url COLLATE "C"',
            (source,),
        )
        return [CollectionTag(r["url"], r["name"], r["tag"]) for r in rows]

    def save_dav_collection(self, source: str, collection: CollectionTag) -> None:
        """Insert or replace one collection's tag."""
        with self._session.transaction() as db:
            db.execute(
                "INSERT INTO dav_collections VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (source, url) DO UPDATE SET name=EXCLUDED.name, tag=EXCLUDED.tag",
                (source, collection.url, collection.name, collection.tag),
            )

    def drop_dav_collection(self, source: str, url: str) -> None:
        """Forget a collection."""
        with self._session.transaction() as db:
            db.execute("DELETE FROM dav_collections WHERE source=%s AND url=%s", (source, url))


def _file(row: dict[str, Any]) -> FileState:
    return FileState(row["path"], int(row["size"]), int(row["mtime_ns"]), row["sha256"])


def _resource(source: str, row: dict[str, Any]) -> Resource:
    return Resource(source, row["url"], row["collection"], row["etag"], bytes(row["body"]))
