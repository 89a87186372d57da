"""Hybrid search: BM25 and vector legs, fused by reciprocal rank, nudged by recency.

Both legs apply the filters in the database before ranking (see MemoryStore). Fusion
is reciprocal rank fusion: score = sum over the legs that found an item of
weight / (RRF_K + rank), with equal scores sharing a rank. RRF_K is 2, not the
customary 60: for a top-5 answer, k=60 lets items that both legs rank mediocre
outvote either leg's clear first hit. Measured earlier on the synthetic person (seed 7),
recall@5: 25 questions about notes and documents, BM25 21, vector 23, hybrid 22
at k=60 and 23 at k=1..3; 513 questions over its raw notes, documents, vCards,
iCalendar and mail files, BM25 0.858, vector 0.608, hybrid 0.688 at k=60, 0.817 at
k=2, 0.823 at k=1.

The vector leg's weight follows its confidence. Its ranks say little when its top
hits are nearly equally close to the query: templated records (contact cards, bills,
calendar entries) all look alike to the embedder, and then its first ranks are a
coin toss that outvotes a clear BM25 hit on a name or a number. So the leg counts
fully when its first hit's cosine stands VECTOR_FULL_GAP above its VECTOR_GAP_RANK-th,
and proportionally less below that (never under VECTOR_MIN_SHARE). Chosen on the
"tune" half of `python -m benchmarks.retrieval` (68 written questions, half of them
paraphrased, and the person's 515 answerable manifest questions), checked on the
"held" half; recall@5 on held, before -> after: manifest questions 0.633 -> 0.674
(BM25 alone 0.692, vector alone 0.529), written questions 0.735 -> 0.765 (BM25 0.441,
vector 0.735); on tune 0.582 -> 0.636 and 0.588 -> 0.588. RRF_K and fixed leg
weights were swept too: none helped both kinds of question, as a paraphrase needs the
vector leg and a question naming a person needs BM25.

Recency multiplies the fused score by at most 1 + RECENCY_WEIGHT (2%), halving every
RECENCY_HALF_LIFE_DAYS: it decides ties and near ties, never against clear relevance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from familiar.memory.embedder import Embedder
from familiar.memory.records import Filters, MemoryItem
from familiar.memory.store import MemoryStore

RRF_K = 2
TEXT_WEIGHT = 1.0
VECTOR_WEIGHT = 1.0
LEG_DEPTH = 50  # candidates each leg contributes to the fusion
VECTOR_GAP_RANK = 5  # the vector leg's confidence: cosine of its 1st hit minus this one's
VECTOR_FULL_GAP = 0.10  # a gap at least this wide gives the leg its full weight
VECTOR_MIN_SHARE = 0.25  # the least share of its weight the vector leg keeps
RECENCY_WEIGHT = 0.02
RECENCY_HALF_LIFE_DAYS = 180.0
MAX_TERMS = 32

Mode = Literal["hybrid", "text", "vector"]

_WORD = re.compile(r"\w+", re.UNICODE)
_STOP_WORDS = (
    "a an the and or but of to in on at for from by with about as is are was were be been "
    "am do does did have has had i me my mine we our you your he she it its they them "
    "their this that these those what when where who whom which why how there here not no "
    "yes can could would should will shall may might must any some all so if then than "
    "too very just also into over under again more most such only own same s t"
)
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Hit:
    """One search result and how each leg ranked it (1-based; None: not found by it)."""

    item: MemoryItem
    score: float
    text_rank: int | None = None
    vector_rank: int | None = None
    similarity: float | None = None  # cosine with the query, when the vector leg found it


def query_terms(query: str) -> list[str]:
    """The words of a query worth matching: lower case, no stop words, no repeats."""
    words = [w.lower() for w in _WORD.findall(query)]
    kept = [w for w in words if w not in _STOP and len(w) > 1] or [w for w in words if w]
    return list(dict.fromkeys(kept))[:MAX_TERMS]


def _ranks(hits: list[tuple[int, float]]) -> list[int]:
    """1-based ranks where equal scores share a rank (1, 2, 2, 4), so ties stay ties."""
    ranks: list[int] = []
    for n, (_, score) in enumerate(hits):
        tied = n and abs(score - hits[n - 1][1]) <= 1e-9 * max(1.0, abs(score))
        ranks.append(ranks[-1] if tied else n + 1)
    return ranks


def vector_weight(hits: list[tuple[int, float]]) -> float:
    """The vector leg's weight in the fusion: full when its first hit stands out."""
    if len(hits) < VECTOR_GAP_RANK:
        return VECTOR_WEIGHT
    gap = hits[0][1] - hits[VECTOR_GAP_RANK - 1][1]
    return VECTOR_WEIGHT * max(VECTOR_MIN_SHARE, min(1.0, gap / VECTOR_FULL_GAP))


def _recency(created_at: datetime, now: datetime) -> float:
    age_days = max(0.0, (now - created_at).total_seconds() / 86400)
    return 1.0 + RECENCY_WEIGHT * float(0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS))


def search(
    store: MemoryStore,
    embedder: Embedder | None,
    query: str,
    *,
    now: datetime,
    filters: Filters | None = None,
    limit: int = 10,
    mode: Mode = "hybrid",
) -> list[Hit]:
    """The best `limit` items for `query` among those passing `filters`."""
    filters = filters or Filters()
    depth = max(LEG_DEPTH, 5 * limit)
    text_hits: list[tuple[int, float]] = []
    vector_hits: list[tuple[int, float]] = []
    if mode in ("hybrid", "text"):
        text_hits = store.text_search(query_terms(query), filters, depth)
    if mode in ("hybrid", "vector") and embedder is not None and query.strip():
        vector = embedder.embed([query])[0]
        vector_hits = store.vector_search(embedder.name, vector, filters, depth)
    fused: dict[int, float] = {}
    text_rank: dict[int, int] = {}
    vector_rank: dict[int, int] = {}
    similarity: dict[int, float] = {}
    for (item_id, _), rank in zip(text_hits, _ranks(text_hits), strict=True):
        fused[item_id] = fused.get(item_id, 0.0) + TEXT_WEIGHT / (RRF_K + rank)
        text_rank[item_id] = rank
    weight = vector_weight(vector_hits)
    for (item_id, cosine), rank in zip(vector_hits, _ranks(vector_hits), strict=True):
        fused[item_id] = fused.get(item_id, 0.0) + weight / (RRF_K + rank)
        vector_rank[item_id] = rank
        similarity[item_id] = cosine
    items = store.items_by_id(list(fused))
    hits = [
        Hit(
            item=items[i],
            score=score * _recency(items[i].created_at, now),
            text_rank=text_rank.get(i),
            vector_rank=vector_rank.get(i),
            similarity=similarity.get(i),
        )
        for i, score in fused.items()
        if i in items
    ]
    hits.sort(key=lambda h: (-h.score, -h.item.id))
    return hits[:limit]
