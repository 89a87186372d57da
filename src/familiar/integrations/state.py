"""What sync knows about each source: the interface every store backend implements.

Per-source file states (a file's stat and hash, or an IMAP message's or DAV resource's
URL), the memory items each produced, what was skipped and why, the last sync, and the
CalDAV/CardDAV cache (each resource's ETag and body, each collection's tag). The store
opens it on its own database (`RecordStore.sync_state`): the SQLite file
(`familiar.integrations.state_sqlite`) or the PostgreSQL server
(`familiar.integrations.state_postgres`).

Rules every implementation keeps:
- Each method that writes is one transaction: `record_files`, `drop_file` and
  `drop_source` change several tables at once or not at all.
- An item is owned only while it exists: memory removing an item removes its
  ownership (a foreign key), and ownership of an item memory does not hold is refused.
- It reads memory's tables too (item counts, a source's documents, orphaned items),
  which it can because sources and memory share the one database.
- Lists come back in a fixed order: paths and names by their code points, ids ascending.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


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


@dataclass(frozen=True)
class Resource:
    """One calendar object or card on a CalDAV/CardDAV server, as last synced."""

    source: str
    url: str
    collection: str
    etag: str
    body: bytes


@dataclass(frozen=True)
class CollectionTag:
    """A calendar or address book as last synced: its display name and ctag or sync-token."""

    url: str
    name: str
    tag: str


class SyncState(ABC):
    """Per-source file states, produced items, skips, last sync and the DAV cache."""

    # files and the items they produced ------------------------------------------

    @abstractmethod
    def files(self, source: str) -> dict[str, FileState]:
        """Every file synced for a source, by path."""

    @abstractmethod
    def file(self, source: str, path: str) -> FileState | None:
        """One file's state, or None if it was never synced."""

    @abstractmethod
    def item_ids(self, source: str, path: str | None = None) -> list[int]:
        """The memory items a file (or the whole source) produced, by path then id."""

    @abstractmethod
    def owner(self, item_id: int) -> tuple[str, str] | None:
        """The source and file an item came from."""

    @abstractmethod
    def record_files(
        self,
        source: str,
        done: Iterable[tuple[FileState, Sequence[int], Sequence[Skip]]],
        at: datetime,
    ) -> None:
        """Replace what is known about some files (stat, items, skips) in one transaction."""

    @abstractmethod
    def touch_file(self, source: str, state: FileState) -> None:
        """A file with a new stat but the same content."""

    @abstractmethod
    def drop_file(self, source: str, path: str) -> None:
        """Forget a file that is gone (its items are removed by the caller)."""

    @abstractmethod
    def replace_skips(self, source: str, skips: Iterable[Skip], at: datetime) -> None:
        """For folder sources (memory's ingestion): the skips of the latest run."""

    @abstractmethod
    def record_sync(
        self, source: str, at: datetime, seconds: float, files: int, changed: int, removed: int
    ) -> None:
        """The last sync of a source (its time kept to the second)."""

    @abstractmethod
    def orphans(self, source: str) -> list[int]:
        """Events of a source no file claims: left by a sync stopped between two commits."""

    @abstractmethod
    def document_paths(self, source: str) -> list[str]:
        """Paths of memory documents that belong to a source."""

    @abstractmethod
    def status(self, source: str) -> SourceStatus:
        """Last sync, counts and skips of one source."""

    @abstractmethod
    def known_sources(self) -> list[str]:
        """Every source with state in the store (configured or not any more)."""

    @abstractmethod
    def drop_source(self, source: str) -> None:
        """Forget everything sync knew about a source, its DAV cache included."""

    # CalDAV/CardDAV: resources and collections ---------------------------------

    @abstractmethod
    def dav_resources(self, source: str) -> dict[str, Resource]:
        """Every synced resource of a source, by URL."""

    @abstractmethod
    def dav_resource(self, source: str, url: str) -> Resource | None:
        """One synced resource, or None."""

    @abstractmethod
    def save_dav_resources(self, resources: Iterable[Resource]) -> None:
        """Insert or replace resources, in one transaction."""

    @abstractmethod
    def drop_dav_resources(self, source: str, urls: Iterable[str]) -> None:
        """Forget resources, in one transaction."""

    @abstractmethod
    def dav_collections(self, source: str) -> list[CollectionTag]:
        """A source's calendars or address books as last synced, by name."""

    @abstractmethod
    def save_dav_collection(self, source: str, collection: CollectionTag) -> None:
        """Insert or replace one collection's tag."""

    @abstractmethod
    def drop_dav_collection(self, source: str, url: str) -> None:
        """Forget a collection."""
