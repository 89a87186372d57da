"""Episode summaries: a few past runs condensed into one searchable memory item.

Minimal on purpose. Without a model the summary is the list of requests and how each
ended; with one, the model is asked for two or three sentences. Either way the
summary is untrusted (answers may echo documents or mail) and cites the items the
runs touched (memory ids in their answers and tool results, items they created), so
forgetting one of them removes the summary too.

`familiar chat` (on leaving) and `familiar memory summarize` take the finished runs
no episode covers yet, grouped into conversations (runs of one channel less than
CONVERSATION_GAP apart), and keep one episode for each.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from familiar.memory.core import Memory
from familiar.memory.records import MemoryItem
from familiar.models.base import ChatModel, ChatRequest, Message
from familiar.store import RecordStore, RunRecord

_PROMPT = (
    "Summarise this conversation in two or three sentences for your own memory: what the"
    " user wanted and what was done. Plain text, no preamble."
)
_MAX_LINE = 200
CONVERSATION_GAP = timedelta(minutes=30)
RUN_SCAN_LIMIT = 2000  # most recent runs looked at for conversations to summarise
_REF = re.compile(r"\bm(\d+)\b")  # a memory id as cited ("[m12]") or returned ("m12")


def _line(run: RunRecord) -> str:
    answer = " ".join((run.answer or run.error or run.status).split())
    request = " ".join(run.request.split())
    return f"- {request[:_MAX_LINE]} -> {answer[:_MAX_LINE]}"


def summarize_runs(
    memory: Memory,
    store: RecordStore,
    run_ids: Sequence[int],
    *,
    model: ChatModel | None = None,
    cites: Sequence[int] = (),
) -> MemoryItem | None:
    """Store an episode summary of these runs; None when none of them exists."""
    runs = [r for r in (store.run(i) for i in run_ids) if r is not None]
    if not runs:
        return None
    runs.sort(key=lambda r: r.started_at)
    transcript = "\n".join(_line(r) for r in runs)
    summary = transcript
    if model is not None:
        response = model.complete(
            ChatRequest(
                messages=[
                    Message(role="system", content=_PROMPT),
                    Message(role="user", content=transcript),
                ],
                max_tokens=160,
            )
        )
        summary = response.text.strip() or transcript
    return memory.add_episode(
        summary,
        started_at=runs[0].started_at,
        ended_at=runs[-1].finished_at or runs[-1].started_at,
        run_ids=[r.id for r in runs],
        cites=cites,
        trusted=False,
    )


def touched_items(memory: Memory, store: RecordStore, runs: Sequence[RunRecord]) -> list[int]:
    """Memory items these runs cited or recalled (ids in answers and tool results) or made."""
    texts = [r.answer or "" for r in runs]
    texts += [step.output or "" for r in runs for step in store.steps(r.id) if step.kind == "tool"]
    cited = {int(m) for text in texts for m in _REF.findall(text)}
    cited.update(memory.store.run_items([r.id for r in runs]))
    found = memory.store.items_by_id(sorted(cited))
    return sorted(i for i, item in found.items() if item.kind != "episode")


def conversations(runs: Sequence[RunRecord], gap: timedelta = CONVERSATION_GAP) -> list[list[int]]:
    """Run ids grouped into conversations: same channel, each less than `gap` after the last."""
    groups: list[list[RunRecord]] = []
    for run in sorted(runs, key=lambda r: (r.started_at, r.id)):
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.channel == run.channel
            and run.started_at - (last.finished_at or last.started_at) < gap
        ):
            groups[-1].append(run)
        else:
            groups.append([run])
    return [[r.id for r in group] for group in groups]


def pending_conversations(
    memory: Memory,
    store: RecordStore,
    *,
    since: datetime | None = None,
    run_ids: Sequence[int] | None = None,
) -> list[list[int]]:
    """The finished runs no episode covers yet (of `run_ids`, or recent), as conversations."""
    done = memory.store.summarised_runs()
    if run_ids is None:
        candidates = store.runs(RUN_SCAN_LIMIT)
    else:
        candidates = [r for r in (store.run(i) for i in run_ids) if r is not None]
    return conversations(
        [
            r
            for r in candidates
            if r.id not in done
            and r.status != "running"
            and (since is None or r.started_at >= since)
        ]
    )


def summarize_conversation(
    memory: Memory, store: RecordStore, run_ids: Sequence[int], *, model: ChatModel | None
) -> MemoryItem | None:
    """One episode for one conversation, citing the items its runs touched."""
    runs = [r for r in (store.run(i) for i in run_ids) if r is not None]
    cites = touched_items(memory, store, runs)
    return summarize_runs(memory, store, run_ids, model=model, cites=cites)
