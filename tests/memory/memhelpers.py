"""Helpers shared by the memory tests (fixtures are in conftest.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from familiar.memory import Memory
from familiar.memory.embedder import Embedder, normalise
from familiar.memory.facts import learn_facts

LISBON = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 26, 14, 5, tzinfo=LISBON)

MakeMemory = Callable[..., Memory]
# The changes an utterance should teach, as (key, value, retract).
Expected = list[tuple[str, str, bool]]


class FakeEmbedder(Embedder):
    """A deterministic stand-in of another model: hashed bag of words, any dimension."""

    def __init__(self, name: str = "fake-words", dim: int = 32) -> None:
        self.name = name
        self.dim = dim
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                digest = hashlib.sha256(word.strip(".,!?").encode()).digest()
                rows[row, digest[0] % self.dim] += 1.0
        return normalise(rows)


def write(path: Path, text: str | bytes) -> Path:
    """Create a file (and its folders)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def simple_pdf(lines: Sequence[str]) -> bytes:
    """A one-page PDF with a real text layer (Helvetica), written by hand."""
    body = (
        "BT /F1 12 Tf 72 720 Td 14 TL "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
            for line in lines
        )
        + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def score_facts(
    labelled: Sequence[tuple[str, Expected]],
) -> tuple[float, float, list[str], list[str]]:
    """Precision, recall, wrong and missed lines of `learn_facts` on a labelled set."""
    predicted: set[tuple[int, str, str, bool]] = set()
    expected: set[tuple[int, str, str, bool]] = set()
    for n, (text, facts) in enumerate(labelled):
        expected |= {(n, k, v.casefold(), r) for k, v, r in facts}
        predicted |= {(n, c.key, c.value.casefold(), c.retract) for c in learn_facts(text)}
    hits = predicted & expected
    wrong = [
        f"{labelled[n][0]!r} -> {k}={v} retract={r}" for n, k, v, r in sorted(predicted - hits)
    ]
    missed = [f"{labelled[n][0]!r}: {k}={v} retract={r}" for n, k, v, r in sorted(expected - hits)]
    precision = len(hits) / len(predicted) if predicted else 1.0
    recall = len(hits) / len(expected)
    return precision, recall, wrong, missed
