"""What every file driver gives sync: the files to look at, and each file parsed into entries."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

MAX_FILE_BYTES = 200 * 1024 * 1024  # an mbox can be large; beyond this a file is skipped


@dataclass(frozen=True)
class Entry:
    """One thing a file holds (an event, a card, a message), as a memory timeline item."""

    title: str
    text: str
    at: datetime  # aware: when it happens or happened
    tags: tuple[str, ...] = ()


@dataclass
class Parsed:
    """A file's entries, and the parts of it that could not be read (part, reason)."""

    entries: list[Entry] = field(default_factory=list)
    skips: list[tuple[str, str]] = field(default_factory=list)


Parser = Callable[[Path, bytes, tzinfo], Parsed]


@dataclass(frozen=True)
class Driver:
    """A kind of file source: which files it reads under its root, and how."""

    kind: str
    files: Callable[[Path], list[Path]]
    parse: Parser


def walk(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files under `root` (or `root` itself) ending in one of `suffixes`, hidden ones left out."""
    if not root.is_dir():
        return [root]
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(folder) / n
            for n in sorted(names)
            if not n.startswith(".") and n.lower().endswith(suffixes)
        )
    return found


def clip(text: str, limit: int) -> str:
    """Text cut to `limit` characters at a word boundary, marked when cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(None, 1)[0] + " …"


def entry_lines(pairs: list[tuple[str, str]]) -> str:
    """'Label: value' lines for the non-empty values."""
    return "\n".join(f"{label}: {value}" for label, value in pairs if value)


def fold(text: str) -> str:
    """Lowercase without accents, for matching 'Goncalves' to 'Gonçalves'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def iter_nonempty(values: list[str]) -> Iterator[str]:
    """The stripped, non-empty strings among `values`."""
    for value in values:
        if value and value.strip():
            yield value.strip()
