"""Long-term memory for the model: recall, remember, update the profile, forget.

Provenance is kept honest:
- `recall` returns ingested documents and mail next to the user's own notes, so its
  output is untrusted as a whole; each result also says its own trust and source.
- `remember` and `update_profile` take the model's arguments, which may come from
  something it read. Only text the user typed in this run's request counts as the
  user's: anything else is kept as an untrusted note (and teaches no profile fact),
  or refused for the profile.
- `forget` deletes, so it is an external effect: the user confirms it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from familiar.errors import ToolRetry
from familiar.kernel.tools import Reply, ToolContext, tool
from familiar.memory import Filters, Memory, NewItem, open_memory
from familiar.memory.timerange import parse_moment
from familiar.security.policy import Effect
from familiar.skills.base import Skill

LOCAL_ONLY = "local-only"  # a tag: the item is shown only to familiar's own local model
_TEXT_CHARS = 600  # per recalled item; the dispatcher caps the whole result too


@contextmanager
def _memory(ctx: ToolContext) -> Iterator[Memory]:
    """The app's Memory when the context carries one, else one opened for this call."""
    shared = getattr(ctx, "memory", None)
    if isinstance(shared, Memory):
        yield shared
        return
    memory = open_memory(ctx.store, ctx.paths, ctx.settings, ctx.clock, ctx.tz)
    try:
        yield memory
    finally:
        memory.close()


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _user_said(ctx: ToolContext, text: str) -> bool:
    """True when `text` is part of what the user typed in this run's request."""
    if ctx.run_id is None:
        return False
    run = ctx.store.run(ctx.run_id)
    return run is not None and _norm(text).strip(" .!") in _norm(run.request)


def _item_id(ref: str) -> int:
    value = ref.strip().lower().removeprefix("[").removesuffix("]").removeprefix("m")
    if not value.isdigit():
        raise ToolRetry(f"{ref!r} is not a memory id; use an id from recall, e.g. 'm12'")
    return int(value)


@tool(effect=Effect.READ, trusted_output=False, permissions=["memory.read"])
def recall(
    ctx: ToolContext, query: str, limit: int = 5, source: str = "", since: str = ""
) -> dict[str, Any]:
    """Search the user's memory, notes, documents and past events,
    as in "when does my passport expire?", "what did I write about <topic>?".

    Args:
        query: what to look for, in words
        limit: how many results, 1 to 10
        source: only items from this source, e.g. "user" (what the user told you) or "notes"
        since: only items from this time on, e.g. "2025-01-01" or "last month"
    """
    if not query.strip():
        raise ToolRetry("the query is empty; say what to look for")
    start = parse_moment(since, ctx.now(), ctx.tz) if since.strip() else None
    filters = Filters(
        sources=(source.strip(),) if source.strip() else (),
        since=start,
        # Items the user tagged local-only never leave familiar (e.g. to an MCP client).
        exclude_tags=() if ctx.reader == "local_model" else (LOCAL_ONLY,),
    )
    with _memory(ctx) as memory:
        hits = memory.search(query, filters=filters, limit=max(1, min(limit, 10)))
    return {
        "results": [
            {
                "id": hit.item.ref,
                "kind": hit.item.kind,
                "source": hit.item.source,
                "date": hit.item.created_at.astimezone(ctx.tz).strftime("%Y-%m-%d"),
                "title": hit.item.title,
                "text": hit.item.text[:_TEXT_CHARS],
                "trust": hit.item.label.describe(),
            }
            for hit in hits
        ],
        "cite": "name the ids you use, e.g. [m12]",
    }


@tool(effect=Effect.WRITE, permissions=["memory.write"])
def remember(ctx: ToolContext, text: str) -> Reply:
    """Remember something the user asked you to keep, as in "remember that <fact>".

    Args:
        text: what to remember, as the user said it, e.g. "my passport expires in March 2029"
    """
    if not text.strip():
        raise ToolRetry("nothing to remember; pass the user's words")
    with _memory(ctx) as memory:
        if _user_said(ctx, text):
            done = memory.remember(text, run_id=ctx.run_id)
            learned = {f.key: f.value for f in done.facts if f.valid_to is None}
            say = f"I'll remember that [{done.item.ref}]."
            if learned:
                say += " Profile: " + "; ".join(f"{k}: {v}" for k, v in learned.items()) + "."
            return Reply({"remembered": done.item.ref, "learned": learned}, say)
        # Not the user's words: keep it, but as what it is (the model's, untrusted).
        item = memory.store.add_item(
            NewItem(
                kind="note",
                source="assistant",
                text=text.strip(),
                created_at=ctx.clock(),
                trusted=False,
                run_id=ctx.run_id,
            ),
            ctx.clock(),
        )
    return Reply(
        {"remembered": item.ref, "note": "kept as an unverified note (not the user's words)"},
        f"Noted [{item.ref}] (marked as not in your own words).",
    )


@tool(effect=Effect.WRITE, permissions=["memory.write"])
def update_profile(ctx: ToolContext, key: str, value: str) -> Reply:
    """Set a durable fact about the user that the user just stated (the old value is kept).

    Args:
        key: what the fact is about, e.g. "home city" or "diet"
        value: the new value, as the user said it, e.g. "Berlin"
    """
    if not _user_said(ctx, value):
        raise ToolRetry("only a value the user stated in this request can go into the profile")
    with _memory(ctx) as memory:
        fact = memory.set_fact(key, value, source="tool")
    if fact is None:
        return Reply({"unchanged": {key: value}}, f"I already had {key}: {value}.")
    return Reply({"profile": {fact.key: fact.value}}, f"Updated: {fact.key} is {fact.value}.")


@tool(effect=Effect.EXTERNAL, permissions=["memory.forget"])
def forget(ctx: ToolContext, item_id: str) -> Reply:
    """Forget a memory item everywhere (search, profile facts learned from it, summaries).

    Args:
        item_id: the id from recall, e.g. "m12"
    """
    with _memory(ctx) as memory:
        done = memory.forget(_item_id(item_id))
    if done is None:
        raise ToolRetry(f"there is no memory item {item_id}; call recall to find its id")
    forgotten = [f"m{i}" for i in done.items]
    return Reply(
        {"forgotten": forgotten, "profile_facts_removed": done.facts},
        f"Forgotten: {', '.join(forgotten)}.",
    )


SKILL = Skill(
    name="memory",
    description="Your long-term memory: recall, remember, update your profile, forget.",
    tools=(recall, remember, update_profile, forget),
)
