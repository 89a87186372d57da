"""Building a request's context: stable prefix first, then what changes, then the chat.

Order matters for speed: the system text and the tools never change between requests,
so a local backend reuses their KV cache; the current time and other context come in a
second system message after them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from familiar.models.base import ChatModel, Message, ToolSpec
from familiar.security.labels import Label


def data_block(content: str, label: Label) -> str:
    """Delimit a tool result as data; untrusted text is marked so the model treats it so."""
    if label.trusted:
        return content
    origin = ",".join(sorted(label.sources))
    safe = content.replace("</data>", "</ data>")  # the content cannot close its own block
    return f'<data source="{origin}" trust="untrusted">\n{safe}\n</data>'


def dynamic_context(now: datetime, extra: Sequence[str] = (), location: str = "") -> str:
    """What the model should know that changes between requests.

    The clock is not in it: a small model copies it into tool arguments ("when":
    "Thursday 14:05") instead of the user's words; `current_time` tells the time.
    """
    zone = getattr(now.tzinfo, "key", None) or now.strftime("%Z")
    lines = [f"The user's time zone: {zone}."]
    if location.strip():
        lines.append(f"The user's location: {location.strip()}.")
    lines.extend(extra)
    return "\n".join(lines)


def _turns(history: Sequence[Message]) -> list[list[Message]]:
    """Group messages into turns, each starting with a user message."""
    turns: list[list[Message]] = []
    for message in history:
        if message.role == "user" or not turns:
            turns.append([])
        turns[-1].append(message)
    return turns


def fit_history(
    model: ChatModel,
    fixed: Sequence[Message],
    tools: Sequence[ToolSpec],
    history: Sequence[Message],
    reserve: int,
) -> tuple[list[Message], int]:
    """The newest whole turns of `history` that fit the context; also how many were dropped.

    `fixed` are the messages that are always sent (system text, dynamic context, the
    new request); `reserve` is kept free for the answer.
    """
    budget = model.context_size - reserve - 64  # 64: chat-template tokens we do not see
    budget -= sum(model.count_tokens(m.content) + 8 for m in fixed)
    budget -= sum(model.count_tokens(t.model_dump_json()) for t in tools)
    kept: list[list[Message]] = []
    turns = _turns(history)
    for turn in reversed(turns):
        cost = sum(
            model.count_tokens(m.content + "".join(c.model_dump_json() for c in m.tool_calls)) + 8
            for m in turn
        )
        if cost > budget:
            break
        budget -= cost
        kept.insert(0, turn)
    dropped = len(turns) - len(kept)
    return [m for turn in kept for m in turn], dropped
