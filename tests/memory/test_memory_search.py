"""Hybrid search with the real embedder, recency, and changing the embedding model."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from memhelpers import NOW, FakeEmbedder, MakeMemory

from familiar.config import Paths
from familiar.memory import Filters, Memory
from familiar.memory.search import VECTOR_MIN_SHARE, VECTOR_WEIGHT, vector_weight
from familiar.store import Store

NOTES = [
    "The boiler pressure should sit at 1.5 bar; top it up with the blue tap under the sink.",
    "Dr. Silva, the dentist, is on Rua Augusta; the last filling cost 80 euros.",
    "Ana's flat in Porto has the spare key with the neighbour on the second floor.",
    "Bike lock combination is 4412 and the bike is a green Brompton.",
    "Recycling goes out on Tuesday evenings, glass on the first Friday of the month.",
    "The car insurance with Fidelidade renews every April; policy number AX-5521.",
]


def _remember_all(memory: Memory) -> list[int]:
    ids = [memory.remember(text, at=NOW - timedelta(days=40)).item.id for text in NOTES]
    memory.embed_backlog()
    return ids


def test_the_vector_leg_finds_paraphrases_and_the_text_leg_exact_codes(memory: Memory) -> None:
    ids = _remember_all(memory)
    # No content word shared with the boiler note: only meaning connects them.
    assert memory.search("heating system gauge", mode="text") == []
    assert memory.search("heating system gauge", mode="vector")[0].item.id == ids[0]
    assert memory.search("heating system gauge")[0].item.id == ids[0]
    # A code: words find it first.
    hybrid = memory.search("AX-5521")
    assert hybrid[0].item.id == ids[5] and hybrid[0].text_rank == 1
    # Both legs agreeing puts an item first.
    top = memory.search("who is my dentist")[0]
    assert top.item.id == ids[1] and top.text_rank == 1 and top.vector_rank == 1


def test_hybrid_fuses_ranks_and_newer_wins_a_tie(memory: Memory) -> None:
    old = memory.remember("Parking spot is number 14", at=NOW - timedelta(days=700))
    new = memory.remember("Parking spot is number 14", at=NOW - timedelta(days=3))
    memory.embed_backlog()
    hits = memory.search("parking spot number")
    assert [h.item.id for h in hits[:2]] == [new.item.id, old.item.id]
    assert hits[0].score > hits[1].score


def test_the_vector_leg_counts_less_when_its_top_hits_are_alike() -> None:
    spread = [(1, 0.62), (2, 0.50), (3, 0.45), (4, 0.41), (5, 0.40), (6, 0.39)]
    flat = [(1, 0.52), (2, 0.52), (3, 0.51), (4, 0.51), (5, 0.51), (6, 0.50)]
    halfway = [(1, 0.55), (2, 0.53), (3, 0.52), (4, 0.51), (5, 0.50)]
    assert vector_weight(spread) == VECTOR_WEIGHT
    assert vector_weight(flat) == VECTOR_MIN_SHARE * VECTOR_WEIGHT
    assert 0.45 * VECTOR_WEIGHT < vector_weight(halfway) < 0.55 * VECTOR_WEIGHT
    assert vector_weight(flat[:3]) == VECTOR_WEIGHT  # too few hits to judge


def test_filters_apply_to_both_legs(memory: Memory) -> None:
    ids = _remember_all(memory)
    event = memory.add_event("Boiler serviced by the technician", at=NOW - timedelta(days=1))
    memory.embed_backlog()
    only_events = memory.search("boiler pressure", filters=Filters(kinds=("event",)))
    assert [h.item.id for h in only_events] == [event.id]
    recent = memory.search("boiler", filters=Filters(since=NOW - timedelta(days=7)))
    assert ids[0] not in {h.item.id for h in recent}


def test_a_new_embedder_never_compares_with_the_old_models_vectors(
    make_memory: MakeMemory, store: Store, isolated_folders: Paths
) -> None:
    minilm = make_memory()
    ids = _remember_all(minilm)
    assert minilm.search("heating system gauge", mode="vector")[0].item.id == ids[0]

    fake = FakeEmbedder("fake-hash-words", dim=32)
    other = make_memory(fake)
    # Configured but not reindexed: every item waits; nothing is compared across models.
    assert other.backlog_count() == len(NOTES)
    assert other.search("boiler pressure", mode="vector") == []
    text_only = other.search("boiler pressure")
    assert text_only[0].item.id == ids[0] and text_only[0].vector_rank is None

    assert other.reindex() == len(NOTES)

    db = sqlite3.connect(store.path)
    try:
        models = db.execute(
            "SELECT model, dim, COUNT(*) FROM mem_vectors GROUP BY model"
        ).fetchall()
    finally:
        db.close()
    assert models == [("fake-hash-words", 32, len(NOTES))]
    hits = other.search(NOTES[0], mode="vector")
    assert hits[0].item.id == ids[0] and hits[0].similarity is not None
    assert abs(hits[0].similarity - 1.0) < 1e-5
    assert {
        f.name.split("-")[1] for f in (isolated_folders.cache_dir / "memory").glob("*.json")
    } == {"fake"}
    # The first memory, still on MiniLM, now has a backlog instead of stale vectors.
    assert minilm.backlog_count() == len(NOTES)
    assert minilm.search("heating system gauge", mode="vector") == []
    minilm.reindex()
    assert minilm.search("heating system gauge", mode="vector")[0].item.id == ids[0]
    assert other.search("boiler pressure", mode="vector") == []


def test_stats_show_backlog_vectors_and_the_index(memory: Memory) -> None:
    memory.remember("one")
    memory.remember("two")
    stats = memory.stats()
    assert (stats.backlog, stats.items_by_kind) == (2, {"note": 2})
    assert stats.index == "no vectors yet"
    memory.embed_backlog()
    memory.search("one")
    stats = memory.stats()
    assert stats.backlog == 0
    assert stats.vectors_by_model == {"all-MiniLM-L6-v2-onnx-int8": 2}
    assert stats.index.startswith("exact scan over 2 vectors") and stats.index.endswith("fresh")
