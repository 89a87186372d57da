"""Hybrid search with the real embedder, recency, and changing the embedding model.

Every test here is part of the memory store contract and runs on both backends.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from memhelpers import NOW, FakeEmbedder, MakeMemory

from backends import on_both_backends
from familiar.config import Paths
from familiar.memory import Filters, Memory, MemoryItem, NewItem
from familiar.memory.embedder import normalise
from familiar.memory.postgres import PostgresMemoryStore
from familiar.memory.records import NewChunk, NewDocument
from familiar.memory.search import (
    TEXT_WEIGHT,
    coverage,
    query_terms,
    text_weight,
)
from familiar.store import RecordStore

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


@on_both_backends
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


@on_both_backends
def test_hybrid_fuses_ranks_and_newer_wins_a_tie(memory: Memory) -> None:
    old = memory.remember("Parking spot is number 14", at=NOW - timedelta(days=700))
    new = memory.remember("Parking spot is number 14", at=NOW - timedelta(days=3))
    memory.embed_backlog()
    hits = memory.search("parking spot number")
    assert [h.item.id for h in hits[:2]] == [new.item.id, old.item.id]
    assert hits[0].score > hits[1].score


@on_both_backends
def test_filters_apply_to_both_legs(memory: Memory) -> None:
    ids = _remember_all(memory)
    event = memory.add_event("Boiler serviced by the technician", at=NOW - timedelta(days=1))
    memory.embed_backlog()
    only_events = memory.search("boiler pressure", filters=Filters(kinds=("event",)))
    assert [h.item.id for h in only_events] == [event.id]
    recent = memory.search("boiler", filters=Filters(since=NOW - timedelta(days=7)))
    assert ids[0] not in {h.item.id for h in recent}


@on_both_backends
def test_a_new_embedder_never_compares_with_the_old_models_vectors(
    make_memory: MakeMemory, backend: str, isolated_folders: Paths
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

    assert other.stats().vectors_by_model == {"fake-hash-words": len(NOTES)}
    assert {v.shape for v in other.store.vectors_of("fake-hash-words", ids).values()} == {(32,)}
    hits = other.search(NOTES[0], mode="vector")
    assert hits[0].item.id == ids[0] and hits[0].similarity is not None
    assert abs(hits[0].similarity - 1.0) < 1e-5
    if backend == "sqlite":  # its vector index is a cache file per model, beside the store
        assert {
            f.name.split("-")[1] for f in (isolated_folders.cache_dir / "memory").glob("*.json")
        } == {"fake"}
    # The first memory, still on MiniLM, now has a backlog instead of stale vectors.
    assert minilm.backlog_count() == len(NOTES)
    assert minilm.search("heating system gauge", mode="vector") == []
    minilm.reindex()
    assert minilm.search("heating system gauge", mode="vector")[0].item.id == ids[0]
    assert other.search("boiler pressure", mode="vector") == []


@on_both_backends
def test_stats_show_backlog_vectors_and_the_index(memory: Memory, backend: str) -> None:
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
    assert stats.index.startswith("exact scan over 2 vectors")
    assert stats.index.endswith("fresh" if backend == "sqlite" else "filters in SQL")


def _bulk(
    path: str, source: str, texts: list[str], days_ago: int, tags: tuple[str, ...]
) -> NewDocument:
    return NewDocument(
        path=path,
        source=source,
        format="text",
        title="",
        size=1,
        mtime_ns=1,
        sha256=path,
        created_at=NOW - timedelta(days=days_ago),
        modified_at=NOW,
        tags=tags,
        chunks=tuple(NewChunk(t) for t in texts),
    )


@on_both_backends
def test_vector_filters_at_one_percent_return_the_exact_nearest_passing_items(
    memory: Memory,
) -> None:
    """2,000 items; each filter keeps 20. A top-k cut before filtering would find none."""
    rng = np.random.default_rng(7)
    store = memory.store
    store.put_document(_bulk("/bulk/common", "notes", [f"c{n}" for n in range(1960)], 400, ()), NOW)
    store.put_document(_bulk("/bulk/rare", "mail", [f"r{n}" for n in range(20)], 5, ("rare",)), NOW)
    for n in range(20):
        store.add_item(
            NewItem(kind="event", source="notes", text=f"e{n}", created_at=NOW, trusted=True), NOW
        )
    items = store.items(Filters(), 3000)
    assert len(items) == 2000
    ids = np.array([i.id for i in items])
    # The common items sit around the query; the rare ones far from it.
    query = normalise(rng.normal(size=(1, 48)).astype(np.float32))[0]
    vectors = normalise(rng.normal(size=(2000, 48)).astype(np.float32))
    common = np.array([i.kind == "chunk" and i.source == "notes" for i in items])
    vectors[common] = normalise(vectors[common] * 0.3 + query)
    assert store.add_vectors("synthetic-48", list(ids), vectors) == 2000
    # Another model's vectors of another dimension for the same items are never compared.
    store.add_vectors("synthetic-8", list(ids), normalise(rng.normal(size=(2000, 8))))

    def exact(passing: np.ndarray) -> list[int]:
        scores = vectors[passing] @ query
        return [int(i) for i in ids[passing][np.argsort(-scores, kind="stable")][:10]]

    rare = np.array([i.source == "mail" for i in items])
    events = np.array([i.kind == "event" for i in items])
    cases = [
        (Filters(sources=("mail",)), rare),
        (Filters(tags=("rare",)), rare),
        (Filters(since=NOW - timedelta(days=30), kinds=("chunk",)), rare),
        (Filters(kinds=("event",)), events),
        (Filters(since=NOW - timedelta(hours=1)), events),
        (Filters(until=NOW - timedelta(days=30), sources=("mail",)), np.zeros(2000, bool)),
    ]
    unfiltered = [i for i, _ in store.vector_search("synthetic-48", query, Filters(), 10)]
    assert set(unfiltered) <= set(ids[common].tolist())  # the top 10 holds no rare item
    for filters, passing in cases:
        found = store.vector_search("synthetic-48", query, filters, 10)
        assert [i for i, _ in found] == exact(passing), filters
        best = float(vectors[ids == found[0][0]][0] @ query) if found else None
        assert best is None or abs(found[0][1] - best) < 1e-4
    other = store.vector_search("synthetic-8", query[:8], Filters(sources=("mail",)), 50)
    assert {i for i, _ in other} == set(ids[rare].tolist())


@pytest.mark.parametrize("backend", ["postgres"])
def test_postgres_hnsw_serves_unfiltered_search_while_filters_stay_exact(
    store: RecordStore, pg_url: str
) -> None:
    rng = np.random.default_rng(11)
    memory = PostgresMemoryStore(pg_url, hnsw_min_vectors=600)
    try:
        memory.put_document(_bulk("/b/common", "notes", [f"c{n}" for n in range(990)], 9, ()), NOW)
        memory.put_document(_bulk("/b/rare", "mail", [f"r{n}" for n in range(10)], 9, ()), NOW)
        items = memory.items(Filters(), 2000)
        ids = np.array([i.id for i in items])
        vectors = normalise(rng.normal(size=(1000, 64)).astype(np.float32))
        memory.add_vectors("m64", list(ids[:500]), vectors[:500])
        assert memory.describe_index("m64").startswith("exact scan over 500")
        memory.add_vectors("m64", list(ids[500:]), vectors[500:])
        assert memory.describe_index("m64").startswith("pgvector HNSW over 1000 vectors")

        rare = np.array([i.source == "mail" for i in items])
        recalls = []
        for query in normalise(rng.normal(size=(20, 64)).astype(np.float32)):
            truth = ids[np.argsort(-(vectors @ query))[:10]]
            found = [i for i, _ in memory.vector_search("m64", query, Filters(), 10)]
            recalls.append(len(set(found) & set(truth.tolist())) / 10)
            filtered = memory.vector_search("m64", query, Filters(sources=("mail",)), 10)
            expected = ids[rare][np.argsort(-(vectors[rare] @ query))]
            assert [i for i, _ in filtered] == expected.tolist()
        assert np.mean(recalls) >= 0.95
        # Centred through the index as well: the nearest to the moved query, plain cosines.
        mean = vectors[np.argsort(-ids)[:10_000]].mean(axis=0)
        moved = query - 0.5 * mean
        truth = ids[np.argsort(-(vectors @ moved))[:10]]
        centred = memory.vector_search("m64", query, Filters(), 10, centre=0.5)
        assert len({i for i, _ in centred} & set(truth.tolist())) >= 9
        top = vectors[ids == centred[0][0]][0]
        assert abs(centred[0][1] - float(top @ query)) < 1e-4

        # Reindexing with a model of another dimension under the same name starts afresh.
        assert memory.drop_vectors() == 1000
        assert memory.describe_index("m64") == "no vectors yet"
        memory.add_vectors("m64", list(ids), normalise(rng.normal(size=(1000, 32))))
        assert memory.describe_index("m64").startswith("pgvector HNSW over 1000 vectors")
        assert len(memory.vector_search("m64", vectors[0][:32], Filters(), 5)) == 5
    finally:
        memory.close()


@on_both_backends
def test_a_word_shared_by_many_items_does_not_bury_the_meaning_of_the_query(
    memory: Memory,
) -> None:
    boiler = memory.remember(NOTES[0], at=NOW - timedelta(days=40)).item.id
    for _ in range(5):  # five copies of a newsletter: tied first for the one shared word
        memory.remember("Stop writing cron jobs, this week's newsletter", at=NOW)
    memory.embed_backlog()
    query = "writing down the heating system gauge"
    assert memory.search(query, mode="text")[0].item.id != boiler
    assert memory.search(query, mode="vector")[0].item.id == boiler
    assert memory.search(query)[0].item.id == boiler


def test_the_text_leg_counts_by_how_much_of_the_query_its_first_hit_holds() -> None:
    terms = query_terms("What is Marieke Bos's email addresses?")
    assert terms == ["marieke", "bos", "email", "addresses"]
    card = "Contact: Marieke Bos\nEmail: marieke@ledgerco.example\nAddress: Brussels"
    assert coverage(terms, card) == 1.0  # "addresses" holds "address"; case is ignored
    assert coverage(["graca", "birthday"], "Graça Gonçalves, aunt") == 0.5  # accents too
    assert coverage([], card) == 0.0
    best = MemoryItem(
        id=1,
        kind="note",
        source="user",
        text="Stop writing cron jobs",
        title="",
        created_at=NOW,
        added_at=NOW,
        trusted=True,
    )
    weight = text_weight(query_terms("writing down the heating system gauge"), best)  # 1 of 5
    assert weight == TEXT_WEIGHT / 5


@on_both_backends
def test_a_relative_of_a_relative_finds_the_card_labelled_with_the_kinship_term(
    memory: Memory,
) -> None:
    aunt = memory.add_event("Contact: Rosa Lima, my aunt\nBirthday: 3 May 1961").id
    sister = memory.add_event("Contact: Ines Lima, my sister\nBirthday: 9 June 1990").id
    memory.add_event("Contact: Jorge Lima, my father\nBirthday: 12 July 1958")
    memory.embed_backlog()
    query = "When was my father's sister born?"
    assert memory.search(query, mode="text")[0].item.id == aunt
    assert memory.search(query)[0].item.id == aunt
    assert sister not in {h.item.id for h in memory.search(query, mode="text")}


@on_both_backends
@pytest.mark.parametrize("filtered", [False, True])
def test_centring_ranks_an_item_above_hubs_and_still_reports_the_plain_cosine(
    memory: Memory, filtered: bool
) -> None:
    """Twenty items near what all items share, one apart: the query is nearer the hubs."""
    store = memory.store
    ids = [
        store.add_item(
            NewItem(kind="note", source="user", text=f"n{n}", created_at=NOW, trusted=True), NOW
        ).id
        for n in range(21)
    ]
    rng = np.random.default_rng(5)
    common, own = np.eye(8, dtype=np.float32)[:2]
    hubs = normalise(common + 0.01 * rng.normal(size=(20, 8)).astype(np.float32))
    target = normalise(np.array([0.3 * common + own]))
    store.add_vectors("synthetic-8", ids, np.vstack([hubs, target]))
    query = normalise(np.array([0.9 * common + 0.436 * own]))[0]
    filters = Filters(sources=("user",)) if filtered else Filters()

    plain = store.vector_search("synthetic-8", query, filters, 3)
    assert ids[20] not in [i for i, _ in plain]  # 0.68 against the hubs' 0.9
    centred = store.vector_search("synthetic-8", query, filters, 3, centre=1.0)
    assert centred[0][0] == ids[20]
    assert abs(centred[0][1] - float(target[0] @ query)) < 1e-4  # the plain cosine
    assert {i for i, _ in centred[1:]} <= set(ids[:20])
