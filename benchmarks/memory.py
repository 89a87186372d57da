"""Memory benchmark: the vector leg, hybrid search and ingestion, with chromadb as the peer.

    python -m benchmarks.memory [--sizes 10000,100000,1000000] [--queries 200] [--quick]

Latency and recall tiers use clustered synthetic 384-d unit vectors (embedding a
million texts here takes over an hour) stored through familiar's own store API, as a
user's data would be: documents of CHUNKS_PER_DOC chunks (`put_document`: parse-free
insert + FTS5 index), then their vectors (`add_vectors`). Every document has a source
(one of 100) and a tag (one of 10), so a source filter passes 1% of the items and a
source-and-tag filter 0.1%; ten sources pass 10% (large enough at 1M to take the HNSW
path with an ID selector). Ground truth is an exact numpy scan of the filtered set.
chromadb gets the same vectors, the same metadata as `where` filters, the same queries.

Each engine builds in a child process of its own. Hybrid search (BM25 + vector through
`familiar.memory.search`) is timed in another, without query embedding (the query
vector is looked up) and with it (the real MiniLM embedder runs on the query text).
The vector searches of both engines are timed side by side, taking turns query by
query, each engine in a worker process of its own that opens the built store as a
user's next command would (benchmarks.memory_compare): at default settings, and with
HNSW efSearch swept where it applies, for a comparison at equal recall. Ingestion and
embedding throughput use real text: the synthetic person's files.

chromadb's phases keep the run within `--minutes` (44): its insertion at one size stops
at `--peer-seconds` or when too little time would be left to search it (a size it does
not finish is not searched), and each filter's turns get a share of the time left,
so at 1M it may search only the first N of the queries. familiar always runs all of
them; where chromadb ran fewer, familiar's numbers on those same N queries are kept as
`same_queries`, and the comparison uses them. chromadb's efSearch sweep comes last and
stops when the time is spent.

Reports medians and p95 of one query at a time; the machines are shared and noisy,
so compare ratios within one run. `--markdown FILE` prints a result file's tables as
the README has them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

DIM = 384
K = 10
CHUNKS_PER_DOC = 10
SOURCES = 100
TAGS = 10
CLUSTERS = 1000
NOISE = 0.7  # per-dimension noise around a cluster centre (centres are N(0, 1))
WORDS_PER_TEXT = 12
MODEL = "bench-clustered-384"
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
VECTOR_BATCH = 10_000
WARMUP = 10
QUERY_WORDS = (50, 2000)  # query words come from this band of the vocabulary's ranks
HYBRID_QUERIES = 50
PEER_SECONDS = 1_200.0  # chromadb's insertion at one size stops here (see the README)
MINUTES = 44.0  # the whole run's budget: chromadb's phases stop in time to keep it
PEER_QUERY_RESERVE = 240.0  # seconds kept for chromadb's searches when its insertion runs late

# name -> (familiar filter arguments, chromadb where)
FILTERS: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {
    "none": ({}, None),
    "10%": (
        {"sources": tuple(f"src{s:02d}" for s in range(10))},
        {"source": {"$in": [f"src{s:02d}" for s in range(10)]}},
    ),
    "1%": ({"sources": ("src07",)}, {"source": "src07"}),
    "0.1%": (
        {"sources": ("src07",), "tags": ("tag3",)},
        {"$and": [{"source": "src07"}, {"tag": "tag3"}]},
    ),
}


TABLE_ORDER = ("none", "1%", "0.1%", "10%")  # the filters as the README's tables list them


def _doc_source(doc: np.ndarray) -> np.ndarray:
    return doc % SOURCES


def _doc_tag(doc: np.ndarray) -> np.ndarray:
    return (doc // SOURCES) % TAGS


def passing(name: str, n: int) -> np.ndarray:
    """Positions (0-based item order) of the items that pass a named filter."""
    doc = np.arange(n) // CHUNKS_PER_DOC
    source, tag = _doc_source(doc), _doc_tag(doc)
    if name == "none":
        keep = np.ones(n, dtype=bool)
    elif name == "10%":
        keep = source < 10
    elif name == "1%":
        keep = source == 7
    elif name == "0.1%":
        keep = (source == 7) & (tag == 3)
    else:
        raise ValueError(name)
    return np.flatnonzero(keep)


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def _percentiles(values: Sequence[float]) -> dict[str, float]:
    ms = np.asarray(values) * 1000
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95))}


# data ---------------------------------------------------------------------------------


def _vocabulary(person: Path) -> list[str]:
    """Real words from the synthetic person's notes and documents."""
    words: dict[str, int] = {}
    for path in sorted(person.rglob("*.md")) + sorted(person.rglob("*.txt")):
        for word in re.findall(r"[a-z]{3,}", path.read_text(encoding="utf-8", errors="ignore")):
            words[word] = words.get(word, 0) + 1
    return sorted(words, key=lambda w: (-words[w], w))


