"""Append to a folder of Markdown notes (an Obsidian-style vault); memory searches it."""

from __future__ import annotations

import re
from pathlib import Path

from familiar.errors import ToolRetry
from familiar.kernel.tools import Reply, ToolContext, tool
from familiar.memory.ingest import Ingestor, IngestReport
from familiar.security.policy import Effect
from familiar.skills.base import Skill


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
def append_note(ctx: ToolContext, title: str, text: str) -> Reply:
    """Append text to a note, as in "add <text> to my <title> note", "note that <text>".

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
    if ctx.memory is not None:  # so recall finds it at once
        Ingestor(ctx.memory.store, ctx.clock, ctx.tz).file(path, "notes", IngestReport())
    return Reply({"note": path.name, "appended": text.strip()}, f"Added to {path.stem}: {text}")


SKILL = Skill(
    name="notes",
    description="Your Markdown notes: append (memory's recall searches them).",
    tools=(append_note,),
)
