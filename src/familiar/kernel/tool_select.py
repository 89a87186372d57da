"""Which tools a request's prompt offers when more are enabled than fit a small model.

Up to `max_prompt_tools` enabled tools are all offered, in their fixed order: the whole
tool list is part of the cached prompt prefix. Beyond that, a request is offered the
core tools (always the same, first, so the prefix cache still covers the system text
and them) and then the `selected_tools` tools whose name and description are closest
in meaning to the request (MiniLM), with a bonus for the request's words in a tool's
name, its word pairs in a tool's name or description, and the domains (calendar, mail,
...) and actions (look up, create, ...) of `tool_lexicon` they share, most relevant
first. Tools not offered never reach the model and cannot be called.

A core tool is in the prompt for every request (it is part of the cached prefix) but
can be called only when it ranks among the `CORE_RANKS * selected_tools` most relevant
of all enabled tools. Measured on the 300-tool benchmark with the 0.5B model: a core
tool shown in full beside five selected tools shown in brief took 10 of 24 wrong calls
("make a new Notion page" became create_reminder); the core tool a request needed
ranked 1st, 2nd or 6th (10 requests).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import re
from collections.abc import Collection, Sequence, Set
from dataclasses import dataclass
from typing import Any

import numpy as np

from familiar.kernel import tool_lexicon
from familiar.kernel.tools import Tool
from familiar.memory.embedder import Embedder

# Weight of a request word found in a tool's name ("gmail", "wikipedia", "linear"), next
# to the cosine similarity. Measured on benchmarks/toolsets.py (123 labelled requests,
# 300 tools; ten variants tried on that same set): recall@5 0.919 with the cosine of
# name + description alone, 0.967 with the arguments embedded too, the tools' mean
# vector removed and this name match at 0.2 (0.1 and 0.3 did worse).
NAME_WEIGHT = 0.2
CORE_RANKS = 2
# Weight, next to the name words, of a pair of adjacent request words found as a pair in
# a tool's name or description: a provider said in two words ("google calendar", "weather
# service", "linear issues") that the name alone does not spell. Chosen on the same 123
# requests (0.25, 0.5 and 1.0 tried; each gives 0.967 at 300 tools, one request more
# than without); checked on the held-out set in benchmarks/toolsets_held.py.
PHRASE_WEIGHT = 0.5
# Bonus for a domain of `tool_lexicon` (calendar, mail, home devices, ...) that the
# request's words and the tool's name or description share, IDF-weighted like the names.
DOMAIN_WEIGHT = 0.1
# Bonus for an action (look up, search, create, delete, update, send) that the request
# asks for and the tool's name says it does, among the tools a word of the request already
# ties to it (its name, a word pair, a domain): it picks among a service's tools ("is the
# door locked?" reads a state, it does not lock). Given to every tool, a question's
# look-up would lift every get/list/search tool over the calculator and the converters.
ACTION_WEIGHT = 0.05
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    _WORD.findall(
        "a an the to of in on for my me i is it at and or with from by this that what whats "
        "be do does did any some how much many are you your there up about can get show find"
    )
)
# Addresses say what kind of thing a request is about, not through their words
# ("~/notes/todo.txt" is a file, not notes): each is read as that kind's name. Chosen on
# the 123 requests: recall@5 at 300 tools 0.967 -> 0.976, top-1 0.740 -> 0.764.
_ADDRESSES = (
    (re.compile(r"https?://\S+|www\.\S+"), "URL"),
    (re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"), "email address"),
    (
        re.compile(
            r"(?<![\w/])(?:~|\.{1,2})?/[\w.\-/~*]+"
            r"|\b[\w\-]+\.(?:txt|md|pdf|csv|json|ya?ml|toml|log|py|docx?|xlsx?|png|jpe?g"
            r"|mp4|zip|tex|env|sh|ini|conf|cfg)\b"
        ),
        "file",
    ),
)
# What a request asks a tool to carry rather than which tool: quoted text, and what
# follows ": " ("file an issue: the signup button does nothing").
_QUOTED = re.compile(r"(?<![A-Za-z])'[^']+'(?![A-Za-z])|\"[^\"]*\"|“[^”]*”")

# Where one sentence of a request ends and the next begins.
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def _stem(word: str) -> str:
    for suffix in ("ing", "es", "s", "ed"):
        if len(word) > 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _tokens(text: str) -> list[str | None]:
    """Lower-case words, crudely stemmed ("emails" and "email" match); None for stop words."""
    return [None if w in _STOP else _stem(w) for w in _WORD.findall(text.lower())]


def _words(text: str) -> set[str]:
    """The content words of `text`."""
    return {w for w in _tokens(text) if w is not None}


def _pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent content words of `text` (a stop word between two breaks the pair)."""
    tokens = _tokens(text)
    return {(a, b) for a, b in itertools.pairwise(tokens) if a and b}


