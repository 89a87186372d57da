"""The memory store contract: items, full text, filters, facts with history, forgetting.

Tests marked `on_both_backends` run on SQLite and on PostgreSQL; the others check
SQLite's own internals (its FTS5 index and vector blobs).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import numpy as np
from memhelpers import LISBON, NOW, MakeMemory

from backends import on_both_backends
from familiar.config import Paths
from familiar.memory import FactChange, Filters, Memory, NewItem
from familiar.memory.records import NewChunk, NewDocument
from familiar.store import RecordStore, Store


def _words(memory: Memory, word: str) -> list[int]:
    """Items the backend's text index finds for a word."""
    return [i for i, _ in memory.store.text_search([word], Filters(), 100)]


def _fts(store: Store, word: str) -> list[int]:
    db = sqlite3.connect(store.path)
    try:
        return [
            r[0] for r in db.execute("SELECT rowid FROM mem_fts WHERE mem_fts MATCH ?", (word,))
        ]
    finally:
        db.close()


def _doc(
    path: str, texts: list[str], *, source: str = "notes", tags: tuple[str, ...] = ()
) -> NewDocument:
    return NewDocument(
        path=path,
        source=source,
        format="markdown",
        title=path.rsplit("/", 1)[-1],
        size=1,
        mtime_ns=1,
        sha256="x",
        created_at=NOW - timedelta(days=60),
        modified_at=NOW,
        tags=tags,
        chunks=tuple(NewChunk(t) for t in texts),
    )


def test_the_memory_migration_is_applied_once_and_named(store: Store) -> None:
    assert "003_memory" in store.migrations()
    reopened = Store(store.path)
    assert reopened.migrations() == store.migrations()
    reopened.close()


@on_both_backends
def test_a_remembered_note_is_found_by_words_at_once_before_any_embedding(memory: Memory) -> None:
    done = memory.remember("The spare key is under the blue flower pot")
    assert memory.backlog_count() == 1
    hits = memory.search("where is the spare key", mode="text")
    assert [h.item.id for h in hits] == [done.item.id]
    assert hits[0].item.trusted and hits[0].item.label.describe() == "trusted from user"


@on_both_backends
def test_filters_select_by_source_kind_tag_and_time(memory: Memory) -> None:
    old = memory.add_event("Dentist appointment kept", at=NOW - timedelta(days=400))
    new = memory.add_event("Dentist appointment booked", at=NOW - timedelta(days=2))
    memory.store.put_document(_doc("/n/teeth.md", ["Dentist invoice paid"], tags=("health",)), NOW)
    every = {h.item.id for h in memory.search("dentist", mode="text")}
    assert {old.id, new.id} <= every and len(every) == 3
    since = memory.search("dentist", mode="text", filters=Filters(since=NOW - timedelta(days=30)))
    assert {h.item.id for h in since} == {new.id}
    until = memory.search("dentist", mode="text", filters=Filters(until=NOW - timedelta(days=100)))
    assert {h.item.id for h in until} == {old.id}
    tagged = memory.search("dentist", mode="text", filters=Filters(tags=("health",)))
    assert [h.item.kind for h in tagged] == ["chunk"]
    events = memory.search("dentist", mode="text", filters=Filters(kinds=("event",)))
    assert {h.item.id for h in events} == {old.id, new.id}
    assert memory.search("dentist", mode="text", filters=Filters(sources=("mail",))) == []


@on_both_backends
def test_a_newer_fact_supersedes_and_the_old_value_stays_in_history(memory: Memory) -> None:
    first = memory.remember("I live in Lisbon", at=NOW - timedelta(days=300))
    second = memory.remember("I moved to Berlin", at=NOW)
    current = {f.key: f for f in memory.profile()}
    assert current["home city"].value == "Berlin"
    assert current["home city"].item_id == second.item.id
    assert current["home city"].statement == "I moved to Berlin"
    history = [f for f in memory.profile(history=True) if f.key == "home city"]
    assert [(f.value, f.ended_by) for f in history] == [("Lisbon", "superseded"), ("Berlin", None)]
    assert history[0].valid_to == history[1].valid_from
    assert history[0].item_id == first.item.id


@on_both_backends
def test_a_retraction_ends_the_value_and_a_repeated_value_changes_nothing(memory: Memory) -> None:
    memory.remember("I'm vegetarian")
    assert memory.remember("I am vegetarian").facts == []  # already known
    done = memory.remember("I'm no longer vegetarian")
    assert [(f.key, f.ended_by) for f in done.facts] == [("diet", "retracted")]
    assert "diet" not in {f.key for f in memory.profile()}
    assert memory.remember("I'm not vegan anymore").facts == []  # nothing to retract


@on_both_backends
def test_forget_removes_an_item_from_words_vectors_episodes_and_the_profile(
    memory: Memory,
) -> None:
    memory.remember("I live in Lisbon", at=NOW - timedelta(days=10))
    note = memory.remember("I moved to Porto. My passport expires in March 2029.")
    other = memory.remember("The boiler was serviced in October")
    episode = memory.add_episode(
        "We talked about the passport renewal",
        started_at=NOW,
        ended_at=NOW,
        run_ids=[],
        cites=[note.item.id],
    )
    unrelated = memory.add_episode(
        "We talked about the boiler",
        started_at=NOW,
        ended_at=NOW,
        run_ids=[],
        cites=[other.item.id],
    )
    memory.embed_backlog()
    vector = memory.store.vectors_of(memory.embedder.name, [note.item.id])[note.item.id]
    assert (
        memory.store.vector_search(memory.embedder.name, vector, Filters(), 1)[0][0] == note.item.id
    )
    assert {f.key: f.value for f in memory.profile()}["home city"] == "Porto"

    done = memory.forget(note.item.id)

    assert done is not None
    assert set(done.items) == {note.item.id, episode.id}
    assert done.facts == 2 and done.reopened == 1
    assert memory.store.item(note.item.id) is None and memory.store.item(episode.id) is None
    assert memory.store.item(unrelated.id) is not None
    assert _words(memory, "passport") == []
    assert memory.store.vectors_of(memory.embedder.name, [note.item.id]) == {}
    nearest = memory.store.vector_search(memory.embedder.name, vector, Filters(), 5)
    assert note.item.id not in {i for i, _ in nearest}
    assert all(h.item.id != note.item.id for h in memory.search("passport expires March 2029"))
    profile = {f.key: f.value for f in memory.profile()}
    assert profile["home city"] == "Lisbon"  # the value it had superseded is current again
    assert "passport expiry" not in profile
    assert memory.forget(note.item.id) is None


