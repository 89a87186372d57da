"""The vector leg: filters before the vector step, exact or HNSW by size, a checked cache."""

from __future__ import annotations

import shutil
from datetime import timedelta

import numpy as np
import pytest
from memhelpers import NOW, MakeMemory

from familiar.config import Paths
from familiar.memory import Filters, Memory, NewItem, ann
from familiar.memory.records import NewChunk, NewDocument
from familiar.memory.sqlite import SqliteMemoryStore
from familiar.store import Store

MODEL = "test-clustered-384"
DIM = 384


def _vectors(rng: np.random.Generator, n: int, centers: np.ndarray) -> np.ndarray:
    rows = centers[rng.integers(0, len(centers), n)] + 0.7 * rng.standard_normal((n, DIM))
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows.astype(np.float32)


def _fill(memory: Memory, counts: dict[str, int], seed: int = 3) -> dict[str, np.ndarray]:
    """Items in one document per source, with clustered vectors of MODEL; ids per source."""
    rng = np.random.default_rng(seed)
    centers = rng.standard_normal((64, DIM))
    ids: dict[str, np.ndarray] = {}
    for source, n in counts.items():
        memory.store.put_document(
            NewDocument(
                path=f"/data/{source}.txt",
                source=source,
                format="text",
                title=source,
                size=n,
                mtime_ns=1,
                sha256=source,
                created_at=NOW - timedelta(days=1),
                modified_at=NOW,
                tags=(),
                chunks=tuple(NewChunk(f"{source} item {i}") for i in range(n)),
            ),
            NOW,
        )
        found = memory.store.items(Filters(sources=(source,)), n + 1)
        ids[source] = np.array(sorted(i.id for i in found), dtype=np.int64)
        memory.store.add_vectors(MODEL, ids[source].tolist(), _vectors(rng, n, centers))
    return ids


def _truth(memory: Memory, ids: np.ndarray, queries: np.ndarray, k: int) -> list[set[int]]:
    """Exact top-k among `ids` for each query, from the vectors in the store."""
    stored = memory.store.vectors_of(MODEL, ids.tolist())
    matrix = np.stack([stored[int(i)] for i in ids])
    best = np.argsort(-(queries @ matrix.T), axis=1)[:, :k]
    return [{int(ids[b]) for b in row} for row in best]


def _queries(n: int, seed: int = 11) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centers = np.random.default_rng(3).standard_normal((64, DIM))
    return _vectors(rng, n, centers)


def _recall(memory: Memory, ids: np.ndarray, filters: Filters, queries: np.ndarray) -> float:
    truth = _truth(memory, ids, queries, 10)
    found = 0
    for q, best in zip(queries, truth, strict=True):
        got = {i for i, _ in memory.store.vector_search(MODEL, q, filters, 10)}
        found += len(got & best)
    return found / (10 * len(queries))


@pytest.mark.parametrize("ann_min_vectors", [1_000_000, 1_000], ids=["exact", "hnsw"])
def test_a_filter_that_1_percent_pass_still_gets_full_recall(
    make_memory: MakeMemory, ann_min_vectors: int
) -> None:
    memory = make_memory(ann_min_vectors=ann_min_vectors)
    ids = _fill(memory, {"bulk": 19_800, "rare": 200})
    queries = _queries(20)
    rare = Filters(sources=("rare",))

    assert _recall(memory, ids["rare"], rare, queries) == 1.0

    # What the filter-after-top-k approach would get, to show the test can tell them apart.
    post = 0
    rare_ids = set(ids["rare"].tolist())
    for q, best in zip(queries, _truth(memory, ids["rare"], queries, 10), strict=True):
        top = memory.store.vector_search(MODEL, q, Filters(), 100)
        post += len({i for i, _ in top if i in rare_ids} & best)
    assert post / (10 * len(queries)) < 0.5


