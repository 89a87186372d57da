"""`Memory`: the one object the rest of familiar uses for long-term memory.

It joins a `MemoryStore` (the database) with an `Embedder` and a clock: remembering,
learning profile facts from the user's words, the timeline, episodes, the embedding
backlog, hybrid search and forgetting. `open_memory` builds it from the app's parts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from familiar.clock import Clock
from familiar.config import Paths, Settings
from familiar.errors import UserError
from familiar.memory.embedder import DEFAULT_EMBEDDER, Embedder, make_embedder
from familiar.memory.embedtext import embedding_text
from familiar.memory.facts import learn_facts
from familiar.memory.records import (
    Fact,
    FactChange,
    Filters,
    Forgotten,
    MemoryItem,
    NewItem,
    Stats,
)
from familiar.memory.search import Hit, Mode, search
from familiar.memory.store import MemoryStore
from familiar.memory.windows import windows
from familiar.store import RecordStore

EMBED_BATCH = 256  # items per commit of the backlog: ~1-3 s of work on 2 cores
OnEmbedded = Callable[[int, int], None]
"""Told (items embedded so far, items in the backlog when it started)."""


def _key(key: str) -> str:
    key = " ".join(key.strip().lower().split())
    if not key:
        raise UserError("a profile key needs at least one word, e.g. 'home city'")
    return key


@dataclass(frozen=True)
class Remembered:
    """What `remember` stored and the profile facts it learned."""

    item: MemoryItem
    facts: list[Fact] = field(default_factory=list)


class Memory:
    """Long-term memory: items, profile, timeline, episodes, vectors and search."""

    def __init__(self, store: MemoryStore, embedder: Embedder, clock: Clock, tz: tzinfo) -> None:
        self.store = store
        self.embedder = embedder
        self.clock = clock
        self.tz = tz

    def close(self) -> None:
        """Release the store connection and the embedder."""
        self.store.close()
        self.embedder.close()

    # writing ------------------------------------------------------------------------

    def remember(
        self,
        text: str,
        *,
        run_id: int | None = None,
        tags: Sequence[str] = (),
        at: datetime | None = None,
    ) -> Remembered:
        """Keep something the user said to remember, and learn the facts it states."""
        text = text.strip()
        if not text:
            raise UserError("nothing to remember; say it, e.g. familiar remember 'my bike is blue'")
        now = at or self.clock()
        item = self.store.add_item(
            NewItem(
                kind="note",
                source="user",
                text=text,
                created_at=now,
                trusted=True,
                tags=tuple(tags),
                run_id=run_id,
            ),
            now,
        )
        facts = self.learn(text, run_id=run_id, item_id=item.id, at=now)
        return Remembered(item, facts)

    def add_event(
        self,
        text: str,
        *,
        at: datetime | None = None,
        source: str = "conversation",
        trusted: bool = True,
        run_id: int | None = None,
        tags: Sequence[str] = (),
    ) -> MemoryItem:
        """Put a timestamped event on the timeline (an action, a sensed or imported event)."""
        now = self.clock()
        return self.store.add_item(
            NewItem(
                kind="event",
                source=source,
                text=text.strip(),
                created_at=at or now,
                trusted=trusted,
                tags=tuple(tags),
                run_id=run_id,
            ),
            now,
        )

    def add_episode(
        self,
        summary: str,
        *,
        started_at: datetime,
        ended_at: datetime,
        run_ids: Sequence[int],
        cites: Sequence[int] = (),
        trusted: bool = False,
    ) -> MemoryItem:
        """Keep a summary of past conversations; forgetting a cited item removes it."""
        item = NewItem(
            kind="episode",
            source="conversation",
            text=summary.strip(),
            created_at=ended_at,
            trusted=trusted,
        )
        return self.store.add_episode(item, started_at, ended_at, run_ids, cites, self.clock())

    def forget(self, item_id: int) -> Forgotten | None:
        """Remove an item everywhere, with what derives from it."""
        return self.store.forget(item_id, self.clock())

    def forget_document(self, item_id: int) -> Forgotten | None:
        """Forget the whole document an item (chunk) belongs to; None if it has none."""
        item = self.store.item(item_id)
        if item is None or item.doc_id is None:
            return None
        return self.store.forget_document(item.doc_id, self.clock())

    def timeline(self, since: datetime, limit: int = 20) -> list[MemoryItem]:
        """Events since a moment, newest first."""
        return self.store.items(Filters(kinds=("event",), since=since), limit)

    # profile --------------------------------------------------------------------------

    def learn(
        self,
        user_text: str,
        *,
        run_id: int | None = None,
        item_id: int | None = None,
        at: datetime | None = None,
    ) -> list[Fact]:
        """Apply the facts the user states in their own words; returns those that changed.

        Call it only with text the user typed: never with tool output, mail or documents.
        """
        applied = []
        for change in learn_facts(user_text):
            fact = self.store.apply_fact(
                change, source="learned", at=at or self.clock(), run_id=run_id, item_id=item_id
            )
            if fact is not None:
                applied.append(fact)
        return applied

    def learn_from_turn(self, user_text: str, *, run_id: int | None = None) -> list[Fact]:
        """Learn from one chat turn; the turn is kept as an event when it taught something.

        The event is the facts' provenance, so `forget` on it undoes what it taught.
        """
        if not learn_facts(user_text):
            return []
        event = self.add_event(f"You said: {user_text.strip()}", run_id=run_id)
        return self.learn(user_text, run_id=run_id, item_id=event.id)

    def set_fact(self, key: str, value: str, *, source: str = "profile") -> Fact | None:
        """Set a profile value by hand (the old one is kept in history)."""
        if not value.strip():
            raise UserError("give a value, or use `familiar profile unset KEY`")
        change = FactChange(key=_key(key), value=value.strip())
        return self.store.apply_fact(change, source=source, at=self.clock())

    def unset_fact(self, key: str) -> Fact | None:
        """End a profile value (kept in history); None if the key had no value."""
        change = FactChange(key=_key(key), value="", retract=True)
        return self.store.apply_fact(change, source="profile", at=self.clock())

    def profile(self, history: bool = False) -> list[Fact]:
        """Current profile facts, or every value ever held."""
        return self.store.facts(history=history)

    # vectors --------------------------------------------------------------------------

    def backlog_count(self) -> int:
        """Items still waiting for a vector from the configured embedder."""
        return self.store.backlog_count(self.embedder.name)

    def embed_backlog(
        self,
        *,
        seconds: float | None = None,
        on_progress: OnEmbedded | None = None,
        batch: int = EMBED_BATCH,
    ) -> int:
        """Embed items that have no vector yet, committing each batch; returns how many.

        Interrupted (Ctrl-C, a crash, or the time budget), it keeps what was committed
        and the next call goes on from there. An item's windows (when the store keeps
        them) are embedded and committed with it, so an item never has only some.
        """
        model = self.embedder.name
        total = self.store.backlog_count(model) if on_progress else 0
        deadline = None if seconds is None else time.monotonic() + seconds
        done, after = 0, 0
        while deadline is None or time.monotonic() < deadline:
            pending = self.store.backlog(model, batch, after)
            if not pending:
                break
            ids: list[int] = []
            texts: list[str] = []
            for item_id, text in pending:
                clean = embedding_text(text)
                parts = [clean, *windows(clean)] if self.store.vector_parts else [clean]
                ids.extend([item_id] * len(parts))
                texts.extend(parts)
            self.store.add_vectors(model, ids, self.embedder.embed(texts))
            done += len(pending)
            after = pending[-1][0]
            if on_progress is not None:
                on_progress(done, total)
        return done

    def reindex(self, on_progress: OnEmbedded | None = None) -> int:
        """Drop every vector and embed everything again with the configured embedder."""
        self.store.drop_vectors()
        return self.embed_backlog(on_progress=on_progress)

    # search ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        filters: Filters | None = None,
        limit: int = 10,
        mode: Mode = "hybrid",
    ) -> list[Hit]:
        """Hybrid search among items passing the filters (see familiar.memory.search)."""
        return search(
            self.store,
            self.embedder,
            query,
            now=self.clock(),
            filters=filters,
            limit=limit,
            mode=mode,
        )

    def stats(self) -> Stats:
        """Counts, backlog, skipped files and the vector index in use."""
        stats = self.store.stats(self.embedder.name)
        stats.index = self.store.describe_index(self.embedder.name)
        return stats


def open_memory(
    store: RecordStore,
    paths: Paths,
    settings: Settings,
    clock: Clock,
    tz: tzinfo,
    embedder: Embedder | None = None,
) -> Memory:
    """Memory in the app's store (its file or server), with the configured embedder.

    The embedder loads on first use. The backend follows the store: the SQLite file, or
    the PostgreSQL database that `store_url` names.
    """
    if embedder is None:
        # `Settings.embedder` is read when the composition root declares it.
        embedder = make_embedder(str(getattr(settings, "embedder", DEFAULT_EMBEDDER)))
    return Memory(store.memory_store(paths.cache_dir), embedder, clock, tz)
