"""Whether a request needs a tool, judged by meaning rather than by the model's mood.

A 0.5B model sometimes answers "what reminders do I have?" from thin air. When the
request is close in meaning to an enabled tool's description, the first step must call
a tool (the model still chooses which, under the grammar). Below the threshold the
model decides alone, so small talk and general questions stay text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from familiar.kernel.tools import Tool
from familiar.memory.embedder import Embedder

# MiniLM cosine similarity between a request and the closest tool description.
# Measured on 24 labelled requests (benchmarks/kernel.py's and 14 more): every
# no-tool request scored <= 0.27, 16 of 18 tool requests >= 0.33.
THRESHOLD = 0.30


class ToolGate:
    """Says when the first step of a run must be a tool call."""

    def __init__(self, embedder: Embedder, threshold: float = THRESHOLD) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self._described: dict[str, np.ndarray] = {}

    def _vectors(self, tools: Sequence[Tool]) -> np.ndarray:
        missing = [t.description for t in tools if t.description not in self._described]
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing), strict=True):
                self._described[text] = vector
        return np.stack([self._described[t.description] for t in tools])

    def closest(self, text: str, tools: Sequence[Tool]) -> tuple[Tool, float] | None:
        """The tool whose description is closest to `text`, and how close."""
        if not tools or not text.strip():
            return None
        scores = self._vectors(tools) @ self.embedder.embed([text])[0]
        best = int(np.argmax(scores))
        return tools[best], float(scores[best])

    def needs_tool(self, text: str, tools: Sequence[Tool]) -> bool:
        """True when `text` is close enough to some tool that the model must call one."""
        found = self.closest(text, tools)
        return found is not None and found[1] >= self.threshold