def plain_addresses(text: str) -> str:
    """`text` with each URL, email address and file path replaced by what it is."""
    for pattern, kind in _ADDRESSES:
        text = pattern.sub(kind, text)
    return text


def without_payload(text: str) -> str:
    """`text` without what it asks a tool to carry (quoted text, what follows ": ")."""
    kept = _QUOTED.sub(" ", text)
    kept = kept.split(": ", 1)[0]
    return " ".join(kept.split())


def request_views(text: str) -> list[str]:
    """What is embedded for a request: itself; without its payload, if it has one; and,
    if it has several, each sentence ("where's the lease? it's on my drive")."""
    views = [text]
    bare = without_payload(text)
    if _words(bare) and bare != " ".join(text.split()):
        views.append(bare)
    sentences = [s for s in _SENTENCE_END.split(bare) if _words(s)]
    if len(sentences) > 1:
        views += sentences
    return views


@functools.lru_cache(maxsize=4096)
def tool_text(tool: Tool) -> str:
    """What is embedded for a tool: its name as words, its description, its arguments."""
    props = tool.spec().parameters.get("properties", {})
    args = ", ".join(f"{k} ({v.get('description', '')})" for k, v in props.items())
    return f"{tool.name.replace('_', ' ')}: {tool.description} Arguments: {args}"


@dataclass(frozen=True)
class _Prepared:
    """What ranking needs about one tool set, computed once per set."""

    vectors: np.ndarray  # centred, unit length
    names: list[set[str]]  # each tool's name words
    idf: dict[str, float]  # over names and descriptions
    pairs: list[set[tuple[str, str]]]  # adjacent word pairs of each name and description
    pair_idf: dict[tuple[str, str], float]
    domains: list[frozenset[str]]  # each tool's domains (`tool_lexicon`)
    domain_idf: dict[str, float]
    actions: list[frozenset[str]]  # what each tool does, by its name (`tool_lexicon`)
    action_idf: dict[str, float]


def _idf(sets: Sequence[Collection[Any]]) -> dict[Any, float]:
    counts: dict[Any, int] = {}
    for items in sets:
        for item in items:
            counts[item] = counts.get(item, 0) + 1
    return {item: math.log(len(sets) / c) for item, c in counts.items()}


def _matches(asked: Collection[Any], have: Sequence[Set[Any]], idf: dict[Any, float]) -> np.ndarray:
    """Per tool, the IDF-weighted items of `asked` it has, scaled so the best is 1."""
    wanted = frozenset(asked)
    match = np.array([sum(idf[x] for x in have_one & wanted) for have_one in have])
    top = float(match.max())
    return match / top if top > 0 else match


def _sharing(asked: Collection[Any], have: Sequence[Set[Any]]) -> np.ndarray:
    """Per tool, whether it has any item of `asked`."""
    wanted = frozenset(asked)
    return np.array([not wanted.isdisjoint(have_one) for have_one in have], dtype=bool)


