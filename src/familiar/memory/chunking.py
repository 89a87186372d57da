"""Splitting a document's sections into chunks the embedder can take whole.

all-MiniLM-L6-v2 reads at most 256 word pieces (about 1,000 characters of English);
chunks aim at `TARGET_CHARS` and never exceed `MAX_CHARS`, break at paragraphs, then
sentences, then spaces, and keep the heading they fall under as their title. Short
sections are packed together so a note with many small headings is not a swarm of
tiny chunks; a heading met inside a chunk stays in its text. A chunk's title is the
document's title, then the path of headings it falls under.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from familiar.memory.parsers import HEADING_SEPARATOR, Section
from familiar.memory.records import NewChunk

TARGET_CHARS = 800
MAX_CHARS = 1200
MIN_CHARS = 200  # a chunk at least this long may end where a new heading starts
_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def _pieces(text: str, limit: int) -> Iterator[str]:
    """Paragraphs, with any longer than `limit` cut at sentences, then at spaces."""
    for paragraph in _PARAGRAPH.split(text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if len(paragraph) <= limit:
            yield paragraph
            continue
        for sentence in _SENTENCE.split(paragraph):
            while len(sentence) > limit:
                cut = sentence.rfind(" ", 0, limit)
                cut = cut if cut > limit // 2 else limit
                yield sentence[:cut].strip()
                sentence = sentence[cut:].strip()
            if sentence:
                yield sentence


def _blocks(sections: Iterable[Section]) -> Iterator[tuple[str, str, bool]]:
    """(heading, piece, first piece of its section) for every piece of every section."""
    for section in sections:
        for n, piece in enumerate(_pieces(section.text, MAX_CHARS)):
            yield section.heading, piece, n == 0


def _title(document: str, heading: str) -> str:
    """The document's title, then the heading path unless it starts with that title."""
    if not heading or heading == document:
        return document
    if not document or heading.split(HEADING_SEPARATOR, 1)[0] == document:
        return heading
    return f"{document}{HEADING_SEPARATOR}{heading}"


def chunk_sections(sections: Sequence[Section], title: str) -> list[NewChunk]:
    """Pack the sections' pieces into chunks of about TARGET_CHARS characters."""
    chunks: list[NewChunk] = []
    parts: list[str] = []
    chunk_heading = ""
    size = 0

    def flush() -> None:
        nonlocal parts, size
        if parts:
            chunks.append(NewChunk("\n\n".join(parts), _title(title, chunk_heading)))
        parts, size = [], 0

    for heading, piece, starts_section in _blocks(sections):
        new_heading = starts_section and bool(parts) and heading != chunk_heading
        text = (
            f"{heading.rsplit(HEADING_SEPARATOR, 1)[-1]}\n{piece}"
            if new_heading and heading
            else piece
        )
        too_big = size + len(text) + 2 > TARGET_CHARS and size > 0
        if too_big or (new_heading and size >= MIN_CHARS) or size + len(text) > MAX_CHARS:
            flush()
            text = piece
        if not parts:
            chunk_heading = heading
        parts.append(text)
        size += len(text) + 2
    flush()
    return chunks
