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
_LEADING = re.compile(r"^(?:and then|and also|and|then|also|plus)\s+", re.IGNORECASE)
# A part that says what not to do is not a request to do it.
_NEGATED = re.compile(r"\b(?:don'?t|do not|never|no need|not)\b", re.IGNORECASE)
# The actions of `tool_lexicon.asked` that only read.
_LOOK_UP = frozenset({"look up", "search"})


def request_parts(text: str) -> list[str]:
    """The clauses of `text` that may each be a request of their own, in order."""
    parts = (_LEADING.sub("", part.strip(" ,.")) for part in _JOINS.split(text))
    return [part for part in parts if part]


@dataclass(frozen=True)
class Pending:
    """A part of a request still to do, and the offered tools that may do it."""

    part: str
    tools: tuple[Tool, ...]


def unserved_part(text: str, called: Set[str], tools: Sequence[Tool]) -> Pending | None:
    """A part of `text` that no called tool serves and an uncalled one can do, or None.

    The part must ask for something (`tool_lexicon.asked`: a verb it knows, or a
    question), not say what not to do, and name a domain of `tool_lexicon` that no
    called tool has. It goes to the uncalled tools of that domain that do what it asks:
    for a look-up, the ones that only read; for an action (create, delete, update,
    send), the ones whose name says that action. A part no tool fits is left alone:
    better one request done than a write the user did not ask for.
    """
    parts = request_parts(text)
    if len(parts) < 2:
        return None
    had = [tool_lexicon.domains(f"{t.name} {t.description}") for t in tools]
    done = frozenset().union(*(d for t, d in zip(tools, had, strict=True) if t.name in called))
    for part in parts:
        wanted, asked = tool_lexicon.domains(part), tool_lexicon.asked(part)
        if not wanted or not asked or not wanted.isdisjoint(done) or _NEGATED.search(part):
            continue
        fit = [
            t
            for t, d in zip(tools, had, strict=True)
            if t.name not in called and not wanted.isdisjoint(d)
        ]
        acting = asked - _LOOK_UP
        if acting:
            fit = [t for t in fit if not acting.isdisjoint(tool_lexicon.done(t.name))]
        else:
            fit = [t for t in fit if t.effect is Effect.READ]
        if fit:
            return Pending(part, tuple(fit))
    return None