class ToolIndex:
    """Tool embeddings, computed once per definition (keyed by its hash), and ranking."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}
        self._prepared: tuple[tuple[str, ...], _Prepared] | None = None

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def vectors(self, tools: Sequence[Tool]) -> np.ndarray:
        """One unit vector per tool, in order (only unseen definitions are embedded)."""
        texts = [tool_text(t) for t in tools]
        missing = list(dict.fromkeys(t for t in texts if self._key(t) not in self._vectors))
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing), strict=True):
                self._vectors[self._key(text)] = vector
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([self._vectors[self._key(t)] for t in texts])

    def _prepare(self, tools: Sequence[Tool]) -> _Prepared:
        key = tuple(tool_text(t) for t in tools)
        if self._prepared is not None and self._prepared[0] == key:
            return self._prepared[1]
        vectors = self.vectors(tools)
        if len(tools) > 1:
            # Tool descriptions share a "this is a tool" direction; without it the
            # cosine spreads better between near-duplicates.
            vectors = vectors - vectors.mean(axis=0)
            vectors /= np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
        names = [_words(t.name.replace("_", " ")) for t in tools]
        idf = _idf([name | _words(t.description) for t, name in zip(tools, names, strict=True)])
        pairs = [_pairs(t.name.replace("_", " ")) | _pairs(t.description) for t in tools]
        domains = [tool_lexicon.domains(f"{t.name} {t.description}") for t in tools]
        actions = [tool_lexicon.done(t.name) for t in tools]
        prepared = _Prepared(
            vectors, names, idf, pairs, _idf(pairs), domains, _idf(domains), actions, _idf(actions)
        )
        self._prepared = (key, prepared)
        return prepared

    def _meaning(self, text: str) -> np.ndarray:
        """The request's vector: the mean of its own, its without the payload and, when it
        has several sentences, each sentence's (embedded in one call)."""
        vectors = self.embedder.embed(request_views(text))
        mean: np.ndarray = vectors.mean(axis=0)
        return mean / max(float(np.linalg.norm(mean)), 1e-12)

    def scores(self, text: str, tools: Sequence[Tool]) -> np.ndarray:
        """How relevant each tool is to `text`: meaning, plus its words in the tool's name,
        its word pairs in the tool's name or description, and the domains and actions of
        `tool_lexicon` they share."""
        if not tools:
            return np.zeros(0, dtype=np.float32)
        prepared = self._prepare(tools)
        text = plain_addresses(text)
        meaning: np.ndarray = prepared.vectors @ self._meaning(text)
        named = _matches(_words(text), prepared.names, prepared.idf)
        paired = _matches(_pairs(text), prepared.pairs, prepared.pair_idf)
        bare = without_payload(text)
        domains = tool_lexicon.domains(bare)
        domain = _matches(domains, prepared.domains, prepared.domain_idf)
        action = _matches(tool_lexicon.asked(bare), prepared.actions, prepared.action_idf)
        linked = _sharing(domains, prepared.domains) | (named > 0) | (paired > 0)
        lexical = NAME_WEIGHT * (named + PHRASE_WEIGHT * paired) + DOMAIN_WEIGHT * domain
        return meaning + lexical + ACTION_WEIGHT * np.where(linked, action, 0.0)

    def ranked(self, text: str, tools: Sequence[Tool]) -> list[Tool]:
        """`tools`, most relevant to `text` first (ties keep the enabled order)."""
        order = np.argsort(-self.scores(text, tools), kind="stable")
        return [tools[int(i)] for i in order]


@dataclass(frozen=True)
class Offer:
    """The tools one request's prompt offers; the first `stable` never change."""

    tools: list[Tool]
    stable: int
    selected: bool  # False: every enabled tool is offered
    # The offered tools the model may call; None: all of them.
    callable_names: frozenset[str] | None = None

    @property
    def callable(self) -> list[Tool]:
        """The offered tools that may be called for this request."""
        if self.callable_names is None:
            return list(self.tools)
        return [t for t in self.tools if t.name in self.callable_names]


class ToolSelector:
    """Decides the offered tools for each request (see the module docstring)."""

    def __init__(
        self,
        index: ToolIndex,
        *,
        core: Collection[str] = (),
        max_tools: int = 15,
        select: int = 5,
    ) -> None:
        self.index = index
        self.core = frozenset(core)
        self.max_tools = max_tools
        self.select = select

    def offer(self, text: str, tools: Sequence[Tool]) -> Offer:
        """Core tools first in enabled order, then the selected ones, most relevant first."""
        if len(tools) <= self.max_tools:
            return Offer(list(tools), len(tools), selected=False)
        core = [t for t in tools if t.name in self.core]
        if not text.strip():
            return Offer(core, len(core), selected=True)
        ranked = self.index.ranked(text, tools)
        # Always `select` of the others, even when the core alone is near the limit (every
        # built-in skill enabled): otherwise third-party tools could never be reached.
        picked = [t for t in ranked if t.name not in self.core][: self.select]
        relevant = {t.name for t in ranked[: CORE_RANKS * self.select]}
        callable_names = frozenset({t.name for t in core if t.name in relevant})
        return Offer(
            core + picked,
            len(core),
            selected=True,
            callable_names=callable_names | {t.name for t in picked},
        )
