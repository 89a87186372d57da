"""Small-to-big retrieval: sentence-sized windows of an item, each with its own vector.

all-MiniLM-L6-v2 was trained on sentence pairs and reads at most 256 word pieces. One
vector for a whole mail or an 800-character chunk averages every line of it, so the
line that answers a question ("Amount: EUR 62.64", "Hotel Larkspur, 3 nights") is
diluted by the rest, and what lies past the 256th word piece is not read at all.

So an item's text (as the embedder reads it, see embedtext) is also cut into windows
of about `WINDOW_CHARS` characters at sentence and line ends, each prefixed with the
item's first line (its title) so it keeps its context. The store keeps them as extra
vector rows of the item (part 1, 2, ...; part 0 is the whole item), the vector index
holds them all, and the vector leg scores an item by `pooled`: the mean of the whole
item's cosine and its best row's. The best window alone lets long items with many
windows crowd out short ones; the mean keeps the whole item's say.

Measured on the synthetic person (`python -m benchmarks.retrieval`; 1,655 items get
1,050 windows), recall@5 on the 68 written questions, all / tune / held: vector
0.750 / 0.618 / 0.882 -> 0.779 / 0.647 / 0.912, hybrid 0.750 / 0.647 / 0.853 ->
0.794 / 0.676 / 0.912; the manifest's 517 questions, hybrid 0.983 before and after.
Chosen on "tune": the best window alone 0.647 (hybrid), windows of 150 / 200 / 300 /
400 characters 0.559 / 0.647 / 0.676 / 0.647 (see benchmarks/README.md).
"""

from __future__ import annotations

import re

import numpy as np

WINDOW_CHARS = 250
MAX_WINDOWS = 32  # past ~8,000 characters an item's later text goes unembedded
_BREAK = re.compile(r"(?<=[.!?…])\s+|\s*\n\s*")


def windows(text: str) -> list[str]:
    """The windows of an item's embedding text; none when the text is one window long.

    The first line is the head (a title, "Mail: subject", "Contact: name"): it starts
    every window and is not a window itself.
    """
    head, _, body = text.strip().partition("\n")
    pieces = [p for p in _BREAK.split(body) if p.strip()]
    found: list[str] = []
    current = ""
    for piece in pieces:
        piece = piece.strip()
        if current and len(current) + 1 + len(piece) > WINDOW_CHARS:
            found.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    if current:
        found.append(current)
    if len(found) <= 1:
        return []
    return [f"{head}\n{w}" for w in found[:MAX_WINDOWS]]


def pooled(whole: np.ndarray, best: np.ndarray) -> np.ndarray:
    """Items' scores from their whole vectors' cosines and their best rows' (whole included)."""
    return np.asarray(0.5 * (whole + np.maximum(whole, best)))
