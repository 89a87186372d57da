"""The interface every memory backend implements (SQLite here; PostgreSQL + pgvector next).

A backend owns all of memory's SQL: items with their full-text index, vectors tagged
with the embedding model, documents, profile facts, episodes and skipped files. The
layers above (ingestion, hybrid search, context assembly, tools) only use this class,
so a second backend passes the same contract tests by implementing these methods.

Rules every implementation keeps:
- Filters are applied in the database before any ranking, in both legs of search.
- `vector_search` only compares vectors of the given model.
- `forget` removes the item from text and vector search at once, with what derives
  from it (episodes citing it, facts learned from it).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime

import numpy as np

from familiar.memory.records import (
    DocumentState,
    Fact,
    FactChange,
    Filters,
    Forgotten,
    MemoryItem,
    NewDocument,
    NewItem,
    Skipped,
    Stats,
)


class MemoryStore(ABC):
    """Long-term memory in one database."""

    vector_parts: bool = False
    """True when an item may have several vectors of a model (its whole text, then its
    windows: see familiar.memory.windows) and `vector_search` pools them per item."""

    # items ----------------------------------------------------------------------

    @abstractmethod
    def add_item(self, item: NewItem, at: datetime) -> MemoryItem:
        """Store one item (note, event or episode); it is text-searchable on return."""

    @abstractmethod
    def item(self, item_id: int) -> MemoryItem | None:
        """One item by id."""

    @abstractmethod
    def items_by_id(self, ids: Sequence[int]) -> dict[int, MemoryItem]:
        """Several items by id (missing ids are absent from the result)."""

    @abstractmethod
    def items(self, filters: Filters, limit: int, offset: int = 0) -> list[MemoryItem]:
        """Items passing the filters, newest first."""

    @abstractmethod
    def forget(self, item_id: int, at: datetime) -> Forgotten | None:
        """Remove an item everywhere, with what derives from it; None if there is none."""

    def add_items(self, items: Sequence[NewItem], at: datetime) -> list[int]:
        """Store several items; a backend overrides this to do it in one transaction."""
        return [self.add_item(item, at).id for item in items]

    def forget_items(self, item_ids: Sequence[int], at: datetime) -> int:
        """Remove several items everywhere; returns how many existed."""
        return sum(self.forget(item_id, at) is not None for item_id in item_ids)

    # episodes -------------------------------------------------------------------

    @abstractmethod
    def add_episode(
        self,
        item: NewItem,
        started_at: datetime,
        ended_at: datetime,
        run_ids: Sequence[int],
        cites: Sequence[int],
        at: datetime,
    ) -> MemoryItem:
        """Store a summary of past conversations, citing the items it drew on."""

    # documents ------------------------------------------------------------------

    @abstractmethod
    def summarised_runs(self) -> set[int]:
        """Ids of the runs that some episode already summarises."""

    @abstractmethod
    def run_items(self, run_ids: Sequence[int]) -> list[int]:
        """Ids of the items (not episodes) that these runs created, such as learned turns."""

    @abstractmethod
    def document_state(self, path: str) -> DocumentState | None:
        """What is stored for a file path, to tell whether it changed."""

    @abstractmethod
    def document_paths(self, prefix: str) -> list[str]:
        """Paths of known documents under a folder (given with a trailing slash)."""

    @abstractmethod
    def put_document(self, doc: NewDocument, at: datetime) -> int:
        """Replace a path's document and chunks in one transaction; returns chunks stored."""

    @abstractmethod
    def touch_document(self, doc_id: int, size: int, mtime_ns: int) -> None:
        """Record a new size and mtime for a file whose content did not change."""

    @abstractmethod
    def remove_document(self, path: str) -> int:
        """Remove a document that no longer exists, with its chunks; returns chunks removed."""

    @abstractmethod
    def forget_document(self, doc_id: int, at: datetime) -> Forgotten | None:
        """Remove all of a document's chunks and keep it out until its file changes."""

    @abstractmethod
    def record_skip(self, path: str, reason: str, size: int | None, at: datetime) -> None:
        """Remember that a file was skipped, and why (shown by `memory stats`)."""

    @abstractmethod
    def skipped(self) -> list[Skipped]:
        """Files skipped by ingestion, with reasons."""

    # vectors --------------------------------------------------------------------

    @abstractmethod
    def backlog(self, model: str, limit: int, after: int = 0) -> list[tuple[int, str]]:
        """Items (id, text to embed) with id > `after` and no vector from `model`, by id."""

    @abstractmethod
    def backlog_count(self, model: str) -> int:
        """How many items have no vector from `model`."""

    @abstractmethod
    def add_vectors(self, model: str, ids: Sequence[int], vectors: np.ndarray) -> int:
        """Store vectors for items (rows of float32, normalised); items gone are ignored.

        With `vector_parts`, an id given several times gets a row per vector: its whole
        text first, then its windows; the rows of one item arrive in one call.
        """

    @abstractmethod
    def vectors_of(self, model: str, item_ids: Sequence[int]) -> dict[int, np.ndarray]:
        """The whole-item vectors of some items from `model` (items without one are absent)."""

    @abstractmethod
    def drop_vectors(self, keep_model: str | None = None) -> int:
        """Delete every vector (or all but `keep_model`'s); returns how many."""

    @abstractmethod
    def vector_search(
        self, model: str, query: np.ndarray, filters: Filters, k: int, centre: float = 0.0
    ) -> list[tuple[int, float]]:
        """The k items most similar to `query` among those passing `filters` (id, cosine).

        With `centre`, ranked by the query less `centre` times the mean of the stored
        vectors (familiar.memory.centring); the cosines are still with `query`.
        """

    def describe_index(self, model: str) -> str:
        """A line about the vector index for `memory stats` ("" when there is nothing to say)."""
        return ""

    # full text --------------------------------------------------------------------

    @abstractmethod
    def text_search(
        self, terms: Sequence[str], filters: Filters, k: int
    ) -> list[tuple[int, float]]:
        """The k best BM25 matches for any of the terms among items passing `filters`."""

    # profile facts ------------------------------------------------------------------

    @abstractmethod
    def apply_fact(
        self,
        change: FactChange,
        *,
        source: str,
        at: datetime,
        run_id: int | None = None,
        item_id: int | None = None,
    ) -> Fact | None:
        """Set a value (the current one is superseded, kept in history) or retract it.

        Returns the new current fact, or for a retraction the fact that was ended
        (None if there was nothing to end, or the value was already current).
        """

    @abstractmethod
    def facts(self, key: str | None = None, history: bool = False) -> list[Fact]:
        """Current facts (all keys or one), or with `history` every value ever held."""

    # housekeeping ---------------------------------------------------------------------

    @abstractmethod
    def stats(self, model: str) -> Stats:
        """Counts for `familiar memory stats`."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""
