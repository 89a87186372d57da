"""pgvector HNSW indexes for unfiltered vector search on the PostgreSQL backend.

A model's vectors get a partial HNSW index (cosine, on `vector::vector(DIM)` where
`model = NAME`) once it has `HNSW_MIN_VECTORS` of them; below that an exact scan is
fast enough. Only a search without filters uses the index: an index scan would pick
its nearest rows before a filter could drop them, so a filtered search always ranks
exactly among the rows that pass (its ORDER BY is on the untyped column, which the
index cannot serve, so the planner cannot choose it).
"""

from __future__ import annotations

import hashlib

import numpy as np
from psycopg import sql

from familiar.memory.ann import ANN_MIN_VECTORS
from familiar.store.pg import Connection

HNSW_MIN_VECTORS = ANN_MIN_VECTORS  # the same switch-over as the SQLite backend's faiss
HNSW_M = 16  # links per node (pgvector's default; 32 doubles the build time)
EF_CONSTRUCTION = 64
EF_SEARCH = 200  # candidates per query (see benchmarks/pg_store.py for recall)


def index_name(model: str) -> str:
    """The index of one model's vectors (a digest: model names are free text)."""
    return "mem_vectors_hnsw_" + hashlib.sha256(model.encode()).hexdigest()[:16]


def has_index(db: Connection, model: str) -> bool:
    """Whether the model's HNSW index exists."""
    found = db.execute("SELECT to_regclass(%s) AS name", (index_name(model),)).fetchone()
    return found is not None and found["name"] is not None


def ensure_index(db: Connection, model: str, dim: int) -> None:
    """Build the model's index (inside a transaction; writes to mem_vectors wait meanwhile)."""
    # pgvector builds far faster when the graph fits in memory (~1 KB per 384-d vector).
    db.execute("SET LOCAL maintenance_work_mem = '512MB'")
    db.execute(
        sql.SQL(
            "CREATE INDEX IF NOT EXISTS {} ON mem_vectors USING hnsw"
            " ((vector::vector({})) vector_cosine_ops) WITH (m = {}, ef_construction = {})"
            " WHERE model = {}"
        ).format(
            sql.Identifier(index_name(model)),
            sql.Literal(dim),
            sql.Literal(HNSW_M),
            sql.Literal(EF_CONSTRUCTION),
            sql.Literal(model),
        )
    )


def drop_index(db: Connection, model: str) -> None:
    """Drop the model's index (its vectors are gone; a new dimension may follow)."""
    db.execute(sql.SQL("DROP INDEX IF EXISTS {}").format(sql.Identifier(index_name(model))))


def nearest(
    db: Connection, model: str, dim: int, query: np.ndarray, k: int, ranking: np.ndarray
) -> list[tuple[int, float]]:
    """The k nearest of the model's vectors to `ranking` through its index, with their
    cosines with `query` (call inside a transaction)."""
    db.execute(sql.SQL("SET LOCAL hnsw.ef_search = {}").format(sql.Literal(max(EF_SEARCH, k))))
    # Model and dimension as literals: the partial index matches only a literal predicate.
    typed = sql.SQL("vector::vector({})").format(sql.Literal(dim))
    rows = db.execute(
        sql.SQL(
            "SELECT item_id, 1 - ({typed} <=> %s::vector({dim})) AS similarity"
            " FROM mem_vectors WHERE model = {model}"
            " ORDER BY {typed} <=> %s::vector({dim}) LIMIT %s"
        ).format(typed=typed, dim=sql.Literal(dim), model=sql.Literal(model)),
        (query, ranking, k),
    ).fetchall()
    return [(int(r["item_id"]), float(r["similarity"])) for r in rows]