def _texts(rng: np.random.Generator, vocab: list[str], n: int) -> list[str]:
    """Word-salad sentences with a Zipf-like word distribution (BM25 gets real work)."""
    weights = 1.0 / np.arange(1, len(vocab) + 1)
    weights /= weights.sum()
    picks = rng.choice(len(vocab), size=(n, WORDS_PER_TEXT), p=weights)
    words = np.array(vocab, dtype=object)
    return [" ".join(row) for row in words[picks]]


def _clustered(rng: np.random.Generator, centres: np.ndarray, n: int) -> np.ndarray:
    out = np.empty((n, DIM), dtype=np.float32)
    for lo in range(0, n, 100_000):
        hi = min(n, lo + 100_000)
        rows = centres[rng.integers(0, len(centres), hi - lo)]
        rows = rows + NOISE * rng.standard_normal((hi - lo, DIM)).astype(np.float32)
        out[lo:hi] = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return out


def make_dataset(folder: Path, n: int, queries: int, vocab: list[str]) -> dict[str, Any]:
    """Vectors, texts, queries and the exact ground truth for every filter, as files."""
    rng = np.random.default_rng(n)
    centres = np.random.default_rng(1).standard_normal((CLUSTERS, DIM)).astype(np.float32)
    vectors = _clustered(rng, centres, n)
    query_vectors = _clustered(rng, centres, queries)
    np.save(folder / "vectors.npy", vectors)
    np.save(folder / "queries.npy", query_vectors)
    (folder / "texts.txt").write_text("\n".join(_texts(rng, vocab, n)), encoding="utf-8")
    # queries are short, of content words (neither the commonest nor the rarest)
    words = rng.choice(vocab[QUERY_WORDS[0] : QUERY_WORDS[1]], size=(queries, 3))
    query_texts = [" ".join(row) + f" {i}" for i, row in enumerate(words)]  # unique keys
    (folder / "query_texts.json").write_text(json.dumps(query_texts), encoding="utf-8")
    t0 = time.perf_counter()
    truth: dict[str, list[list[int]]] = {}
    for name in FILTERS:
        rows = passing(name, n)
        subset = vectors if len(rows) == n else vectors[rows]
        best: list[list[int]] = []
        for lo in range(0, queries, 50):
            scores = query_vectors[lo : lo + 50] @ subset.T
            part = np.argpartition(-scores, K - 1, axis=1)[:, :K]
            order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1)
            top = np.take_along_axis(part, order, axis=1)
            best.extend((rows[top] + 1).tolist())  # item ids start at 1 in a fresh store
        truth[name] = best
    (folder / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return {"ground_truth_s": time.perf_counter() - t0}


def _recall(found: Sequence[Sequence[int]], truth: Sequence[Sequence[int]]) -> float:
    hits = sum(len(set(f) & set(t)) for f, t in zip(found, truth, strict=True))
    return hits / sum(min(K, len(t)) for t in truth)


# familiar -----------------------------------------------------------------------------


def _familiar_open(data: Path) -> tuple[Any, Any]:
    from familiar.memory.sqlite import SqliteMemoryStore
    from familiar.store import Store

    store = Store(data / "familiar" / "store.sqlite")
    return store, SqliteMemoryStore(store, data / "familiar" / "cache")


def _filters(name: str) -> Any:
    from familiar.memory import Filters

    return Filters(**FILTERS[name][0])


def familiar_build(data: Path) -> dict[str, Any]:
    """Insert documents, then vectors, through the store; build the index."""
    from familiar.memory.records import NewChunk, NewDocument

    (data / "familiar").mkdir(exist_ok=True)
    store, mem = _familiar_open(data)
    vectors = np.load(data / "vectors.npy", mmap_mode="r")
    texts = (data / "texts.txt").read_text(encoding="utf-8").split("\n")
    n = len(texts)
    now = datetime.now(UTC)
    t0 = time.perf_counter()
    for doc in range(n // CHUNKS_PER_DOC):
        lo = doc * CHUNKS_PER_DOC
        chunks = tuple(NewChunk(t) for t in texts[lo : lo + CHUNKS_PER_DOC])
        mem.put_document(
            NewDocument(
                path=f"/bench/doc{doc}.txt",
                source=f"src{doc % SOURCES:02d}",
                format="text",
                title="",
                size=1,
                mtime_ns=1,
                sha256=str(doc),
                created_at=EPOCH + timedelta(minutes=doc),
                modified_at=EPOCH,
                tags=(f"tag{(doc // SOURCES) % TAGS}",),
                chunks=chunks,
            ),
            now,
        )
    items_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for lo in range(0, n, VECTOR_BATCH):
        ids = list(range(lo + 1, min(n, lo + VECTOR_BATCH) + 1))
        mem.add_vectors(MODEL, ids, np.asarray(vectors[lo : lo + VECTOR_BATCH]))
    vectors_s = time.perf_counter() - t0
    # the ids the benchmark assumed (1..n in insertion order) are the store's
    expected = passing("1%", n) + 1
    got = np.sort(mem.candidates(MODEL, _filters("1%")))
    if not np.array_equal(expected, got):
        raise SystemExit("the store's item ids are not the ones the ground truth assumed")
    t0 = time.perf_counter()
    cache = mem.vector_cache(MODEL)
    index_s = time.perf_counter() - t0
    approximate = bool(cache is not None and cache.approximate)
    mem.close()
    store.close()
    db = data / "familiar" / "store.sqlite"
    db_mb = sum(p.stat().st_size for p in db.parent.glob("store.sqlite*")) / 2**20
    return {
        "items_s": items_s,
        "items_per_s": n / items_s,
        "vectors_s": vectors_s,
        "vectors_per_s": n / vectors_s,
        "index_build_s": index_s,
        "index": "HNSW" if approximate else "exact",
        "store_mb": db_mb,
        "index_mb": _folder_mb(data / "familiar" / "cache"),
        "build_peak_rss_mb": _peak_rss_mb(),
    }


class _Lookup:
    """An embedder that returns the benchmark's query vector for a query text."""

    def __init__(self, table: dict[str, np.ndarray], inner: Any = None) -> None:
        self.name = MODEL
        self.dim = DIM
        self.table = table
        self.inner = inner

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if self.inner is not None:  # the real embedder's work on the text (its vector is 384-d)
            out: np.ndarray = self.inner.embed(texts)
            return out
        return np.stack([self.table[t] for t in texts])

    def close(self) -> None:
        """Nothing to release."""


def _timed(run: Callable[[int], list[int]], n: int) -> list[float]:
    """Seconds of queries 0..n-1, one at a time, after a warm-up."""
    for i in range(min(WARMUP, n)):
        run(i)
    seconds = []
    for i in range(n):
        t0 = time.perf_counter()
        run(i)
        seconds.append(time.perf_counter() - t0)
    return seconds


def familiar_hybrid(data: Path) -> dict[str, Any]:
    """Hybrid search (BM25 + vector) on a built store, from a fresh process."""
    from familiar.memory.embedder import minilm_embedder
    from familiar.memory.search import search

    queries = np.load(data / "queries.npy")
    texts = json.loads((data / "query_texts.json").read_text(encoding="utf-8"))
    store, mem = _familiar_open(data)
    out: dict[str, Any] = {"hybrid": {}}
    table = {t: queries[i] for i, t in enumerate(texts)}
    minilm = minilm_embedder()
    minilm.embed(["warm up"])
    now = datetime.now(UTC)
    for label, embedder in (
        ("no_embedding", _Lookup(table)),
        ("with_embedding", _Lookup(table, minilm)),
    ):
        for name in ("none", "1%"):
            filters = _filters(name)

            def hybrid(i: int, embedder: Any = embedder, filters: Any = filters) -> list[int]:
                hits = search(mem, embedder, texts[i], now=now, filters=filters, limit=K)
                return [h.item.id for h in hits]

            seconds = _timed(hybrid, min(HYBRID_QUERIES, len(queries)))
            out["hybrid"][f"{label}/{name}"] = _percentiles(seconds)
    minilm.close()
    mem.close()
    store.close()
    out["hybrid_peak_rss_mb"] = _peak_rss_mb()
    return out


# chromadb -----------------------------------------------------------------------------


def _chroma(data: Path) -> Any:
    import chromadb
    from chromadb.config import Settings

    client = chromadb.PersistentClient(
        path=str(data / "chroma"), settings=Settings(anonymized_telemetry=False)
    )
    return client


def chroma_build(data: Path) -> dict[str, Any]:
    """The same vectors and metadata into a persistent chromadb collection."""
    client = _chroma(data)
    collection = client.create_collection(
        "bench", configuration={"hnsw": {"space": "ip"}}, embedding_function=None
    )
    vectors = np.load(data / "vectors.npy", mmap_mode="r")
    n = len(vectors)
    doc = np.arange(n) // CHUNKS_PER_DOC
    sources, tags = _doc_source(doc), _doc_tag(doc)
    batch = client.get_max_batch_size()  # its documented largest add (5,461 in 1.5.9)
    config = json.loads((data / "config.json").read_text(encoding="utf-8"))
    # stop at --peer-seconds, or earlier if searching it afterwards would overrun the run
    stop = min(time.time() + config["peer_seconds"], config["deadline"] - PEER_QUERY_RESERVE)
    t0 = time.perf_counter()
    for lo in range(0, n, batch):
        if time.time() > stop:
            done = collection.count()
            return {
                "complete": False,
                "inserted": done,
                "add_s": time.perf_counter() - t0,
                "add_per_s": done / (time.perf_counter() - t0),
                "build_peak_rss_mb": _peak_rss_mb(),
            }
        hi = min(n, lo + batch)
        collection.add(
            ids=[str(i + 1) for i in range(lo, hi)],
            embeddings=np.asarray(vectors[lo:hi]),
            metadatas=[
                {"source": f"src{sources[i]:02d}", "tag": f"tag{tags[i]}"} for i in range(lo, hi)
            ],
        )
    add_s = time.perf_counter() - t0
    count = collection.count()
    if count != n:
        raise SystemExit(f"chromadb holds {count} of {n} vectors")
    return {
        "complete": True,
        "add_s": add_s,
        "add_per_s": n / add_s,
        "disk_mb": _folder_mb(data / "chroma"),
        "build_peak_rss_mb": _peak_rss_mb(),
    }


# ingestion on real text -----------------------------------------------------------------


def ingestion(folder: Path, copies: int, embed_seconds: float) -> dict[str, Any]:
    """Index `copies` of the synthetic person's files, then embed for a while."""
    from familiar.memory import Filters, Memory
    from familiar.memory.embedder import minilm_embedder
    from familiar.memory.ingest import Ingestor

    root = folder / "files"
    for c in range(copies):
        shutil.copytree(folder / "person", root / f"copy{c}", copy_function=os.link)
    store, mem = _familiar_open(folder)
    report = Ingestor(mem, lambda: datetime.now(UTC), UTC).run([root])
    sizes = [len(i.text) for i in mem.items(Filters(), limit=report.chunks)]
    embedder = minilm_embedder()
    embedder.embed(["warm up"])
    memory = Memory(mem, embedder, lambda: datetime.now(UTC), UTC)
    t0 = time.perf_counter()
    embedded = memory.embed_backlog(seconds=embed_seconds)
    embed_s = time.perf_counter() - t0
    memory.close()
    store.close()
    return {
        "files": report.files,
        "skipped": len(report.skipped),
        "chunks": report.chunks,
        "ingest_s": report.seconds,
        "chunks_per_s": report.chunks_per_second,
        "mean_chunk_chars": float(np.mean(sizes)),
        "embedded": embedded,
        "embed_s": embed_s,
        "embedded_per_s": embedded / embed_s,
        "peak_rss_mb": _peak_rss_mb(),
    }


# orchestration --------------------------------------------------------------------------

PHASES: dict[str, Callable[[Path], dict[str, Any]]] = {
    "familiar_build": familiar_build,
    "familiar_hybrid": familiar_hybrid,
    "chroma_build": chroma_build,
}


def _child(phase: str, data: Path) -> dict[str, Any]:
    """Run one phase in a new process; its last stdout line is the JSON result."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", "--phase", phase, "--data", str(data)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{phase} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def run_size(
    root: Path,
    n: int,
    queries: int,
    vocab: list[str],
    peer: dict[str, float],
    log: Console,
) -> dict[str, Any]:
    """Everything for one collection size, in a folder removed afterwards.

    `peer` holds chromadb's limits: `peer_seconds` for its insertion and `deadline`
    (a `time.time()` value) by which its searches stop, so the run keeps its budget.
    """
    # imported here: benchmarks.memory_compare imports this module for its pieces
    from benchmarks.memory_compare import compare

    data = root / f"n{n}"
    data.mkdir()
    (data / "config.json").write_text(json.dumps(peer))
    try:
        t0 = time.perf_counter()
        result: dict[str, Any] = make_dataset(data, n, queries, vocab)
        result["dataset_s"] = time.perf_counter() - t0
        result["passing"] = {name: len(passing(name, n)) for name in FILTERS}
        log.print(f"[dim]{n:,}: familiar build, then hybrid search[/dim]")
        result["familiar"] = {**_child("familiar_build", data), **_child("familiar_hybrid", data)}
        log.print(f"[dim]{n:,}: chromadb build[/dim]")
        result["chroma"] = _child("chroma_build", data)
        with_chroma = bool(result["chroma"]["complete"])
        log.print(
            f"[dim]{n:,}: vector searches, "
            + ("taking turns" if with_chroma else "familiar alone")
            + "[/dim]"
        )
        searched = compare(data, queries, peer["deadline"], with_chroma, log)
        result["familiar"].update(searched["familiar"])
        result["chroma"].update(searched["chroma"])
        result["curves"] = searched["curves"]
        if "equal_recall" in searched:
            result["equal_recall"] = searched["equal_recall"]
        return result
    finally:
        shutil.rmtree(data, ignore_errors=True)


def _targets(sizes: dict[str, Any], ingest: dict[str, Any]) -> dict[str, Any]:
    """The issue's targets, each with the measured value and whether it is met."""
    targets: dict[str, Any] = {}
    for n, limit in (("100000", 10.0), ("1000000", 50.0)):
        if n in sizes:
            vector = sizes[n]["familiar"]["vector"]
            worst = max(vector[name]["p95_ms"] for name in ("none", "1%", "0.1%"))
            targets[f"vector p95 <= {limit:g} ms at {int(n):,} (none, 1%, 0.1%)"] = {
                "value": worst,
                "met": worst <= limit,
            }
    recalls = [v["recall"] for s in sizes.values() for v in s["familiar"]["vector"].values()]
    targets["recall@10 >= 0.95, every size and filter (lowest)"] = {
        "value": min(recalls),
        "met": min(recalls) >= 0.95,
    }
    targets["ingestion >= 500 chunks/s before embedding"] = {
        "value": ingest["chunks_per_s"],
        "met": ingest["chunks_per_s"] >= 500,
    }
    faster = [v["faster"] for s in sizes.values() for v in s.get("equal_recall", {}).values()]
    targets[
        "faster than chromadb at equal recall (p50 lower, p95 no higher; sizes it finished)"
    ] = {
        "value": f"{sum(faster)}/{len(faster)}",
        "met": all(faster),
    }
    return targets


def _ms(v: dict[str, Any]) -> str:
    return f"{v['p50_ms']:.2f} / {v['p95_ms']:.2f}"


def _effort(setting: int | None) -> str:
    return "exact" if setting is None else f"ef {setting}"


def _point(v: dict[str, Any] | None) -> str:
    """One side of a comparison: setting, recall, p50 / p95."""
    if v is None:
        return "not reached"
    return f"{_effort(v['setting'])}: {v['recall']:.3f}, {_ms(v)}"


def _swept(s: dict[str, Any]) -> list[str]:
    """The filters of one size whose curves have more than one setting for an engine."""
    curves = s.get("curves", {})
    return [n for n in TABLE_ORDER if n in curves and max(map(len, curves[n].values())) > 1]


def plot(result: dict[str, Any], path: Path) -> None:
    """p95 and recall@10 per size at default settings, and the recall/latency curves."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(result["sizes"], key=int)
    fig, (lat, rec, curve) = plt.subplots(1, 3, figsize=(17, 4.5))
    for engine, style in (("familiar", "-"), ("chroma", "--")):
        done = [s for s in sizes if "vector" in result["sizes"][s][engine]]
        for name, colour in zip(FILTERS, ("C0", "C1", "C2", "C3"), strict=True):
            label = f"{'chromadb' if engine == 'chroma' else engine}, filter {name}"
            vs = [result["sizes"][s][engine]["vector"].get(name) for s in done]
            xs = [int(s) for s, v in zip(done, vs, strict=True) if v]
            lat.plot(
                xs, [v["p95_ms"] for v in vs if v], style, color=colour, marker="o", label=label
            )
            rec.plot(
                xs, [v["recall"] for v in vs if v], style, color=colour, marker="o", label=label
            )
    swept = [(size, name) for size in sizes for name in _swept(result["sizes"][size])]
    for (size, name), colour in zip(swept, (f"C{i}" for i in range(10)), strict=False):
        for engine, style in (("familiar", "-"), ("chroma", "--")):
            points = sorted(
                result["sizes"][size]["curves"][name][engine], key=lambda p: p["recall"]
            )
            who = "chromadb" if engine == "chroma" else engine
            curve.plot(
                [p["recall"] for p in points],
                [p["p50_ms"] for p in points],
                style,
                color=colour,
                marker="o",
                label=f"{who}, {int(size):,}, {name}",
            )
    lat.set(xscale="log", yscale="log", xlabel="items", ylabel="p95 latency (ms)")
    lat.set_title("vector search p95, default settings")
    rec.set(xscale="log", xlabel="items", ylabel="recall@10 vs exact")
    rec.set_title("recall@10 against exact search over the filtered set")
    rec.axhline(0.95, color="grey", linewidth=0.8)
    curve.set(yscale="log", xlabel="recall@10", ylabel="p50 latency (ms)")
    curve.set_title("recall / latency as efSearch is swept")
    for ax in (lat, rec, curve):
        ax.grid(True, which="both", alpha=0.3)
    lat.legend(fontsize=7)
    if curve.lines:
        curve.legend(fontsize=7)
    fig.suptitle(f"familiar vs chromadb, {result['date']} ({os.cpu_count()} cores, shared)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def print_table(result: dict[str, Any]) -> None:
    """The numbers a reader compares: per size, default settings, equal recall, curves."""
    console = Console()
    for size, s in sorted(result["sizes"].items(), key=lambda kv: int(kv[0])):
        f, c = s["familiar"], s["chroma"]
        ef = f" chromadb ef {c['search_ef']}" if "search_ef" in c else ""
        table = Table(
            title=f"{int(size):,} items: vector search, k={K}, default settings (familiar: "
            f"{f['index']},{ef}; taking turns)"
        )
        for col in ("filter (passing)", "familiar p50/p95 ms", "recall", "chromadb p50/p95 ms"):
            table.add_column(col, justify="right")
        table.add_column("recall", justify="right")
        for name in TABLE_ORDER:
            fv = f["vector"][name]
            cv = c.get("vector", {}).get(name)
            table.add_row(
                f"{name} ({s['passing'][name]:,})",
                f"{_ms(fv)} ({_effort(fv.get('setting'))})",
                f"{fv['recall']:.3f}",
                _ms(cv) if cv else "not run",
                f"{cv['recall']:.3f}" if cv else "",
            )
            if "same_queries" in fv:  # chromadb ran out of time after cv["queries"] queries
                same = fv["same_queries"]
                table.add_row(
                    f"  familiar on those {same['queries']}",
                    _ms(same),
                    f"{same['recall']:.3f}",
                    "(as above)",
                    "",
                )
        for key, v in f["hybrid"].items():
            table.add_row(f"hybrid {key}", _ms(v), "", "", "")
        table.add_row(
            "insert (items/s)",
            f"{f['items_per_s']:,.0f} + vectors {f['vectors_per_s']:,.0f}",
            "",
            f"{c['add_per_s']:,.0f}",
            "",
        )
        table.add_row("index build s", f"{f['index_build_s']:.1f}", "", "(in add)", "")
        if not c["complete"]:
            table.add_row(
                "chromadb insert stopped",
                "",
                "",
                f"{c['inserted']:,} of {int(size):,} in {c['add_s']:.0f} s",
            )
        table.add_row(
            "disk MB",
            f"{f['store_mb']:.0f} + index {f['index_mb']:.0f}",
            "",
            f"{c['disk_mb']:.0f}" if "disk_mb" in c else "n/a",
        )
        table.add_row(
            "peak RSS MB build/vector queries",
            f"{f['build_peak_rss_mb']:.0f} / {f['query_peak_rss_mb']:.0f}"
            f" (hybrid {f['hybrid_peak_rss_mb']:.0f})",
            "",
            f"{c['build_peak_rss_mb']:.0f} / "
            + (f"{c['query_peak_rss_mb']:.0f}" if "query_peak_rss_mb" in c else "n/a"),
        )
        console.print(table)
        if "equal_recall" in s:
            title = f"{int(size):,} items at equal recall (setting: recall@10, p50 / p95 ms)"
            console.print(_table(title, _EQUAL_COLUMNS, _equal_recall_rows(s)))
        if _swept(s):
            title = f"{int(size):,} items: recall/latency as efSearch is swept"
            console.print(_table(title, _CURVE_COLUMNS, _curve_rows(s)))
    ing = result["ingestion"]
    console.print(
        f"ingestion (parse, chunk, store, FTS): {ing['chunks']:,} chunks in "
        f"{ing['ingest_s']:.1f} s = {ing['chunks_per_s']:,.0f} chunks/s; "
        f"embedding (MiniLM int8): {ing['embedded_per_s']:,.1f} chunks/s"
        f" (chunks of {ing['mean_chunk_chars']:,.0f} characters on average)"
    )
    targets = Table(title="targets")
    targets.add_column("target")
    targets.add_column("measured", justify="right")
    targets.add_column("met")
    for name, t in result["targets"].items():
        value = t["value"] if isinstance(t["value"], str) else f"{t['value']:.3f}"
        targets.add_row(name, value, "yes" if t["met"] else "NO")
    console.print(targets)


def _equal_recall_rows(s: dict[str, Any]) -> list[list[str]]:
    """Per filter: chromadb's default and familiar matched to it, the reverse, the verdict."""
    rows = []
    for name in TABLE_ORDER:
        e = s["equal_recall"][name]
        a, b = e["at_chroma_default"], e["at_familiar_default"]
        theirs = _point(a["chroma"]) + (" (again)" if a.get("turns") == "matched" else "")
        if b["chroma"] is None:
            reverse = f"best tried {b['chroma_best_recall']:.3f}"
        else:
            reverse = _point(b["chroma"])
        rows.append(
            [
                name,
                theirs,
                _point(a["familiar"]),
                _point(b["familiar"]),
                reverse,
                "yes" if e["faster"] else "no",
            ]
        )
    return rows


_EQUAL_COLUMNS = (
    "filter",
    "chromadb default",
    "familiar at >= its recall",
    "familiar default",
    "chromadb at >= its recall",
    "faster",
)


def _table(title: str, columns: Sequence[str], rows: list[list[str]]) -> Table:
    """A right-aligned rich table of rows under `columns`."""
    table = Table(title=title)
    for col in columns:
        table.add_column(col, justify="right")
    for row in rows:
        table.add_row(*row)
    return table


def _curve_rows(s: dict[str, Any]) -> list[list[str]]:
    """Each swept point: filter, engine, setting, recall, p50 / p95, familiar's beside it."""
    rows = []
    for name in _swept(s):
        for engine in ("familiar", "chroma"):
            for p in s["curves"][name][engine]:
                beside = _ms(p["familiar"]) if "familiar" in p else ""
                rows.append(
                    [
                        name,
                        "chromadb" if engine == "chroma" else engine,
                        _effort(p["setting"]) + (" (default)" if p["default"] else ""),
                        f"{p['recall']:.3f}",
                        _ms(p),
                        beside,
                    ]
                )
    return rows


_CURVE_COLUMNS = (
    "filter",
    "engine",
    "setting",
    "recall",
    "p50 / p95 ms",
    "familiar default beside it",
)


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown(result: dict[str, Any]) -> str:
    """The README's tables from a result file (vector leg, equal recall, curves, building)."""
    lines = [
        "| items | filter (items passing) | familiar | recall | chromadb | recall |",
        "|---|---|---|---|---|---|",
    ]
    notes = []
    for size, s in sorted(result["sizes"].items(), key=lambda kv: int(kv[0])):
        for name in TABLE_ORDER:
            fv, cv = s["familiar"]["vector"][name], s["chroma"].get("vector", {}).get(name)
            mine = _ms(fv) + (f" ({_effort(fv['setting'])})" if "setting" in fv else "")
            if cv is None:
                lines.append(
                    f"| {int(size):,} | {name} ({s['passing'][name]:,}) | "
                    f"{mine} | {fv['recall']:.3f} | not run |  |"
                )
                continue
            chroma = (_ms(cv), f"{cv['recall']:.3f}")
            if "same_queries" in fv:
                same = fv["same_queries"]
                chroma = (f"{chroma[0]} ({cv['queries']} queries)", chroma[1])
                notes.append(
                    f"| {int(size):,} | {name} | {same['queries']} | "
                    f"{_ms(same)} | {same['recall']:.3f} |"
                )
            lines.append(
                f"| {int(size):,} | {name} ({s['passing'][name]:,}) | "
                f"{mine} | {fv['recall']:.3f} | {chroma[0]} | {chroma[1]} |"
            )
    if notes:
        lines += [
            "",
            "familiar on the same queries where chromadb searched fewer:",
            "",
            "| items | filter | queries | familiar | recall |",
            "|---|---|---|---|---|",
            *notes,
        ]
    matched = [(size, s) for size, s in result["sizes"].items() if "equal_recall" in s]
    if matched:
        lines += [
            "",
            "At equal recall (setting: recall@10, p50 / p95 ms):",
            "",
            _md_row(("items", *_EQUAL_COLUMNS)),
            "|---" * (len(_EQUAL_COLUMNS) + 1) + "|",
        ]
        for size, s in sorted(matched, key=lambda kv: int(kv[0])):
            lines += [_md_row((f"{int(size):,}", *row)) for row in _equal_recall_rows(s)]
    swept = [(size, s) for size, s in result["sizes"].items() if _swept(s)]
    if swept:
        lines += [
            "",
            "Recall/latency curves (each chromadb setting beside familiar's default in the"
            " same turns; familiar's settings searched with familiar alone):",
            "",
            _md_row(("items", *_CURVE_COLUMNS)),
            "|---" * (len(_CURVE_COLUMNS) + 1) + "|",
        ]
        for size, s in sorted(swept, key=lambda kv: int(kv[0])):
            lines += [_md_row((f"{int(size):,}", *row)) for row in _curve_rows(s)]
    lines += [
        "",
        "| items | no query embedding | same, 1% filter | with MiniLM query embedding"
        " | same, 1% filter |",
        "|---|---|---|---|---|",
    ]
    for size, s in sorted(result["sizes"].items(), key=lambda kv: int(kv[0])):
        h = s["familiar"]["hybrid"]
        cells = [
            f"{h[k]['p50_ms']:.1f} / {h[k]['p95_ms']:.1f}"
            for k in (
                "no_embedding/none",
                "no_embedding/1%",
                "with_embedding/none",
                "with_embedding/1%",
            )
        ]
        lines.append(f"| {int(size):,} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| items | familiar items | vectors | index build | first search"
        " | disk MB (store + index) | peak RSS MB build / vector queries (hybrid)"
        " | chromadb add | disk MB | peak RSS MB build / vector queries |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, s in sorted(result["sizes"].items(), key=lambda kv: int(kv[0])):
        f, c = s["familiar"], s["chroma"]
        add = f"{c['add_per_s']:,.0f}/s"
        if not c["complete"]:
            add += f", stopped at {c['inserted']:,} after {c['add_s']:.0f} s"
        else:
            add += f" ({c['add_s']:.0f} s)"
        query_rss = f"{c['query_peak_rss_mb']:,.0f}" if "query_peak_rss_mb" in c else "n/a"
        hybrid_rss = f" ({f['hybrid_peak_rss_mb']:,.0f})" if "hybrid_peak_rss_mb" in f else ""
        lines.append(
            f"| {int(size):,} | {f['items_per_s']:,.0f}/s | {f['vectors_per_s']:,.0f}/s | "
            f"{f['index_build_s']:.1f} s | {f['first_search_s']:.2f} s | "
            f"{f['store_mb']:,.0f} + {f['index_mb']:,.0f} | "
            f"{f['build_peak_rss_mb']:,.0f} / {f['query_peak_rss_mb']:,.0f}{hybrid_rss} | {add} | "
            + (f"{c['disk_mb']:,.0f}" if "disk_mb" in c else "n/a")
            + f" | {c['build_peak_rss_mb']:,.0f} / {query_rss} |"
        )
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    for name, t in result["targets"].items():
        value = t["value"] if isinstance(t["value"], str) else f"{t['value']:.3f}"
        lines.append(f"| {name} | {value} | {'yes' if t['met'] else '**no**'} |")
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark, write JSON and a plot, print tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200, help="queries per filter")
    parser.add_argument("--copies", type=int, default=5, help="copies of the person to ingest")
    parser.add_argument("--embed-seconds", type=float, default=60.0)
    parser.add_argument(
        "--peer-seconds", type=float, default=PEER_SECONDS, help="chromadb insert limit per size"
    )
    parser.add_argument(
        "--minutes",
        type=float,
        default=MINUTES,
        help="the run's budget: chromadb's insertion and searches stop in time to keep it",
    )
    parser.add_argument("--quick", action="store_true", help="10k items, 50 queries")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/memory.json"))
    parser.add_argument("--markdown", type=Path, help="print a result file's README tables")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.data)))
        return
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text(encoding="utf-8"))))
        return
    if args.quick:
        args.sizes, args.queries, args.copies, args.embed_seconds = "10000", 50, 1, 15.0
    sizes = [int(s) for s in args.sizes.split(",")]
    log = Console(stderr=True)
    started = time.perf_counter()
    peer = {"peer_seconds": args.peer_seconds, "deadline": time.time() + args.minutes * 60 - 30}
    root = Path(tempfile.mkdtemp(prefix="familiar-membench-"))
    result: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["python -m benchmarks.memory", *sys.argv[1:]]),
        "budget": {"minutes": args.minutes, "peer_seconds": args.peer_seconds},
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_start": os.getloadavg(),
        },
        "config": {
            "dim": DIM,
            "k": K,
            "queries": args.queries,
            "clusters": CLUSTERS,
            "noise": NOISE,
            "chunks_per_doc": CHUNKS_PER_DOC,
        },
        "sizes": {},
    }
    try:
        person = ["-m", "familiar.testing.person", "--seed", "7", "--out", str(root / "person")]
        subprocess.run(
            [sys.executable, *person],
            check=True,
            capture_output=True,
        )
        vocab = _vocabulary(root / "person")
        log.print("[dim]ingestion on real text[/dim]")
        result["ingestion"] = ingestion(root, args.copies, args.embed_seconds)
        for n in sizes:
            result["sizes"][str(n)] = run_size(root, n, args.queries, vocab, peer, log)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    result["targets"] = _targets(result["sizes"], result["ingestion"])
    result["machine"]["loadavg_end"] = os.getloadavg()
    result["total_s"] = time.perf_counter() - started
    result["versions"] = _versions()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    plot(result, args.out.with_suffix(".png"))
    print_table(result)
    minutes = result["total_s"] / 60
    print(f"wrote {args.out} and {args.out.with_suffix('.png')} in {minutes:.1f} min")


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {p: version(p) for p in ("faiss-cpu", "chromadb", "numpy", "onnxruntime")}


if __name__ == "__main__":
    main()
