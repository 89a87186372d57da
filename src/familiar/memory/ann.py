"""The vector index: a derived cache of one model's vectors beside the store.

The store is the truth; this cache only makes the vector leg fast. Its files live in
`DATA/cache/memory/` and are keyed by what they were built from (the store's id, the
model, its dimension, the reindex epoch, and the highest vector row id they hold). On
every search the key is compared with the store: new vectors are appended, anything
else (another store, a reindex, a damaged or foreign file) means a rebuild from the
store. Deleted items stay in the files as dead rows until they are more than
`REBUILD_DEAD_RATIO` of them; they can never be returned, because results are checked
against the store (or candidates come from the store, when filters are given).

Exact or approximate, chosen by size (measured on this project's 2-core machine,
384-d float32, one query at a time, other jobs running):

- below `ANN_MIN_VECTORS` (50,000) vectors: an exact scan of the memory-mapped matrix
  (a full scan of 50k rows is ~1.5 ms, 100k ~3.3 ms, 200k ~5 ms);
- at and above it: faiss HNSW (M=32, efConstruction=128; recall@10 1.000 at
  efSearch 64 on 100k clustered vectors, ~0.2 ms per query); efSearch grows with the
  index (`ef_search`: 400 at 1M). On the memory benchmark's 1M clustered vectors
  (200 queries, one thread) efConstruction 64 left part of the graph hard to reach:
  recall@10 levelled off at 0.989 unfiltered and 0.984 with a 10% filter whatever
  the efSearch, where 128 gives 0.9995 and 1.000 at efSearch 400 (0.55 / 0.59 ms a
  query), for a build of 170 s instead of 91 s (2 threads, idle). An index file
  built with another efConstruction is rebuilt. A benchmark may set
  `VectorCache.ef_search_override` to trade recall for time.

An item may have several rows (its whole text, then its sentence windows: see
familiar.memory.windows); a search returns each item once, scored by its best row,
and an item's first row is its whole text (`part_scores`). The cache also estimates
its rows' mean, by which the vector leg centres its queries (familiar.memory.centring).

Filtered searches get their candidate ids from SQL. Small candidate sets (at most
`GATHER_MAX` rows) are scored exactly: gathered a cache-sized block at a time when
they are under a quarter of the rows, else by one full scan; larger ones on the
HNSW path are searched with a faiss `IDSelectorBitmap` over exactly those rows, so a
filter never cuts a top-k list after the fact. Exact scoring holds BLAS to one
thread (see `_one_blas_thread`). `python -m benchmarks.memory` measures all of this
at 10k, 100k and 1M vectors against chromadb (benchmarks/README.md).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import json
import math
import os
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from threadpoolctl import ThreadpoolController

from familiar.fileio import atomic_write_text
from familiar.memory.centring import sample_mean

ANN_MIN_VECTORS = 50_000
GATHER_MAX = 20_000
GATHER_SHARE = 4  # gather candidates when fewer than 1/4 of the rows, else scan all
_GATHER_BLOCK = 4_096  # rows gathered at a time: the copy stays in the CPU cache
REBUILD_DEAD_RATIO = 0.10
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 128  # 64 left 1-2% of true neighbours unreachable at 1M
HNSW_EF_SEARCH = 64  # the least efSearch; larger indexes need more (see ef_search)
HNSW_EF_SEARCH_MAX = 512
HNSW_VECTORS_PER_EF = 2_500
HNSW_OVERFETCH = 8  # an unfiltered search asks HNSW for k + 8 rows (dead rows are dropped)
HNSW_SAVE_EVERY = 10_000  # rows added in memory before the index file is rewritten
_FETCH_BATCH = 20_000
_FORMAT = 1


@dataclass(frozen=True)
class VectorState:
    """What the store says about one model's vectors right now."""

    store_id: str
    model: str
    dim: int
    epoch: int
    max_vec_id: int


