"""Hybrid search: BM25 and vector legs, fused by reciprocal rank, nudged by recency.

Both legs apply the filters in the database before ranking (see MemoryStore). Fusion
is reciprocal rank fusion: score = sum over the legs that found an item of
weight / (RRF_K + place), where tied scores share their mean place. RRF_K is 2, not the
customary 60: for a top-5 answer, k=60 lets items that both legs rank mediocre
outvote either leg's clear first hit. Measured earlier on the synthetic person (seed 7),
recall@5: 25 questions about notes and documents, BM25 21, vector 23, hybrid 22
at k=60 and 23 at k=1..3; 513 questions over its raw notes, documents, vCards,
iCalendar and mail files, BM25 0.858, vector 0.608, hybrid 0.688 at k=60, 0.817 at
k=2, 0.823 at k=1.

The text leg's weight follows how much of the query its first hit holds: a question
in other words than its answer ("the woman who does my yearly returns") still matches
some item on a stray word ("returns" in a newsletter), and that first place must not
outvote the vector leg's. Ties share the mean of their places, so five copies of one
newsletter tied first count as places 1-5 averaged, not five first places. (An
earlier rule cut the vector leg's weight when its top cosines were close together;
it helped while mail, cards and calendars were indexed as raw MIME/vCard/iCalendar
text, and hurt once sources index them as clean entries: it was removed.)

Chosen on the "tune" half of `python -m benchmarks.retrieval` (the person brought in
by `familiar sources`; 68 written questions, half of them paraphrased, and 517
manifest questions), reported on "held". Recall@5, written questions, tune / held:
BM25 0.412 / 0.471, vector 0.588 / 0.824; hybrid with the old fusion 0.471 / 0.647,
with mean places 0.500 / 0.735, plus the text leg's coverage weight 0.588 / 0.794,
without the vector gate 0.618 / 0.794. Manifest questions, hybrid: 0.986 / 0.968
before, 0.986 / 0.973 after (BM25 0.973 / 0.959, vector 0.976 / 0.964). A squared
coverage, or RRF_K 1, 5 or 10, was no better on tune.

Rechecked once the vector leg scored items by their sentence windows too (see
familiar.memory.windows; tables chunked by rows, contacts written as sentences): on
"tune", hybrid recall@5 of the written questions is 0.676 with these settings, 0.647
with VECTOR_WEIGHT 1.25 or 1.5, 0.618 with 2.0 or RRF_K 4, 0.676 with RRF_K 1 or
LEG_DEPTH 20; the settings were left as they are.

Before the legs run, the query's relation phrases are said as address books label them
(familiar.memory.kinship: "my father's sister" is "my aunt"), and the vector leg ranks
by the query moved away from the stored vectors' mean (familiar.memory.centring).
Measured together on the synthetic person, written questions (tune / held): hybrid
0.676 / 0.912 before, 0.765 / 0.912 after (each step in benchmarks/README.md).

Recency multiplies the fused score by at most 1 + RECENCY_WEIGHT (2%), halving every
RECENCY_HALF_LIFE_DAYS: it decides ties and near ties, never against clear relevance.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from familiar.memory.centring import CENTRE_WEIGHT
from familiar.memory.embedder import Embedder
from familiar.memory.kinship import rewrite
from familiar.memory.records import Filters, MemoryItem
from familiar.memory.store import MemoryStore

RRF_K = 2
TEXT_WEIGHT = 1.0
VECTOR_WEIGHT = 1.0
LEG_DEPTH = 50  # candidates each leg contributes to the fusion
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
# Suffixes folded away when judging whether an item holds a query's word; the FTS
# tokenizer's Porter stemmer does this fully, this is enough for "returns"/"return".
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "ly", "s")


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


def _ranks(hits: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """1-based (rank, place) per hit: equal scores share a rank (1, 2, 2, 4) and the mean
    of their places (1, 2.5, 2.5, 4).

    Ties stay ties, and the fusion uses the place: five identical newsletters tied first
    do not each get a first hit's share and bury the other leg's first hit.
    """
    ranks: list[tuple[int, float]] = []
    start = 0
    for n in range(1, len(hits) + 1):
        if n < len(hits) and _same(hits[n][1], hits[start][1]):
            continue
        ranks.extend([(start + 1, (start + n + 1) / 2)] * (n - start))
        start = n
    return ranks


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a))


def word_forms(word: str) -> set[str]:
    """A word lower-cased without accents, with and without one common English suffix."""
    word = "".join(
        c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c)
    )
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return {word, word[: -len(suffix)]}
    return {word}


def coverage(terms: list[str], text: str) -> float:
    """The share of the query's terms that a text holds ("addresses" holds "address")."""
    if not terms:
        return 0.0
    forms = {f for w in _WORD.findall(text) for f in word_forms(w)}
    return sum(bool(word_forms(t) & forms) for t in terms) / len(terms)


def text_weight(terms: list[str], best: MemoryItem | None) -> float:
    """The BM25 leg's weight in the fusion: the share of the query its first hit holds."""
    if best is None:
        return TEXT_WEIGHT
    return TEXT_WEIGHT * coverage(terms, f"{best.title or ''}\n{best.text}")


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
    relations = rewrite(query)  # "my father's sister" is "my aunt" (see kinship)
    terms = query_terms(" ".join([relations.text, *relations.own_words]))
    if mode in ("hybrid", "text"):
        text_hits = store.text_search(terms, filters, depth)
    if mode in ("hybrid", "vector") and embedder is not None and query.strip():
        vector = embedder.embed([relations.text])[0]
        vector_hits = store.vector_search(embedder.name, vector, filters, depth, CENTRE_WEIGHT)
    fused: dict[int, float] = {}
    text_rank: dict[int, int] = {}
    vector_rank: dict[int, int] = {}
    similarity: dict[int, float] = {}
    weight = TEXT_WEIGHT
    if text_hits and vector_hits:  # alone, a leg's order is all that counts
        weight = text_weight(terms, store.items_by_id([text_hits[0][0]]).get(text_hits[0][0]))
    for (item_id, _), (rank, place) in zip(text_hits, _ranks(text_hits), strict=True):
        fused[item_id] = fused.get(item_id, 0.0) + weight / (RRF_K + place)
        text_rank[item_id] = rank
    for (item_id, cosine), (rank, place) in zip(vector_hits, _ranks(vector_hits), strict=True):
        fused[item_id] = fused.get(item_id, 0.0) + VECTOR_WEIGHT / (RRF_K + place)
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