def test_hnsw_recall_with_and_without_a_wide_filter(
    make_memory: MakeMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = make_memory(ann_min_vectors=1_000)
    ids = _fill(memory, {"bulk": 14_000, "wide": 6_000})
    queries = _queries(30)
    cache = memory.store.vector_cache(MODEL)  # type: ignore[attr-defined]
    assert cache is not None and cache.approximate
    every = np.concatenate([ids["bulk"], ids["wide"]])
    assert _recall(memory, every, Filters(), queries) >= 0.95
    # 6,000 candidates would be gathered and scanned exactly; a lower limit sends them
    # through HNSW with an IDSelector instead, the path large candidate sets take.
    monkeypatch.setattr(ann, "GATHER_MAX", 1_000)
    assert _recall(memory, ids["wide"], Filters(sources=("wide",)), queries) >= 0.95


def test_exact_or_hnsw_is_chosen_by_size(make_memory: MakeMemory) -> None:
    memory = make_memory(ann_min_vectors=3_000)
    _fill(memory, {"a": 2_000})
    cache = memory.store.vector_cache(MODEL)  # type: ignore[attr-defined]
    assert cache is not None and not cache.approximate
    assert "exact scan over 2000" in cache.describe()
    _fill(memory, {"b": 1_500}, seed=4)
    cache = memory.store.vector_cache(MODEL)  # type: ignore[attr-defined]
    assert cache is not None and cache.approximate and cache.size == 3_500
    assert "HNSW" in memory.store.describe_index(MODEL)


@pytest.mark.parametrize("ann_min_vectors", [1_000_000, 500], ids=["exact", "hnsw"])
def test_the_index_follows_new_and_forgotten_vectors(
    make_memory: MakeMemory, ann_min_vectors: int
) -> None:
    memory = make_memory(ann_min_vectors=ann_min_vectors)
    ids = _fill(memory, {"first": 1_000})
    q = memory.store.vectors_of(MODEL, [int(ids["first"][5])])[int(ids["first"][5])]
    assert memory.store.vector_search(MODEL, q, Filters(), 1)[0][0] == ids["first"][5]

    later = _fill(memory, {"later": 50}, seed=9)
    newest = int(later["later"][-1])
    v = memory.store.vectors_of(MODEL, [newest])[newest]
    hit, score = memory.store.vector_search(MODEL, v, Filters(), 1)[0]
    assert hit == newest and score == pytest.approx(1.0, abs=1e-5)

    memory.forget(newest)
    found = memory.store.vector_search(MODEL, v, Filters(), 10)
    assert newest not in {i for i, _ in found} and len(found) == 10
    assert newest not in {
        i for i, _ in memory.store.vector_search(MODEL, v, Filters(sources=("later",)), 10)
    }


def test_a_cache_is_rebuilt_when_damaged_stale_or_from_another_store(
    make_memory: MakeMemory, store: Store, isolated_folders: Paths
) -> None:
    memory = make_memory()
    ids = _fill(memory, {"x": 500})
    first = int(ids["x"][0])
    v = memory.store.vectors_of(MODEL, [first])[first]
    assert memory.store.vector_search(MODEL, v, Filters(), 1)[0][0] == first
    folder = isolated_folders.cache_dir / "memory"
    (matrix_file,) = folder.glob("*.f32")

    # Damaged in place (same size): a new process compares samples with the store.
    with matrix_file.open("r+b") as handle:
        handle.write(b"\0" * DIM * 4)
    fresh = SqliteMemoryStore(store, isolated_folders.cache_dir)
    hit, score = fresh.vector_search(MODEL, v, Filters(), 1)[0]
    assert hit == first and score == pytest.approx(1.0, abs=1e-5)
    fresh.close()

    # Cut short: the meta promises more rows than the file has.
    with matrix_file.open("r+b") as handle:
        handle.truncate(DIM * 4 * 10)
    fresh = SqliteMemoryStore(store, isolated_folders.cache_dir)
    assert fresh.vector_search(MODEL, v, Filters(), 1)[0][0] == first
    assert matrix_file.stat().st_size == 500 * DIM * 4
    fresh.close()

    # After a reindex (new epoch) the old files are not reused even for the same model.
    memory.store.drop_vectors()
    assert memory.store.vector_search(MODEL, v, Filters(), 1) == []
    memory.store.add_vectors(MODEL, [first], -v[None, :])
    hit, score = memory.store.vector_search(MODEL, v, Filters(), 1)[0]
    assert hit == first and score == pytest.approx(-1.0, abs=1e-5)


def test_a_cache_copied_from_another_store_is_not_used(
    make_memory: MakeMemory, isolated_folders: Paths, tmp_path_factory: pytest.TempPathFactory
) -> None:
    memory = make_memory()
    ids = _fill(memory, {"x": 300})
    first = int(ids["x"][0])
    v = memory.store.vectors_of(MODEL, [first])[first]
    memory.store.vector_search(MODEL, v, Filters(), 1)

    other_dir = tmp_path_factory.mktemp("other")
    other_store = Store(other_dir / "other.db")
    shutil.copytree(isolated_folders.cache_dir, other_dir / "cache")
    other = SqliteMemoryStore(other_store, other_dir / "cache")
    try:
        assert other.vector_search(MODEL, v, Filters(), 5) == []  # no vectors there at all
        item = other.add_item(
            NewItem(kind="note", source="user", text="t", created_at=NOW, trusted=True),
            NOW,
        )
        other.add_vectors(MODEL, [item.id], -v[None, :])
        ((hit, score),) = other.vector_search(MODEL, v, Filters(), 5)
        assert hit == item.id and score == pytest.approx(-1.0, abs=1e-5)
    finally:
        other.close()
        other_store.close()


def test_a_query_from_another_model_is_refused(make_memory: MakeMemory) -> None:
    memory = make_memory()
    _fill(memory, {"x": 10})
    with pytest.raises(ValueError, match="dimension"):
        memory.store.vector_search(MODEL, np.ones(16, dtype=np.float32), Filters(), 3)


def test_a_few_new_vectors_extend_the_hnsw_index_without_rewriting_its_file(
    make_memory: MakeMemory, store: Store, isolated_folders: Paths
) -> None:
    memory = make_memory(ann_min_vectors=500)
    _fill(memory, {"first": 1_000})
    q = _queries(1)[0]
    memory.store.vector_search(MODEL, q, Filters(), 5)
    (index_file,) = (isolated_folders.cache_dir / "memory").glob("*.hnsw")
    saved = index_file.stat().st_mtime_ns

    later = _fill(memory, {"later": 30}, seed=8)
    newest = int(later["later"][-1])
    v = memory.store.vectors_of(MODEL, [newest])[newest]
    assert memory.store.vector_search(MODEL, v, Filters(), 1)[0][0] == newest
    assert index_file.stat().st_mtime_ns == saved  # grown in memory only

    # Another process loads the saved index and adds the 30 rows it lacks.
    other = SqliteMemoryStore(store, isolated_folders.cache_dir, ann_min_vectors=500)
    try:
        assert other.vector_search(MODEL, v, Filters(), 1)[0][0] == newest
        cache = other.vector_cache(MODEL)
        assert cache is not None and cache.approximate and cache.size == 1_030
    finally:
        other.close()


def test_an_index_built_with_another_efconstruction_is_rebuilt(
    make_memory: MakeMemory,
    store: Store,
    isolated_folders: Paths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import faiss

    monkeypatch.setattr(ann, "HNSW_EF_CONSTRUCTION", 64)  # as older versions built it
    memory = make_memory(ann_min_vectors=500)
    _fill(memory, {"first": 1_000})
    q = _queries(1)[0]
    before = memory.store.vector_search(MODEL, q, Filters(), 5)
    (index_file,) = (isolated_folders.cache_dir / "memory").glob("*.hnsw")
    assert faiss.read_index(str(index_file)).hnsw.efConstruction == 64

    monkeypatch.setattr(ann, "HNSW_EF_CONSTRUCTION", 128)
    other = SqliteMemoryStore(store, isolated_folders.cache_dir, ann_min_vectors=500)
    try:
        after = other.vector_search(MODEL, q, Filters(), 5)
        assert faiss.read_index(str(index_file)).hnsw.efConstruction == 128
        assert [i for i, _ in after] == [i for i, _ in before]
    finally:
        other.close()


def test_a_filtered_search_returns_only_items_with_a_vector_of_the_model(
    make_memory: MakeMemory,
) -> None:
    memory = make_memory()
    ids = _fill(memory, {"docs": 300})
    # Items of the same source still waiting for a vector, and one with another model's.
    waiting = [
        memory.store.add_item(NewItem("note", "docs", f"pending {n}", NOW, True), NOW).id
        for n in range(20)
    ]
    memory.store.add_vectors("another-model", waiting[:1], _queries(1))
    found = memory.store.vector_search(MODEL, _queries(1)[0], Filters(sources=("docs",)), 400)
    assert {i for i, _ in found} == set(ids["docs"].tolist())


def test_a_filter_that_a_sixth_pass_is_gathered_in_blocks_with_exact_recall(
    make_memory: MakeMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = make_memory()
    ids = _fill(memory, {"bulk": 5_000, "sixth": 1_000})
    # Small blocks, so the 1,000 gathered rows take several (the default is 4,096).
    monkeypatch.setattr(ann, "_GATHER_BLOCK", 128)
    assert _recall(memory, ids["sixth"], Filters(sources=("sixth",)), _queries(20)) == 1.0


def test_exact_scoring_leaves_numpys_threads_as_they_were(make_memory: MakeMemory) -> None:
    from threadpoolctl import threadpool_info

    memory = make_memory()
    _fill(memory, {"a": 2_000})
    before = [pool["num_threads"] for pool in threadpool_info()]
    memory.store.vector_search(MODEL, _queries(1)[0], Filters(), 5)
    memory.store.vector_search(MODEL, _queries(1)[0], Filters(sources=("a",)), 5)
    assert [pool["num_threads"] for pool in threadpool_info()] == before


@pytest.mark.parametrize(
    "filters",
    [
        Filters(tags=("red",)),
        Filters(tags=("red", "big")),
        Filters(sources=("s1",), tags=("red",)),
        Filters(kinds=("note",), tags=("big", "red")),
    ],
    ids=["one-tag", "two-tags", "source-and-tag", "kind-and-two-tags"],
)
def test_tag_filters_select_the_same_items_whichever_query_shape_is_used(
    make_memory: MakeMemory, filters: Filters
) -> None:
    memory = make_memory()
    made: dict[int, tuple[str, tuple[str, ...]]] = {}
    for n in range(60):
        source = f"s{n % 3}"
        tags = tuple(t for t, on in (("red", n % 2 == 0), ("big", n % 5 == 0)) if on)
        item = memory.store.add_item(
            NewItem("note", source, f"item {n}", NOW, True, tags=tags), NOW
        )
        made[item.id] = (source, tags)
    expected = {
        i
        for i, (source, tags) in made.items()
        if set(filters.tags) <= set(tags) and (not filters.sources or source in filters.sources)
    }
    assert set(memory.store.filtered_ids(filters).tolist()) == expected  # type: ignore[attr-defined]
    listed = memory.store.items(filters, limit=100)
    assert {i.id for i in listed} == expected


def test_larger_hnsw_indexes_search_wider() -> None:
    sizes = [50_000, 160_000, 500_000, 1_000_000, 10_000_000]
    efs = [ann.ef_search(n) for n in sizes]
    assert efs == sorted(efs)
    assert efs[0] == efs[1] == ann.HNSW_EF_SEARCH
    assert efs[3] == 400  # recall@10 0.98 on 1M clustered vectors (see ann.ef_search)
    assert efs[-1] == ann.HNSW_EF_SEARCH_MAX


def test_a_benchmark_can_set_the_hnsw_search_effort(
    make_memory: MakeMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = make_memory(ann_min_vectors=1_000)
    ids = _fill(memory, {"bulk": 5_000})
    cache = memory.store.vector_cache(MODEL)  # type: ignore[attr-defined]
    assert cache is not None and cache.approximate
    # the rules in use: efSearch by the index's size, or by the filter's share
    assert cache.search_ef(10) == ann.ef_search(cache.size)
    assert cache.search_ef(10, passing=100) is None  # few enough to be scored exactly
    wide = ann.GATHER_MAX + 1
    assert cache.search_ef(10, passing=wide) == ann.filtered_ef_search(wide, cache.size, 10)
    queries = _queries(30)
    default = _recall(memory, ids["bulk"], Filters(), queries)

    faiss = ann._faiss()
    used: list[object] = []

    class Recorded:
        def __getattr__(self, name: str) -> object:
            return getattr(faiss, name)

        def SearchParametersHNSW(self, **params: object) -> object:
            used.append(params["efSearch"])
            return faiss.SearchParametersHNSW(**params)

    monkeypatch.setattr(ann, "_faiss", Recorded)
    cache.ef_search_override = 1  # raised to the rows asked for: k + HNSW_OVERFETCH
    assert cache.search_ef(10) == 10 + ann.HNSW_OVERFETCH
    assert cache.search_ef(10, passing=wide) == 10
    narrow = _recall(memory, ids["bulk"], Filters(), queries)
    cache.ef_search_override = 2_000
    assert cache.search_ef(10) == 2_000
    wider = _recall(memory, ids["bulk"], Filters(), queries)
    cache.ef_search_override = None
    assert _recall(memory, ids["bulk"], Filters(), queries) == default
    assert used == [18] * 30 + [2_000] * 30 + [ann.ef_search(cache.size)] * 30
    assert narrow <= default <= wider == 1.0