class VectorSource(Protocol):
    """What the cache reads from the store (implemented by the SQLite backend)."""

    def vector_rows(
        self, model: str, after_vec_id: int, limit: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows with vector row id > after: (vector row ids, item ids, float32 matrix)."""
        ...

    def vectors_of(self, model: str, item_ids: Sequence[int]) -> dict[int, np.ndarray]:
        """The stored whole-item vectors (part 0) of some items."""
        ...

    def alive(self, model: str, item_ids: Sequence[int]) -> set[int]:
        """Which of these items still have a vector from `model`."""
        ...

    def vector_count(self, model: str) -> int:
        """How many live vector rows `model` has (windows included)."""
        ...


@dataclass
class _Meta:
    format: int
    store_id: str
    model: str
    dim: int
    epoch: int
    count: int  # rows in the matrix file, dead ones included
    max_vec_id: int
    hnsw_count: int  # rows in the HNSW file (0: none)
    build: str  # changes on every rebuild: rows of another build are in another order

    def matches(self, state: VectorState) -> bool:
        return (self.format, self.store_id, self.model, self.dim, self.epoch) == (
            _FORMAT,
            state.store_id,
            state.model,
            state.dim,
            state.epoch,
        )


def _slug(model: str) -> str:
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "_", model)[:48]
    return f"{readable}-{hashlib.sha256(model.encode()).hexdigest()[:8]}"


def _faiss() -> Any:
    """faiss, imported only when the HNSW path is used (its typing is partial)."""
    return importlib.import_module("faiss")


_threadpools: ThreadpoolController | None = None


def _one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """BLAS held to one thread while one query is scored exactly.

    A matrix-vector product is memory-bound: a second thread gains little, and when
    other jobs keep the cores busy, BLAS threads waiting on each other cost far more
    (measured on the 2-core machine under load: scoring 10k gathered rows of 100k took
    3 ms on one thread and 56 ms on two).
    """
    global _threadpools
    if _threadpools is None:
        _threadpools = ThreadpoolController()
    limited: contextlib.AbstractContextManager[Any] = _threadpools.limit(limits=1, user_api="blas")
    return limited


def ef_search(count: int) -> int:
    """HNSW efSearch for an index of `count` vectors: 64 up to 160k, then count / 2,500.

    At one efSearch, recall falls as the index grows. Measured on 1M clustered 384-d
    vectors (M=32), recall@10 at efSearch 128 / 400 / 640: 0.965 / 0.988 / 0.989 with
    efConstruction 64, 0.993 / 0.9995 / 0.9995 with 128 (0.3 / 0.55 / 0.8 ms a query);
    at 100k, 64 already gives 1.000.
    """
    return max(HNSW_EF_SEARCH, min(HNSW_EF_SEARCH_MAX, math.ceil(count / HNSW_VECTORS_PER_EF)))


def filtered_ef_search(passing: int, count: int, k: int) -> int:
    """HNSW efSearch for k items among `passing` of `count` rows (the ID-selector path).

    The fewer rows pass, the wider the search: 64 / share, between 128 and 1,024
    (640 for a 10% filter, recall@10 0.979 at 1M clustered vectors).
    """
    return min(1024, max(128, 4 * k, math.ceil(64 / (passing / count))))


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest scores, best first."""
    if len(scores) <= k:
        return np.argsort(-scores, kind="stable")
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")]


class VectorCache:
    """One model's vectors as files (matrix, ids, optional HNSW), kept fresh from the store."""

    def __init__(self, folder: Path, model: str, ann_min_vectors: int = ANN_MIN_VECTORS) -> None:
        self.folder = folder
        self.model = model
        self.ann_min_vectors = ann_min_vectors
        base = folder / f"vectors-{_slug(model)}"
        self._matrix_file = base.with_suffix(".f32")
        self._ids_file = base.with_suffix(".ids")
        self._meta_file = base.with_suffix(".json")
        self._hnsw_file = base.with_suffix(".hnsw")
        self._lock_file = base.with_suffix(".lock")
        self._meta: _Meta | None = None
        self._matrix: np.ndarray = np.zeros((0, 0), dtype=np.float32)
        self._ids: np.ndarray = np.zeros(0, dtype=np.int64)
        self._sorted_ids: np.ndarray = self._ids
        self._order: np.ndarray = self._ids
        self._has_parts = False
        self._mean: np.ndarray | None = None
        self._hnsw: Any = None
        self._hnsw_build = ""
        self._checked = False
        # Set by benchmarks that trade recall for time (`python -m benchmarks.memory`
        # sweeps it): every HNSW search uses this efSearch instead of the rules above
        # (`ef_search`, `filtered_ef_search`), at least the rows it asks for. None in use.
        self.ef_search_override: int | None = None

    # freshness --------------------------------------------------------------------

    def refresh(self, state: VectorState, source: VectorSource) -> None:
        """Bring the cache up to the store's state: load, append or rebuild."""
        meta = self._meta
        if meta is not None and meta.matches(state) and meta.max_vec_id == state.max_vec_id:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._locked():
            meta = self._read_meta()
            trusted = meta is not None and meta.matches(state) and self._files_agree(meta)
            # Files written by another process are compared with the store once.
            if (
                meta is None
                or not trusted
                or not (self._checked or self._sample_agrees(meta, source))
            ):
                meta = self._rebuild(state, source)
            if meta.max_vec_id < state.max_vec_id:
                meta = self._append(meta, state, source)
            if meta.count and source.vector_count(self.model) < meta.count * (
                1 - REBUILD_DEAD_RATIO
            ):
                meta = self._rebuild(state, source)
            meta = self._sync_hnsw(meta)
            self._checked = True
            self._load(meta)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        # Two processes (an ingest and a search) may refresh at once; one writes at a time.
        with self._lock_file.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read_meta(self) -> _Meta | None:
        try:
            return _Meta(**json.loads(self._meta_file.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def _write_meta(self, meta: _Meta) -> None:
        atomic_write_text(self._meta_file, json.dumps(asdict(meta)))

    def _files_agree(self, meta: _Meta) -> bool:
        """The files hold at least what the meta says (a crash may leave a longer tail)."""
        try:
            matrix_bytes = self._matrix_file.stat().st_size
            ids_bytes = self._ids_file.stat().st_size
        except OSError:
            return False
        if matrix_bytes < meta.count * meta.dim * 4 or ids_bytes < meta.count * 8:
            return False
        # A tail written after the meta was last saved is not trusted: cut it off.
        if matrix_bytes > meta.count * meta.dim * 4:
            os.truncate(self._matrix_file, meta.count * meta.dim * 4)
        if ids_bytes > meta.count * 8:
            os.truncate(self._ids_file, meta.count * 8)
        return True

    def _sample_agrees(self, meta: _Meta, source: VectorSource) -> bool:
        """Compare a few rows with the store before trusting files from another process."""
        if meta.count == 0:
            return True
        ids = np.fromfile(self._ids_file, dtype=np.int64, count=meta.count)
        matrix = np.memmap(
            self._matrix_file, dtype=np.float32, mode="r", shape=(meta.count, meta.dim)
        )
        # An item's first row is its whole vector (part 0, stored before its windows),
        # which is what vectors_of returns.
        picks = sorted({int(np.flatnonzero(ids == ids[p])[0]) for p in (0, meta.count // 2, -1)})
        stored = source.vectors_of(self.model, [int(ids[p]) for p in picks])
        for p in picks:
            vector = stored.get(int(ids[p]))
            if vector is not None and not np.allclose(vector, matrix[p], atol=1e-6):
                return False
        return True

    def _rebuild(self, state: VectorState, source: VectorSource) -> _Meta:
        for path in (self._matrix_file, self._ids_file, self._hnsw_file):
            path.unlink(missing_ok=True)
        build = uuid.uuid4().hex
        meta = _Meta(_FORMAT, state.store_id, state.model, state.dim, state.epoch, 0, 0, 0, build)
        self._matrix_file.touch()
        self._ids_file.touch()
        self._write_meta(meta)
        self._hnsw = None
        return self._append(meta, state, source)

    def _append(self, meta: _Meta, state: VectorState, source: VectorSource) -> _Meta:
        with self._matrix_file.open("ab") as mfile, self._ids_file.open("ab") as ifile:
            while meta.max_vec_id < state.max_vec_id:
                vec_ids, item_ids, rows = source.vector_rows(
                    self.model, meta.max_vec_id, _FETCH_BATCH
                )
                if len(vec_ids) == 0:
                    break
                rows = np.ascontiguousarray(rows, dtype=np.float32)
                if rows.shape[1] != meta.dim:
                    raise ValueError(f"{self.model}: a stored vector has dimension {rows.shape[1]}")
                mfile.write(rows.tobytes())
                ifile.write(np.ascontiguousarray(item_ids, dtype=np.int64).tobytes())
                meta.count += len(vec_ids)
                meta.max_vec_id = int(vec_ids[-1])
            mfile.flush()
            ifile.flush()
        self._write_meta(meta)
        return meta

    def _sync_hnsw(self, meta: _Meta) -> _Meta:
        """Build or extend the HNSW index once the collection is large enough.

        Rows appended since the file was saved are added in memory; the file is
        rewritten only when that backlog grows past HNSW_SAVE_EVERY rows (or 5%), so
        one new note does not cost rewriting a large index.
        """
        if meta.count < self.ann_min_vectors:
            if meta.hnsw_count:
                self._hnsw_file.unlink(missing_ok=True)
                meta.hnsw_count = 0
                self._write_meta(meta)
            self._hnsw = None
            return meta
        faiss = _faiss()
        index = self._hnsw if self._hnsw_build == meta.build else None
        if index is None and meta.hnsw_count and self._hnsw_file.exists():
            with contextlib.suppress(RuntimeError):
                index = faiss.read_index(str(self._hnsw_file))
            if index is not None and (
                index.ntotal != meta.hnsw_count
                or index.d != meta.dim
                or getattr(getattr(index, "hnsw", None), "efConstruction", None)
                != HNSW_EF_CONSTRUCTION
            ):
                index = None
        fresh = index is None
        if index is None:
            index = faiss.IndexHNSWFlat(meta.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        if index.ntotal < meta.count:
            matrix = np.memmap(
                self._matrix_file, dtype=np.float32, mode="r", shape=(meta.count, meta.dim)
            )
            for lo in range(index.ntotal, meta.count, _FETCH_BATCH):
                index.add(np.ascontiguousarray(matrix[lo : min(lo + _FETCH_BATCH, meta.count)]))
        unsaved = meta.count - meta.hnsw_count
        if fresh or unsaved >= max(HNSW_SAVE_EVERY, meta.count // 20):
            tmp = self._hnsw_file.with_suffix(".hnsw.tmp")
            faiss.write_index(index, str(tmp))
            os.replace(tmp, self._hnsw_file)
            meta.hnsw_count = meta.count
            self._write_meta(meta)
        self._hnsw = index
        self._hnsw_build = meta.build
        return meta

    def _load(self, meta: _Meta) -> None:
        self._meta = meta
        if meta.count == 0:
            self._matrix = np.zeros((0, meta.dim), dtype=np.float32)
            self._ids = np.zeros(0, dtype=np.int64)
        else:
            self._matrix = np.memmap(
                self._matrix_file, dtype=np.float32, mode="r", shape=(meta.count, meta.dim)
            )
            self._ids = np.fromfile(self._ids_file, dtype=np.int64, count=meta.count)
        self._order = np.argsort(self._ids, kind="stable")
        self._sorted_ids = self._ids[self._order]
        self._has_parts = bool(np.any(self._sorted_ids[1:] == self._sorted_ids[:-1]))
        self._mean = sample_mean(self._matrix)

    # search -----------------------------------------------------------------------

    @property
    def size(self) -> int:
        """Rows in the cache (dead ones included)."""
        return 0 if self._meta is None else self._meta.count

    @property
    def approximate(self) -> bool:
        """True when searches use the HNSW index."""
        return self._hnsw is not None

    def describe(self) -> str:
        """One line for `memory stats`."""
        kind = f"HNSW (M={HNSW_M})" if self.approximate else "exact scan"
        return f"{kind} over {self.size} vectors of {self.model}"

    def status(self, state: VectorState | None) -> str:
        """The index on disk and whether it matches the store, without refreshing it."""
        meta = self._read_meta()
        if state is None:
            return "no vectors yet"
        if meta is None or not meta.matches(state):
            return f"not built yet for {self.model} (built on the next search)"
        kind = f"HNSW (M={HNSW_M})" if meta.hnsw_count else "exact scan"
        fresh = "fresh" if meta.max_vec_id == state.max_vec_id else "updated on the next search"
        return f"{kind} over {meta.count} vectors of {self.model}, {fresh}"

    def search_ef(self, k: int, passing: int | None = None) -> int | None:
        """The efSearch a search for k items starts with; None when it is exact.

        `passing`: how many rows the filters let through (None: no filters).
        """
        if self._hnsw is None:
            return None
        if passing is None:
            return self._unfiltered_ef(k + HNSW_OVERFETCH)
        if passing <= GATHER_MAX:
            return None
        return self._filtered_ef(k, passing, k)

    def _unfiltered_ef(self, want: int) -> int:
        if self.ef_search_override is not None:
            return max(self.ef_search_override, want)
        return max(ef_search(self.size), 2 * want)

    def _filtered_ef(self, k: int, passing: int, want: int) -> int:
        if self.ef_search_override is not None:
            return max(self.ef_search_override, want)
        return max(filtered_ef_search(passing, self.size, k), want)

    def positions(self, item_ids: np.ndarray) -> np.ndarray:
        """Rows holding these items, all of each one's parts (items not cached are left out)."""
        if len(self._sorted_ids) == 0 or len(item_ids) == 0:
            return np.zeros(0, dtype=np.int64)
        lo = np.searchsorted(self._sorted_ids, item_ids, side="left")
        hi = np.searchsorted(self._sorted_ids, item_ids, side="right")
        counts = hi - lo
        if not counts.any():
            return np.zeros(0, dtype=np.int64)
        # every index in [lo, hi) of each item, without a Python loop
        starts = np.repeat(lo, counts)
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        return np.asarray(self._order[starts + offsets], dtype=np.int64)

    def part_scores(
        self, queries: np.ndarray, item_ids: Sequence[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The cached items among `item_ids`, and each one's whole-row and best-row scores
        with each query (a row of `queries`): arrays (n,), (n, queries), (n, queries).

        An item's rows are stored in one transaction, its whole text first, and the
        cache appends rows in the store's order, so its first row is the whole item.
        """
        ids = np.asarray(item_ids, dtype=np.int64)
        lo = np.searchsorted(self._sorted_ids, ids, side="left")
        hi = np.searchsorted(self._sorted_ids, ids, side="right")
        ids, lo, counts = ids[hi > lo], lo[hi > lo], (hi - lo)[hi > lo]
        if len(ids) == 0:
            empty = np.zeros((0, len(np.atleast_2d(queries))), dtype=np.float32)
            return ids, empty, empty
        first = np.cumsum(counts) - counts  # where each item's rows start in `rows`
        # each item's rows, in file order (the sort by id is stable)
        rows = self._order[np.repeat(lo - first, counts) + np.arange(int(counts.sum()))]
        with _one_blas_thread():
            scores = np.asarray(self._matrix[rows] @ np.atleast_2d(queries).T)
        return ids, scores[first], np.maximum.reduceat(scores, first, axis=0)

    @property
    def mean(self) -> np.ndarray | None:
        """The rows' mean (estimated from a sample, see familiar.memory.centring)."""
        return self._mean

    @property
    def has_parts(self) -> bool:
        """True when some item has more than one row (windows)."""
        return self._has_parts

    def _best_items(self, rows: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k best items among scored rows, best first; an item scores its best row."""
        want = k
        while True:
            found: dict[int, float] = {}
            for t in _top(scores, min(len(scores), want)):
                found.setdefault(int(self._ids[rows[t]]), float(scores[t]))
            if len(found) >= k or want >= len(scores):
                return list(found.items())[:k]
            want *= 4

    def search(
        self,
        query: np.ndarray,
        k: int,
        candidates: np.ndarray | None,
        alive: Callable[[Sequence[int]], set[int]],
    ) -> list[tuple[int, float]]:
        """The k nearest items; among `candidates` (item ids from SQL) when given.

        An item may have several rows (its whole text and its windows, see
        familiar.memory.windows): it is scored by its best row and returned once.
        """
        if self.size == 0 or k <= 0:
            return []
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(-1)
        if candidates is not None:
            # Candidates come from the store, but one may have lost its vector since.
            hits = self._search_among(q, k, self.positions(candidates))
            living = alive([i for i, _ in hits])
            return [(i, s) for i, s in hits if i in living]
        want = k + HNSW_OVERFETCH
        while True:
            rows, scores = self._nearest(q, want)
            best: dict[int, float] = {}
            for r, s in zip(rows, scores, strict=True):
                best.setdefault(int(self._ids[r]), float(s))
            living = alive(list(best))
            hits = [(i, s) for i, s in best.items() if i in living]
            if len(hits) >= k or want >= self.size:
                return hits[:k]
            want = min(self.size, want * 4)

    def _nearest(self, q: np.ndarray, want: int) -> tuple[np.ndarray, np.ndarray]:
        if self._hnsw is None:
            with _one_blas_thread():
                scores = self._matrix @ q
            rows = _top(scores, want)
            return rows, scores[rows]
        faiss = _faiss()

        params = faiss.SearchParametersHNSW(efSearch=self._unfiltered_ef(want))
        distances, labels = self._hnsw.search(q[None, :], want, params=params)
        keep = labels[0] >= 0
        return labels[0][keep], distances[0][keep]

    def _search_among(self, q: np.ndarray, k: int, rows: np.ndarray) -> list[tuple[int, float]]:
        if len(rows) == 0:
            return []
        if self._hnsw is None or len(rows) <= GATHER_MAX:
            rows = np.sort(rows)
            with _one_blas_thread():
                scores = self._score_rows(q, rows)
            return self._best_items(rows, scores, k)
        faiss = _faiss()

        mask = np.zeros(self.size, dtype=bool)
        mask[rows] = True
        bitmap = np.packbits(mask, bitorder="little")
        selector = faiss.IDSelectorBitmap(self.size, faiss.swig_ptr(bitmap))
        want = k
        while True:
            ef = self._filtered_ef(k, len(rows), want)
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=ef)
            distances, labels = self._hnsw.search(q[None, :], want, params=params)
            found: dict[int, float] = {}
            for r, d in zip(labels[0], distances[0], strict=True):
                if r >= 0:
                    found.setdefault(int(self._ids[r]), float(d))
            if len(found) >= k or want >= len(rows):
                del bitmap  # kept alive until here: faiss reads it during the search
                return list(found.items())[:k]
            want = min(len(rows), want * 4)

    def _score_rows(self, q: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact scores of some rows (sorted by the caller), gathered or by a full scan."""
        if len(rows) * GATHER_SHARE >= self.size:  # many: one contiguous scan is cheaper
            scanned: np.ndarray = np.asarray(self._matrix @ q)[rows]
            return scanned
        # a few: gather them in file order, a cache-sized block at a time
        return np.concatenate(
            [
                np.asarray(self._matrix[rows[lo : lo + _GATHER_BLOCK]] @ q)
                for lo in range(0, len(rows), _GATHER_BLOCK)
            ]
        )

    def drop(self) -> None:
        """Delete the cache files (after a reindex)."""
        for path in (self._matrix_file, self._ids_file, self._hnsw_file, self._meta_file):
            path.unlink(missing_ok=True)
        self._meta = None
        self._hnsw = None
