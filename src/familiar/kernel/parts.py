"""The parts of a compound request: "remind me at 6 and add milk to the groceries note".

The 0.5B model makes one call for the first part and stops, and a tool's reply that
speaks for itself ends the run, so the second part was dropped without a word. The
agent splits the request where a new clause may start and, after such a reply, checks
whether a part belongs to a domain (tool_lexicon.py: notes, calendar, home devices...)
that no called tool has and a tool not yet called does: then the run goes on, and the
model is told what is left. A part that shares a domain with a called tool counts as
served ("remind me to email Ana" after create_reminder), so a single request with "and"
in it does not become two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass

from familiar.kernel import tool_lexicon
from familiar.kernel.tools import Tool
from familiar.security.policy import Effect

# Where a second request may begin: a joining word between clauses, a semicolon, or a
# new sentence. Also splits "call Mom and Dad"; such a part ("Dad") has no domain.
_JOINS = re.compile(
    r"\s*;\s*|(?<=[.?!])\s+|,?\s+(?:and then|and also|and|then|also|plus)\s+", re.IGNORECASE
)
# A joining word left at the start of a part ("what time is it? also remind me...").
# The actions of `tool_lexicon.asked` that only read.
_LOOK_UP = frozenset({"look up", "search"})
_LEADING = re.compile(r"^(?:and then|and also|and|then|also|plus)\s+", re.IGNORECASE)


def request_parts(text: str) -> list[str]:
    """The clauses of `text` that may each be a request of their own, in order."""
    parts = (_LEADING.sub("", part.strip(" ,.")) for part in _JOINS.split(text))
    return [part for part in parts if part]


@dataclass(frozen=True)
class Pending:
    """A part of a request still to do, and the offered tools that may do it."""

    part: str
    tools: list[Tool]


def unserved_part(text: str, called: Set[str], tools: Sequence[Tool]) -> Pending | None:
    """A part of `text` that no called tool serves and an uncalled one may: some domain
    of `tool_lexicon` is in its words, none of them is a called tool's, and an uncalled
    tool has one. Its tools are those that only read if the part looks something up
    (none if none does), those that act if not (all of them if none does), narrowed to
    the ones whose name says what the part asks (create, delete...) when any does. None
    when every part is served or none can be told."""
    parts = request_parts(text)
    if len(parts) < 2:
        return None
    had = [tool_lexicon.domains(f"{t.name} {t.description}") for t in tools]
    done = frozenset().union(*(d for t, d in zip(tools, had, strict=True) if t.name in called))
    for part in parts:
        wanted = tool_lexicon.domains(part)
        if not wanted or not wanted.isdisjoint(done):
            continue
        fit = [
            t
            for t, d in zip(tools, had, strict=True)
            if t.name not in called and not wanted.isdisjoint(d)
        ]
        asked = tool_lexicon.asked(part)
        # A question or a look-up is never answered by a write; a command is not a read.
        reading = not asked.isdisjoint(_LOOK_UP)
        fit = [t for t in fit if (t.effect is Effect.READ) == reading] or ([] if reading else fit)
        doing = [t for t in fit if not asked.isdisjoint(tool_lexicon.done(t.name))]
        if fit:
            return Pending(part, doing or fit)
    return None