@on_both_backends
def test_forgetting_a_retraction_brings_the_value_back(memory: Memory) -> None:
    memory.remember("I'm vegetarian")
    retraction = memory.remember("I'm no longer vegetarian")
    assert "diet" not in {f.key for f in memory.profile()}
    memory.forget(retraction.item.id)
    assert {f.key: f.value for f in memory.profile()}["diet"] == "vegetarian"


@on_both_backends
def test_replacing_a_document_swaps_its_chunks_in_one_step(memory: Memory) -> None:
    memory.store.put_document(_doc("/n/a.md", ["alpha apples", "beta bananas"]), NOW)
    memory.store.put_document(_doc("/n/a.md", ["gamma grapes"]), NOW)
    assert _words(memory, "apples") == [] and len(_words(memory, "grapes")) == 1
    chunks = memory.store.items(Filters(kinds=("chunk",)), 10)
    assert [c.text for c in chunks] == ["gamma grapes"]
    assert chunks[0].path == "/n/a.md" and chunks[0].seq == 0
    assert memory.store.remove_document("/n/a.md") == 1
    assert _words(memory, "grapes") == []
    assert memory.store.document_state("/n/a.md") is None


def test_the_fts_index_stays_consistent_after_edits_and_deletes(
    memory: Memory, store: Store
) -> None:
    for n in range(20):
        memory.store.put_document(_doc(f"/n/{n}.md", [f"note {n} about cats", "and dogs"]), NOW)
    for n in range(0, 20, 2):
        memory.store.remove_document(f"/n/{n}.md")
    db = sqlite3.connect(store.path)
    try:
        db.execute("INSERT INTO mem_fts(mem_fts) VALUES ('integrity-check')")
    finally:
        db.close()
    assert len(_fts(store, "cats")) == 10


def test_vectors_record_their_model_and_dimension(memory: Memory, store: Store) -> None:
    memory.remember("a note to embed")
    memory.embed_backlog()
    db = sqlite3.connect(store.path)
    try:
        rows = db.execute("SELECT model, dim, length(vector) FROM mem_vectors").fetchall()
    finally:
        db.close()
    assert rows == [("all-MiniLM-L6-v2-onnx-int8", 384, 384 * 4)]


@on_both_backends
def test_vectors_for_items_forgotten_meanwhile_are_ignored(memory: Memory) -> None:
    item = memory.store.add_item(
        NewItem(kind="note", source="user", text="x", created_at=NOW, trusted=True), NOW
    )
    memory.forget(item.id)
    stored = memory.store.add_vectors("m", [item.id], np.ones((1, 4), dtype=np.float32))
    assert stored == 0


@on_both_backends
def test_profile_set_and_unset_by_hand_keep_history(
    make_memory: MakeMemory, isolated_folders: Paths
) -> None:
    memory = make_memory()
    memory.set_fact("Home  City", "Lisbon")
    assert memory.set_fact("home city", "lisbon") is None
    memory.set_fact("home city", "Berlin")
    assert memory.unset_fact("home city") is not None
    assert memory.unset_fact("home city") is None
    history = memory.profile(history=True)
    assert [(f.value, f.source, f.ended_by) for f in history] == [
        ("Lisbon", "profile", "superseded"),
        ("Berlin", "profile", "retracted"),
    ]
    assert (
        memory.store.apply_fact(FactChange("diet", "vegan", retract=True), source="learned", at=NOW)
        is None
    )


@on_both_backends
def test_times_are_kept_as_aware_moments(memory: Memory) -> None:
    at = datetime(2025, 6, 1, 9, 30, tzinfo=LISBON)
    event = memory.add_event("Ran a half marathon", at=at)
    assert event.created_at == at
    assert memory.timeline(NOW - timedelta(days=1)) == []


@on_both_backends
def test_episodes_know_which_runs_they_summarise_and_what_runs_made(
    memory: Memory, store: RecordStore
) -> None:
    first = store.start_run("I am vegetarian", "chat", "scripted", NOW)
    second = store.start_run("what is the gate code?", "chat", "scripted", NOW)
    note = memory.remember("The gate code is 4411")
    learned = memory.store.add_item(
        NewItem(
            kind="note",
            source="user",
            text="I am vegetarian",
            created_at=NOW,
            trusted=True,
            run_id=first,
        ),
        NOW,
    )
    assert memory.store.run_items([]) == [] and memory.store.summarised_runs() == set()
    assert memory.store.run_items([first, second]) == [learned.id]
    episode = memory.add_episode(
        "Talked about food and the gate code.",
        started_at=NOW,
        ended_at=NOW,
        run_ids=[first, second],
        cites=[note.item.id],
    )
    assert memory.store.summarised_runs() == {first, second}
    assert episode.id not in memory.store.run_items([first, second])
