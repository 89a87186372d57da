"""What sync knows about each source, kept in the store (tables of migration 005_sources).

It reads memory's tables too (item counts, a source's documents, orphaned items), which
it can because sources and memory share the one SQLite file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from familiar.errors import UserError
from familiar.store import RecordStore, Store


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class FileState:
    """A file as it was when last synced."""

    path: str
    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class Skip:
    """A file, or a message or entry inside one, that sync left out, and why."""

    path: str
    part: str
    reason: str


@dataclass(frozen=True)
class SourceStatus:
    """One source as `familiar sources list` shows it."""

    name: str
    synced_at: datetime | None
    seconds: float
    files: int
    items: int
    skips: tuple[Skip, ...]


class SyncState:
    """Per-source file states, produced items, skips and last sync, on the store file."""

    def __init__(self, store: RecordStore) -> None:
        if not isinstance(store, Store):
            raise UserError(
                f"sources keep their sync state in the local store file; {store.describe()}"
                " is not supported for sources yet (clear store_url to use them)"
            )
        self.store = store

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self.store.transaction() as db:
            return db.execute(sql, tuple(params)).fetchall()

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
        """The memory items a file (or the whole source) produced."""
        if path is None:
            rows = self._rows("SELECT item_id FROM source_items WHERE source=?", (source,))
        else:
            rows = self._rows(
                "SELECT item_id FROM source_items WHERE source=? AND path=?", (source, path)
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
            for table in ("source_files", "source_items", "source_skips"):
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
        """The last sync of a source."""
        with self.store.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO source_syncs VALUES (?, ?, ?, ?, ?, ?)",
                (source, _iso(at), seconds, files, changed, removed),
            )

    def orphans(self, source: str) -> list[int]:
        """Events of a source no file claims: left by a sync stopped between two commits."""
        rows = self._rows(
            "SELECT id FROM mem_items WHERE source=? AND kind='event' AND id NOT IN"
            " (SELECT item_id FROM source_items WHERE source=?)",
            (source, source),
        )
        return [int(r[0]) for r in rows]

    def document_paths(self, source: str) -> list[str]:
        """Paths of memory documents that belong to a source."""
        rows = self._rows("SELECT path FROM mem_documents WHERE source=?", (source,))
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
        """Forget everything sync knew about a source."""
        with self.store.transaction() as db:
            for table in (
                "source_files",
                "source_items",
                "source_skips",
                "source_syncs",
                "dav_resources",
                "dav_collections",
            ):
                db.execute(f"DELETE FROM {table} WHERE source=?", (source,))
