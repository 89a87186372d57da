"""What memory adds to a request's context, within a token budget.

The budget is shared: PROFILE_SHARE for profile facts, TIMELINE_SHARE for recent
events, the rest (and whatever those two leave unused) for recalled items. Every
recalled item carries its citation id ("[m12]") so the answer can name its source.

Trust decides where text may go (DESIGN.md): profile facts, the timeline and the
user's own remembered notes are trusted `lines` (fit for a system message); recalled
document or mail text is untrusted and comes back separately in `data`, already
delimited as data, with its label for the run's provenance ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import reduce

from familiar.kernel.context import data_block
from familiar.memory.core import Memory
from familiar.memory.records import Fact, MemoryItem
from familiar.memory.search import Hit, query_terms
from familiar.security.labels import Label

PROFILE_SHARE = 0.25
TIMELINE_SHARE = 0.15
TIMELINE_DAYS = 7
TIMELINE_MAX = 10
RECALL_MAX = 8
MIN_SIMILARITY = 0.30  # an item found only by the vector leg must be at least this close
ITEM_CHARS = 700  # longest text shown for one recalled item

CountTokens = Callable[[str], int]


def rough_tokens(text: str) -> int:
    """About four characters a token: good enough to split a budget."""
    return len(text) // 4 + 1


@dataclass
class MemoryContext:
    """Memory's part of one request's context."""

    lines: list[str] = field(default_factory=list)  # trusted
    data: str = ""  # untrusted recalled text, delimited; "" when none
    data_label: Label | None = None
    cited: dict[str, int] = field(default_factory=dict)  # "m12" -> item id
    tokens: int = 0

    def system_text(self) -> str:
        """The trusted lines as one block."""
        return "\n".join(self.lines)


class _Budget:
    def __init__(self, tokens: int, count: CountTokens) -> None:
        self.left = tokens
        self.count = count

    def take(self, text: str) -> bool:
        cost = self.count(text) + 1
        if cost > self.left:
            return False
        self.left -= cost
        return True


def _fact_line(fact: Fact) -> str:
    cite = f" [m{fact.item_id}]" if fact.item_id else ""
    return f"- {fact.key}: {fact.value}{cite}"


def _item_line(item: MemoryItem, memory: Memory) -> str:
    when = item.created_at.astimezone(memory.tz).strftime("%Y-%m-%d")
    where = item.source
    if item.path:
        where += f": {item.path.rsplit('/', 1)[-1]}"
    text = " ".join(item.text.split())
    if len(text) > ITEM_CHARS:
        text = text[: ITEM_CHARS - 1].rstrip() + "…"
    return f"[{item.ref}] ({item.kind}, {where}, {when}) {text}"


def _relevant_first(facts: list[Fact], request: str) -> list[Fact]:
    words = set(query_terms(request))

    def order(fact: Fact) -> tuple[int, float]:
        shared = words & set(query_terms(f"{fact.key} {fact.value}"))
        return -len(shared), -fact.valid_from.timestamp()

    return sorted(facts, key=order)


def build_context(
    memory: Memory,
    request: str,
    budget_tokens: int,
    *,
    count_tokens: CountTokens = rough_tokens,
) -> MemoryContext:
    """Profile, recent timeline and recalled items for `request`, within the budget."""
    out = MemoryContext()
    total = _Budget(budget_tokens, count_tokens)

    share = _Budget(int(budget_tokens * PROFILE_SHARE), count_tokens)
    facts = _relevant_first(memory.profile(), request)
    profile = [line for line in map(_fact_line, facts) if share.take(line)]
    if profile and total.take("What you know about the user:"):
        out.lines.append("What you know about the user:")
        out.lines.extend(line for line in profile if total.take(line))
        out.cited.update({f"m{f.item_id}": f.item_id for f in facts if f.item_id})

    share = _Budget(int(budget_tokens * TIMELINE_SHARE), count_tokens)
    since = memory.clock() - timedelta(days=TIMELINE_DAYS)
    events = memory.timeline(since, TIMELINE_MAX)
    shown = {e.id for e in events}
    timeline = [line for line in (f"- {_item_line(e, memory)}" for e in events) if share.take(line)]
    if timeline and total.take("Recent events:"):
        out.lines.append("Recent events:")
        out.lines.extend(line for line in timeline if total.take(line))
        out.cited.update({e.ref: e.id for e in events})

    hits = [
        h
        for h in memory.search(request, limit=RECALL_MAX)
        if h.item.id not in shown
        and (h.text_rank is not None or (h.similarity or 0.0) >= MIN_SIMILARITY)
    ]
    trusted = [h for h in hits if h.item.trusted]
    untrusted = [h for h in hits if not h.item.trusted]
    header = "From memory (cite the [m..] ids you use):"
    if trusted and total.take(header):
        out.lines.append(header)
        for hit in trusted:
            line = f"- {_item_line(hit.item, memory)}"
            if total.take(line):
                out.lines.append(line)
                out.cited[hit.item.ref] = hit.item.id
    if untrusted:
        kept_hits: list[Hit] = []
        for hit in untrusted:
            if total.take(_item_line(hit.item, memory) + "\n"):
                kept_hits.append(hit)
        if kept_hits:
            label = reduce(Label.join, [h.item.label for h in kept_hits])
            body = "\n".join(_item_line(h.item, memory) for h in kept_hits)
            out.data = data_block(body, label)
            out.data_label = label
            out.cited.update({h.item.ref: h.item.id for h in kept_hits})
    out.tokens = budget_tokens - total.left
    return out
