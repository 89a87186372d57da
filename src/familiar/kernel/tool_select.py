"""Which tools a request's prompt offers when more are enabled than fit a small model.

Up to `max_prompt_tools` enabled tools are all offered, in their fixed order: the whole
tool list is part of the cached prompt prefix. Beyond that, a request is offered the
core tools (always the same, first, so the prefix cache still covers the system text
and them) and then the `selected_tools` tools whose name and description are closest
in meaning to the request (MiniLM), in their enabled order so that two requests that
select the same tools render the same prompt. Tools not offered never reach the model
and cannot be called.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from familiar.kernel.tools import Tool
from familiar.memory.embedder import Embedder

# Weight of a request word found in a tool's name ("gmail", "wikipedia", "linear"), next
# to the cosine similarity. Measured on benchmarks/toolsets.py (123 labelled requests,
# 300 tools; ten variants tried on that same set): recall@5 0.919 with the cosine of
# name + description alone, 0.967 with the arguments embedded too, the tools' mean
# vector removed and this name match at 0.2 (0.1 and 0.3 did worse).
NAME_WEIGHT = 0.2
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    _WORD.findall(
        "a an the to of in on for my me i is it at and or with from by this that what whats "
        "be do does did any some how much many are you your there up about can get show find"
    )
)


def _words(text: str) -> set[str]:
    """Lower-case content words, crudely stemmed ("emails" and "email" match)."""
    out = set()
    for word in _WORD.findall(text.lower()):
        if word in _STOP:
            continue
        for suffix in ("ing", "es", "s", "ed"):
            if len(word) > 4 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        out.add(word)
    return out


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
        counts: dict[str, int] = {}
        for tool, name in zip(tools, names, strict=True):
            for word in name | _words(tool.description):
                counts[word] = counts.get(word, 0) + 1
        idf = {w: math.log(len(tools) / c) for w, c in counts.items()}
        prepared = _Prepared(vectors, names, idf)
        self._prepared = (key, prepared)
        return prepared

    def scores(self, text: str, tools: Sequence[Tool]) -> np.ndarray:
        """How relevant each tool is to `text`: meaning, plus words of the tool's name."""
        if not tools:
            return np.zeros(0, dtype=np.float32)
        prepared = self._prepare(tools)
        meaning: np.ndarray = prepared.vectors @ self.embedder.embed([text])[0]
        # IDF-weighted request words found in each tool's name, scaled to at most 1.
        asked = _words(text)
        match = np.array(
            [sum(prepared.idf[w] for w in asked & name) for name in prepared.names],
            dtype=np.float32,
        )
        top = float(match.max())
        if top > 0:
            meaning = meaning + NAME_WEIGHT * match / top
        return meaning

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
        """Core tools first, then the selected ones, both in enabled order."""
        if len(tools) <= self.max_tools:
            return Offer(list(tools), len(tools), selected=False)
        core = [t for t in tools if t.name in self.core]
        rest = [t for t in tools if t.name not in self.core]
        # Always `select` of them, even when the core alone is near the limit (every
        # built-in skill enabled): otherwise third-party tools could never be reached.
        ranked = self.index.ranked(text, rest) if text.strip() else []
        chosen = {t.name for t in ranked[: self.select]}
        picked = [t for t in rest if t.name in chosen]
        return Offer(core + picked, len(core), selected=True)
