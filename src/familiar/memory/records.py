"""Memory's typed records: what goes into the store and what comes out of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from familiar.security.labels import Integrity, Label

Kind = Literal["note", "chunk", "event", "episode"]
KINDS: tuple[str, ...] = ("note", "chunk", "event", "episode")
"""note: something the user asked to remember; chunk: part of an ingested document;
event: a timestamped happening (conversation, action, sensed, imported);
episode: a summary of past conversations."""


@dataclass(frozen=True)
class NewItem:
    """An item to add: the unit that is searched, embedded and cited."""

    kind: str
    source: str
    text: str
    created_at: datetime
    trusted: bool
    title: str = ""
    tags: tuple[str, ...] = ()
    run_id: int | None = None


@dataclass(frozen=True)
class MemoryItem:
    """One stored item; `ref` ("m12") is how answers cite it."""

    id: int
    kind: str
    source: str
    trusted: bool
    title: str
    text: str
    created_at: datetime
    added_at: datetime
    tags: tuple[str, ...] = ()
    doc_id: int | None = None
    path: str | None = None
    seq: int | None = None
    run_id: int | None = None

    @property
    def ref(self) -> str:
        """The citation id shown to the model and the user."""
        return f"m{self.id}"

    @property
    def label(self) -> Label:
        """Provenance: the user's own statements are trusted, ingested content is not."""
        origin = "user" if self.trusted and self.source == "user" else f"memory:{self.source}"
        return Label(
            sources=frozenset({origin}),
            integrity=Integrity.TRUSTED if self.trusted else Integrity.UNTRUSTED,
        )


@dataclass(frozen=True)
class NewDocument:
    """A parsed file about to replace whatever was stored for its path."""

    path: str
    source: str
    format: str
    title: str
    size: int
    mtime_ns: int
    sha256: str
    created_at: datetime
    modified_at: datetime
    tags: tuple[str, ...]
    chunks: tuple[NewChunk, ...]

    def chunk_items(self) -> list[NewItem]:
        """Its chunks as items: untrusted (third-party text), dated and tagged like the file."""
        return [
            NewItem(
                kind="chunk",
                source=self.source,
                text=chunk.text,
                created_at=self.created_at,
                trusted=False,
                title=chunk.title or self.title,
                tags=self.tags,
            )
            for chunk in self.chunks
        ]


@dataclass(frozen=True)
class NewChunk:
    """One piece of a document's text, with the heading it falls under."""

    text: str
    title: str = ""


@dataclass(frozen=True)
class DocumentState:
    """What the store knows about a file, to tell whether it changed."""

    id: int
    path: str
    size: int
    mtime_ns: int
    sha256: str
    forgotten: bool


@dataclass(frozen=True)
class Skipped:
    """A file that was not indexed, and why."""

    path: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class Fact:
    """A profile fact with its provenance; `valid_to` None means it is current."""

    id: int
    key: str
    value: str
    source: str
    valid_from: datetime
    valid_to: datetime | None = None
    statement: str | None = None
    run_id: int | None = None
    item_id: int | None = None
    ended_by: str | None = None


@dataclass(frozen=True)
class FactChange:
    """A fact to apply: set a value (superseding the current one) or retract it.

    A retraction ends the current value of `key` when it equals `value` (or whatever
    it is, when `value` is empty); nothing replaces it.
    """

    key: str
    value: str
    retract: bool = False
    statement: str = ""


@dataclass(frozen=True)
class Filters:
    """Narrowing applied in SQL before any ranking (all given conditions must hold)."""

    sources: tuple[str, ...] = ()  # any of
    kinds: tuple[str, ...] = ()  # any of
    tags: tuple[str, ...] = ()  # all of
    exclude_tags: tuple[str, ...] = ()  # none of
    since: datetime | None = None  # created_at >= since
    until: datetime | None = None  # created_at < until

    @property
    def empty(self) -> bool:
        """True when nothing is filtered."""
        return not (
            self.sources or self.kinds or self.tags or self.exclude_tags or self.since or self.until
        )


@dataclass(frozen=True)
class Forgotten:
    """What `forget` removed."""

    item_id: int
    items: tuple[int, ...]  # the item and derived items (episodes citing it)
    facts: int  # profile facts learned from it, removed
    reopened: int  # facts it had ended, current again


@dataclass
class Stats:
    """Counts for `familiar memory stats`."""

    items_by_kind: dict[str, int] = field(default_factory=dict)
    items_by_source: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    forgotten_documents: int = 0
    vectors_by_model: dict[str, int] = field(default_factory=dict)
    backlog: int = 0  # items without a vector from the current model
    facts: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    store_bytes: int = 0
    index: str = ""  # the vector index in use and whether it is fresh
