"""Memory on a PostgreSQL server: full-text search for the text leg, pgvector for vectors.

The tables come from the named migration `pg002_memory` (familiar/store/pg_migrations.py),
applied when the `PostgresStore` opens. Both legs of search filter in the WHERE clause
before anything is ranked. The vector leg is an exact scan (`ORDER BY vector <=> query`)
over the rows of one model that pass the filters: always exact, and a filter that
keeps 1% of items makes it faster rather than emptier. The text leg ranks PostgreSQL's
`english` tsvector (title weighs more than text) with `ts_rank_cd`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

import numpy as np
from pgvector.psycopg import register_vector
from psycopg.types.json import Jsonb

from familiar.memory import pg_hnsw
from familiar.memory.centring import MEAN_SAMPLE, Mean, centred
from familiar.memory.factsql import Run, apply_change, undo_taught
from familiar.memory.records import (
    DocumentState,
    Fact,
    FactChange,
    Filters,
    Forgotten,
    MemoryItem,
    NewDocument,
    NewItem,
    Skipped,
    Stats,
)
from familiar.memory.store import MemoryStore
from familiar.store.pg import Connection, Session, one

Row = dict[str, Any]

_ITEM_COLUMNS = (
    "i.id, i.kind, i.source, i.trusted, i.title, i.text, i.tags, i.created_at, i.added_at,"
    " i.doc_id, i.seq, i.run_id, d.path"
)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("memory only keeps aware datetimes")
    return moment


def _runner(db: Connection) -> Run:
    """Statements of the shared fact logic (`?` placeholders), run on this connection."""

    def run(query: str, params: Sequence[Any]) -> list[Row]:
        cur = db.execute(query.replace("?", "%s"), tuple(params))
        return cur.fetchall() if cur.description else []

    return run


def where(filters: Filters, alias: str = "i") -> tuple[str, list[Any]]:
    """The SQL condition (and its parameters) that keeps only items passing `filters`."""
    parts: list[str] = ["true"]
    params: list[Any] = []
    if filters.sources:
        parts.append(f"{alias}.source = ANY(%s)")
        params.append(list(filters.sources))
    if filters.kinds:
        parts.append(f"{alias}.kind = ANY(%s)")
        params.append(list(filters.kinds))
    if filters.since is not None:
        parts.append(f"{alias}.created_at >= %s")
        params.append(_aware(filters.since))
    if filters.until is not None:
        parts.append(f"{alias}.created_at < %s")
        params.append(_aware(filters.until))
    if filters.tags:
        parts.append(f"{alias}.tags @> %s::text[]")
        params.append(list(filters.tags))
    return " AND ".join(parts), params


def _tsquery(count: int) -> str:
    """Any of `count` terms, each parsed as plain text so no query syntax leaks in."""
    return " || ".join("plainto_tsquery('english', %s)" for _ in range(count))


class PostgresMemoryStore(MemoryStore):
    """`MemoryStore` in a PostgreSQL database with the pgvector extension."""

    def __init__(self, url: str, hnsw_min_vectors: int = pg_hnsw.HNSW_MIN_VECTORS) -> None:
        self.hnsw_min_vectors = hnsw_min_vectors
        # register_vector: numpy arrays in and out of `vector` columns
        self._session = Session(url, prepare=register_vector)
        self._means: dict[str, Mean] = {}  # per model, see familiar.memory.centring

    def close(self) -> None:
        """Close this connection (the PostgresStore keeps its own)."""
        self._session.close()

    def _tx(self) -> AbstractContextManager[Connection]:
        return self._session.transaction()

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._session.rows(query, params)

    def _one(self, query: str, params: Sequence[Any] = ()) -> Any:
        return self._session.one(query, params)

    # items ----------------------------------------------------------------------

    def _insert_item(
        self,
        db: Connection,
        item: NewItem,
        at: datetime,
        doc_id: int | None = None,
        seq: int | None = None,
    ) -> int:
        return int(
            one(
                db,
                "INSERT INTO mem_items (kind, source, trusted, title, text, tags, created_at,"
                " added_at, doc_id, seq, run_id)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (
                    item.kind,
                    item.source,
                    item.trusted,
                    item.title,
                    item.text,
                    sorted(set(item.tags)),
                    _aware(item.created_at),
                    _aware(at),
                    doc_id,
                    seq,
                    item.run_id,
                ),
            )
        )

    def add_item(self, item: NewItem, at: datetime) -> MemoryItem:
        """Store one item; its text is searchable when this returns (the tsvector is stored)."""
        with self._tx() as db:
            item_id = self._insert_item(db, item, at)
        found = self.item(item_id)
        assert found is not None
        return found

    def item(self, item_id: int) -> MemoryItem | None:
        """One item by id."""
        return self.items_by_id([item_id]).get(item_id)

    def items_by_id(self, ids: Sequence[int]) -> dict[int, MemoryItem]:
        """Several items by id."""
        rows = self._rows(
            f"SELECT {_ITEM_COLUMNS} FROM mem_items i"
            " LEFT JOIN mem_documents d ON d.id = i.doc_id WHERE i.id = ANY(%s)",
            ([int(i) for i in ids],),
        )
        return {int(r["id"]): _item(r) for r in rows}

    def items(self, filters: Filters, limit: int, offset: int = 0) -> list[MemoryItem]:
        """Items passing the filters, newest first."""
        cond, params = where(filters)
        rows = self._rows(
            f"SELECT {_ITEM_COLUMNS} FROM mem_items i"
            f" LEFT JOIN mem_documents d ON d.id = i.doc_id WHERE {cond}"
            " ORDER BY i.created_at DESC, i.id DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [_item(r) for r in rows]

    def forget(self, item_id: int, at: datetime) -> Forgotten | None:
        """Remove an item, the episodes citing it and the facts learned from it."""
        with self._tx() as db:
            if one(db, "SELECT id FROM mem_items WHERE id=%s FOR UPDATE", (item_id,)) is None:
                return None
            return self._remove_items(db, [item_id])

    def _remove_items(self, db: Connection, ids: Sequence[int]) -> Forgotten:
        """Delete items with what derives from them (inside the caller's transaction)."""
        doomed = set(ids)
        episodes = db.execute(
            "SELECT episode_id FROM mem_episode_sources WHERE item_id = ANY(%s)", (list(ids),)
        ).fetchall()
        doomed.update(int(r["episode_id"]) for r in episodes)
        removed = sorted(doomed)
        facts, reopened = undo_taught(_runner(db), removed)
        # The tsvector goes with the row; vectors and episode links by cascade.
        db.execute("DELETE FROM mem_items WHERE id = ANY(%s)", (removed,))
        first = ids[0] if ids else 0
        return Forgotten(item_id=first, items=tuple(removed), facts=facts, reopened=reopened)

    # episodes -------------------------------------------------------------------

    def add_episode(
        self,
        item: NewItem,
        started_at: datetime,
        ended_at: datetime,
        run_ids: Sequence[int],
        cites: Sequence[int],
        at: datetime,
    ) -> MemoryItem:
        """Store an episode summary and the items it cites."""
        with self._tx() as db:
            item_id = self._insert_item(db, item, at)
            db.execute(
                "INSERT INTO mem_episodes (item_id, started_at, ended_at, run_ids)"
                " VALUES (%s, %s, %s, %s)",
                (item_id, _aware(started_at), _aware(ended_at), Jsonb(list(run_ids))),
            )
            db.execute(
                "INSERT INTO mem_episode_sources (episode_id, item_id)"
                " SELECT %s, id FROM mem_items WHERE id = ANY(%s) ON CONFLICT DO NOTHING",
                (item_id, [int(c) for c in cites]),
            )
        found = self.item(item_id)
        assert found is not None
        return found

    def summarised_runs(self) -> set[int]:
        """Ids of the runs that some episode already summarises."""
        rows = self._rows("SELECT run_ids FROM mem_episodes")
        return {int(run) for row in rows for run in row["run_ids"]}

    def run_items(self, run_ids: Sequence[int]) -> list[int]:
        """Ids of the items (not episodes) that these runs created, such as learned turns."""
        if not run_ids:
            return []
        rows = self._rows(
            "SELECT id FROM mem_items WHERE kind <> 'episode' AND run_id = ANY(%s) ORDER BY id",
            (list(run_ids),),
        )
        return [int(row["id"]) for row in rows]

    # documents ------------------------------------------------------------------

    def document_state(self, path: str) -> DocumentState | None:
        """What is stored for a file path."""
        rows = self._rows(
            "SELECT id, path, size, mtime_ns, sha256, forgotten FROM mem_documents WHERE path=%s",
            (path,),
        )
        if not rows:
            return None
        r = rows[0]
        return DocumentState(
            int(r["id"]), r["path"], r["size"], r["mtime_ns"], r["sha256"], bool(r["forgotten"])
        )

    def document_paths(self, prefix: str) -> list[str]:
        """Paths of known documents under a folder (given with a trailing slash)."""
        rows = self._rows(
            "SELECT path FROM mem_documents WHERE starts_with(path, %s) ORDER BY path", (prefix,)
        )
        return [str(r["path"]) for r in rows]

    def put_document(self, doc: NewDocument, at: datetime) -> int:
        """Replace a path's document and its chunks atomically."""
        values = (
            doc.source,
            doc.format,
            doc.title,
            doc.size,
            doc.mtime_ns,
            doc.sha256,
            _aware(doc.created_at),
            _aware(doc.modified_at),
            _aware(at),
        )
        with self._tx() as db:
            doc_id = one(db, "SELECT id FROM mem_documents WHERE path=%s FOR UPDATE", (doc.path,))
            if doc_id is None:
                doc_id = one(
                    db,
                    "INSERT INTO mem_documents (source, format, title, size, mtime_ns, sha256,"
                    " created_at, modified_at, indexed_at, path)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                    (*values, doc.path),
                )
            else:
                self._remove_document_items(db, int(doc_id))
                db.execute(
                    "UPDATE mem_documents SET source=%s, format=%s, title=%s, size=%s,"
                    " mtime_ns=%s, sha256=%s, created_at=%s, modified_at=%s, indexed_at=%s,"
                    " forgotten=false WHERE id=%s",
                    (*values, doc_id),
                )
            for seq, item in enumerate(doc.chunk_items()):
                self._insert_item(db, item, at, doc_id=int(doc_id), seq=seq)
            db.execute("DELETE FROM mem_skipped WHERE path=%s", (doc.path,))
        return len(doc.chunks)

    def _remove_document_items(self, db: Connection, doc_id: int) -> tuple[int, Forgotten]:
        """Remove a document's chunks with what derives from them; (chunks, what went)."""
        rows = db.execute("SELECT id FROM mem_items WHERE doc_id=%s", (doc_id,)).fetchall()
        ids = [int(r["id"]) for r in rows]
        return len(ids), self._remove_items(db, ids) if ids else Forgotten(0, (), 0, 0)

    def touch_document(self, doc_id: int, size: int, mtime_ns: int) -> None:
        """Record a new size and mtime for unchanged content."""
        with self._tx() as db:
            db.execute(
                "UPDATE mem_documents SET size=%s, mtime_ns=%s WHERE id=%s",
                (size, mtime_ns, doc_id),
            )

    def remove_document(self, path: str) -> int:
        """Remove a vanished file's document and chunks."""
        with self._tx() as db:
            doc_id = one(db, "SELECT id FROM mem_documents WHERE path=%s FOR UPDATE", (path,))
            if doc_id is None:
                return 0
            chunks, _ = self._remove_document_items(db, int(doc_id))
            db.execute("DELETE FROM mem_documents WHERE id=%s", (doc_id,))
            db.execute("DELETE FROM mem_skipped WHERE path=%s", (path,))
            return chunks

    def forget_document(self, doc_id: int, at: datetime) -> Forgotten | None:
        """Remove a document's chunks (and what derives from them); mark it forgotten."""
        with self._tx() as db:
            if one(db, "SELECT id FROM mem_documents WHERE id=%s FOR UPDATE", (doc_id,)) is None:
                return None
            _, done = self._remove_document_items(db, doc_id)
            db.execute("UPDATE mem_documents SET forgotten=true WHERE id=%s", (doc_id,))
            return done

    def record_skip(self, path: str, reason: str, size: int | None, at: datetime) -> None:
        """Remember a skipped file and why."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO mem_skipped (path, reason, size, at) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (path) DO UPDATE SET reason=excluded.reason, size=excluded.size,"
                " at=excluded.at",
                (path, reason, size, _aware(at)),
            )

    def skipped(self) -> list[Skipped]:
        """Skipped files, by path."""
        rows = self._rows("SELECT path, reason, at FROM mem_skipped ORDER BY path")
        return [Skipped(r["path"], r["reason"], r["at"]) for r in rows]

    # vectors ----------------------------------------------------------------------

    def backlog(self, model: str, limit: int, after: int = 0) -> list[tuple[int, str]]:
        """Items without a vector from `model` (id > after), oldest first, as text to embed."""
        rows = self._rows(
            "SELECT i.id, i.title, i.text FROM mem_items i WHERE i.id > %s AND NOT EXISTS"
            " (SELECT 1 FROM mem_vectors v WHERE v.item_id = i.id AND v.model = %s)"
            " ORDER BY i.id LIMIT %s",
            (after, model, limit),
        )
        return [
            (int(r["id"]), f"{r['title']}\n{r['text']}" if r["title"] else r["text"]) for r in rows
        ]

    def backlog_count(self, model: str) -> int:
        """How many items have no vector from `model`."""
        return int(
            self._one(
                "SELECT COUNT(*) FROM mem_items i WHERE NOT EXISTS"
                " (SELECT 1 FROM mem_vectors v WHERE v.item_id = i.id AND v.model = %s)",
                (model,),
            )
        )

    def add_vectors(self, model: str, ids: Sequence[int], vectors: np.ndarray) -> int:
        """Store vectors; items forgotten meanwhile and existing vectors are left alone.

        The model's HNSW index is built in the call that takes it past `hnsw_min_vectors`.
        """
        if len(ids) != len(vectors):
            raise ValueError("one vector per id")
        if not len(ids):
            return 0
        dim = int(vectors.shape[1])
        stored = 0
        with self._tx() as db:
            known = one(db, "SELECT dim FROM mem_vectors WHERE model = %s LIMIT 1", (model,))
            if known is not None and known != dim:
                raise ValueError(f"{model} vectors have dimension {known}, not {dim}")
            for item_id, vector in zip(ids, vectors, strict=True):
                cur = db.execute(
                    "INSERT INTO mem_vectors (item_id, model, dim, vector)"
                    " SELECT id, %s, %s, %s FROM mem_items WHERE id = %s"
                    " ON CONFLICT (item_id, model) DO NOTHING",
                    (model, dim, np.asarray(vector, dtype=np.float32), int(item_id)),
                )
                stored += cur.rowcount
            count = one(db, "SELECT COUNT(*) FROM mem_vectors WHERE model = %s", (model,))
            if count >= self.hnsw_min_vectors and not pg_hnsw.has_index(db, model):
                pg_hnsw.ensure_index(db, model, dim)
        return stored

    def vectors_of(self, model: str, item_ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Stored vectors of some items."""
        rows = self._rows(
            "SELECT item_id, vector FROM mem_vectors WHERE model = %s AND item_id = ANY(%s)",
            (model, [int(i) for i in item_ids]),
        )
        return {
            int(r["item_id"]): np.asarray(r["vector"].to_numpy(), dtype=np.float32) for r in rows
        }

    def drop_vectors(self, keep_model: str | None = None) -> int:
        """Delete all vectors (or all but one model's)."""
        self._means.clear()
        with self._tx() as db:
            models = [r["model"] for r in db.execute("SELECT DISTINCT model FROM mem_vectors")]
            if keep_model is None:
                cur = db.execute("DELETE FROM mem_vectors")
            else:
                cur = db.execute("DELETE FROM mem_vectors WHERE model <> %s", (keep_model,))
            for model in models:
                if model != keep_model:
                    pg_hnsw.drop_index(db, model)
            return cur.rowcount

    def describe_index(self, model: str) -> str:
        """The vector search in use, for `memory stats`."""
        count = int(self._one("SELECT COUNT(*) FROM mem_vectors WHERE model = %s", (model,)))
        if not count:
            return "no vectors yet"
        with self._session.connection() as db:
            indexed = pg_hnsw.has_index(db, model)
        if indexed:
            return f"pgvector HNSW over {count} vectors; filtered searches scan exactly in SQL"
        return f"exact scan over {count} vectors in PostgreSQL (pgvector), filters in SQL"

    def vector_search(
        self, model: str, query: np.ndarray, filters: Filters, k: int, centre: float = 0.0
    ) -> list[tuple[int, float]]:
        """Nearest items of one model among those passing the filters, with their cosines.

        With `centre`, ranked by the centred query (familiar.memory.centring). Exact
        whenever a filter is given; without one, through the HNSW index if built.
        """
        row = self._session.rows(
            "SELECT dim, (SELECT max(item_id) FROM mem_vectors WHERE model = %s) AS mark"
            " FROM mem_vectors WHERE model = %s LIMIT 1",
            (model, model),
        )
        if not row:
            return []
        dim, mark = int(row[0]["dim"]), int(row[0]["mark"])
        if query.shape[-1] != dim:
            raise ValueError(
                f"query has dimension {query.shape[-1]} but {model} vectors have {dim}"
            )
        vector = np.asarray(query, dtype=np.float32).reshape(-1)
        ranking = centred(vector, self._vector_mean(model, mark), centre) if centre else vector
        if filters.empty:
            with self._tx() as db:
                if pg_hnsw.has_index(db, model):
                    return pg_hnsw.nearest(db, model, dim, vector, k, ranking)
        cond, params = where(filters)
        rows = self._rows(
            "SELECT v.item_id, 1 - (v.vector <=> %s) AS similarity FROM mem_vectors v"
            f" JOIN mem_items i ON i.id = v.item_id WHERE v.model = %s AND v.dim = %s AND {cond}"
            " ORDER BY v.vector <=> %s, v.item_id LIMIT %s",
            [vector, model, dim, *params, ranking, k],
        )
        return [(int(r["item_id"]), float(r["similarity"])) for r in rows]

    def _vector_mean(self, model: str, mark: int) -> np.ndarray | None:
        """The mean of the model's newest vectors, kept until it is stale (see Mean)."""
        mean = self._means.get(model)
        if mean is None or mean.stale(mark):
            row = self._rows(
                "SELECT avg(vector) AS mean, count(*) AS rows FROM (SELECT vector FROM"
                " mem_vectors WHERE model = %s ORDER BY item_id DESC LIMIT %s) newest",
                (model, MEAN_SAMPLE),
            )[0]
            vector = None if row["mean"] is None else np.asarray(row["mean"].to_numpy())
            mean = self._means[model] = Mean(vector, int(row["rows"]), mark)
        return mean.vector

    # full text --------------------------------------------------------------------

    def text_search(
        self, terms: Sequence[str], filters: Filters, k: int
    ) -> list[tuple[int, float]]:
        """PostgreSQL full-text matches for any term, ranked by ts_rank_cd (title weighs more)."""
        if not terms:
            return []
        cond, params = where(filters)
        rows = self._rows(
            f"WITH q AS (SELECT {_tsquery(len(terms))} AS query)"
            " SELECT i.id, ts_rank_cd(i.tsv, q.query, 1) AS rank FROM mem_items i, q"
            f" WHERE i.tsv @@ q.query AND {cond} ORDER BY rank DESC, i.id LIMIT %s",
            [*terms, *params, k],
        )
        return [(int(r["id"]), float(r["rank"])) for r in rows]

    # profile facts ------------------------------------------------------------------

    def apply_fact(
        self,
        change: FactChange,
        *,
        source: str,
        at: datetime,
        run_id: int | None = None,
        item_id: int | None = None,
    ) -> Fact | None:
        """Set or retract a value; the previous one stays in history with its end."""
        with self._tx() as db:
            # Devices changing the same key take turns; other keys do not wait.
            db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (change.key,))
            fact_id = apply_change(
                _runner(db), change, source=source, at=_aware(at), run_id=run_id, item_id=item_id
            )
            if fact_id is None:
                return None
            row = db.execute("SELECT * FROM mem_facts WHERE id=%s", (fact_id,)).fetchone()
        assert row is not None
        return _fact(row)

    def facts(self, key: str | None = None, history: bool = False) -> list[Fact]:
        """Current facts, or every value ever held with `history`."""
        conds, params = ["true"], []
        if key is not None:
            conds.append("key = %s")
            params.append(key)
        if not history:
            conds.append("valid_to IS NULL")
        rows = self._rows(
            f"SELECT * FROM mem_facts WHERE {' AND '.join(conds)} ORDER BY key, valid_from, id",
            params,
        )
        return [_fact(r) for r in rows]

    # housekeeping -------------------------------------------------------------------

    def stats(self, model: str) -> Stats:
        """Counts for `memory stats`."""
        stats = Stats()
        stats.items_by_kind = {
            r["kind"]: int(r["n"])
            for r in self._rows("SELECT kind, COUNT(*) AS n FROM mem_items GROUP BY kind")
        }
        stats.items_by_source = {
            r["source"]: int(r["n"])
            for r in self._rows("SELECT source, COUNT(*) AS n FROM mem_items GROUP BY source")
        }
        stats.documents = int(self._one("SELECT COUNT(*) FROM mem_documents WHERE NOT forgotten"))
        stats.forgotten_documents = int(
            self._one("SELECT COUNT(*) FROM mem_documents WHERE forgotten")
        )
        stats.vectors_by_model = {
            r["model"]: int(r["n"])
            for r in self._rows("SELECT model, COUNT(*) AS n FROM mem_vectors GROUP BY model")
        }
        stats.backlog = self.backlog_count(model)
        stats.facts = int(self._one("SELECT COUNT(*) FROM mem_facts WHERE valid_to IS NULL"))
        stats.skipped = self.skipped()
        stats.store_bytes = int(self._one("SELECT pg_database_size(current_database())"))
        return stats


def _item(row: Row) -> MemoryItem:
    return MemoryItem(
        id=int(row["id"]),
        kind=row["kind"],
        source=row["source"],
        trusted=bool(row["trusted"]),
        title=row["title"],
        text=row["text"],
        created_at=row["created_at"],
        added_at=row["added_at"],
        tags=tuple(row["tags"]),
        doc_id=row["doc_id"],
        path=row["path"],
        seq=row["seq"],
        run_id=row["run_id"],
    )


def _fact(row: Row) -> Fact:
    return Fact(
        id=int(row["id"]),
        key=row["key"],
        value=row["value"],
        source=row["source"],
        valid_from=row["valid_from"],
        valid_to=row["valid_to"],
        statement=row["statement"],
        run_id=row["run_id"],
        item_id=row["item_id"],
        ended_by=row["ended_by"],
    )
