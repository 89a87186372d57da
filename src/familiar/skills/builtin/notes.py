"""Append to and search a folder of Markdown notes (an Obsidian-style vault)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from familiar.errors import ToolRetry
from familiar.kernel.tools import ToolContext, tool
from familiar.security.policy import Effect
from familiar.skills.base import Skill

_MAX_NOTE_BYTES = 2_000_000  # larger files are not notes
_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = {"a", "an", "the", "my", "of", "to", "in", "on", "for", "and", "or", "is", "what"}


def notes_dir(ctx: ToolContext) -> Path:
    """The configured notes folder."""
    configured = ctx.settings.notes_dir
    return Path(configured).expanduser() if configured else ctx.paths.data_dir / "notes"


def _safe_name(title: str) -> str:
    name = re.sub(r"[^\w\- ]+", "", title, flags=re.UNICODE).strip()
    if not name:
        raise ToolRetry("the note title has no letters; give a short title")
    return name[:80]


@tool(effect=Effect.WRITE, permissions=["notes.write"])
def append_note(ctx: ToolContext, title: str, text: str) -> dict[str, Any]:
    """Append text to a Markdown note, creating the note if needed.

    Args:
        title: the note's title, e.g. "Groceries"
        text: the text to add
    """
    folder = notes_dir(ctx)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_safe_name(title)}.md"
    stamp = ctx.now().strftime("%Y-%m-%d %H:%M")
    with path.open("a", encoding="utf-8") as handle:
        if path.stat().st_size == 0:
            handle.write(f"# {title.strip()}\n\n")
        handle.write(f"- {text.strip()} ({stamp})\n")
    return {"note": path.name, "appended": text.strip()}


@tool(effect=Effect.READ, trusted_output=False, permissions=["notes.read"])
def search_notes(ctx: ToolContext, query: str, limit: int = 5) -> dict[str, Any]:
    """Search the user's notes for words and return the best matching lines.

    Args:
        query: words to look for
        limit: how many matches to return
    """
    words = {w for w in _WORD.findall(query.lower()) if w not in _STOP}
    if not words:
        raise ToolRetry("the query has no words to search for")
    folder = notes_dir(ctx)
    hits: list[tuple[int, str, str]] = []
    for path in sorted(folder.rglob("*.md")) if folder.exists() else []:
        try:
            if path.stat().st_size > _MAX_NOTE_BYTES:
                continue
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # unreadable or not text: not a note
        for line in text.splitlines():
            score = len(words & set(_WORD.findall(line.lower())))
            if score:
                hits.append((score, path.name, line.strip()))
    hits.sort(key=lambda h: -h[0])
    return {"matches": [{"note": n, "line": line} for _, n, line in hits[: max(1, limit)]]}


SKILL = Skill(
    name="notes",
    description="Your Markdown notes: append and search.",
    tools=(append_note, search_notes),
)
