"""Memory on a real SQLite file with the real MiniLM embedder (loaded once per session)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime

import numpy as np
import pytest
from memhelpers import LISBON, NOW, MakeMemory

from familiar.clock import fixed_clock
from familiar.config import Paths
from familiar.memory import Memory
from familiar.memory.embedder import Embedder, OnnxEmbedder, minilm_embedder
from familiar.memory.sqlite import SqliteMemoryStore
from familiar.store import RecordStore, Store


@pytest.fixture(scope="session")
def minilm() -> Iterator[OnnxEmbedder]:
    """The real embedder, loaded once for the whole session."""
    embedder = minilm_embedder()
    embedder.embed(["warm up"])
    yield embedder
    embedder.close()


class _Shared(Embedder):
    """Lends the session's embedder to one test without letting it be closed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed(texts)


@pytest.fixture
def store(record_store: RecordStore) -> RecordStore:
    """The test's store: SQLite unless the test runs on both backends (tests/backends.py)."""
    return record_store


@pytest.fixture
def make_memory(
    isolated_folders: Paths, store: RecordStore, minilm: OnnxEmbedder
) -> Iterator[MakeMemory]:
    """Memory objects on the test's store; the real embedder unless one is given."""
    opened: list[Memory] = []

    def build(
        embedder: Embedder | None = None,
        *,
        ann_min_vectors: int | None = None,
        clock: Callable[[], datetime] = fixed_clock(NOW),
    ) -> Memory:
        if ann_min_vectors is None:
            backing = store.memory_store(isolated_folders.cache_dir)
        else:  # the ANN cache is the SQLite backend's
            assert isinstance(store, Store)
            backing = SqliteMemoryStore(store, isolated_folders.cache_dir, ann_min_vectors)
        memory = Memory(backing, embedder or _Shared(minilm), clock, LISBON)
        opened.append(memory)
        return memory

    yield build
    for memory in opened:
        memory.close()


@pytest.fixture
def memory(make_memory: MakeMemory) -> Memory:
    return make_memory()
