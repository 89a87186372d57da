"""Episode summaries: a few past runs condensed into one searchable memory item.

Minimal on purpose. Without a model the summary is the list of requests and how each
ended; with one, the model is asked for two or three sentences. Either way the
summary is untrusted (answers may echo documents or mail) and cites the items the
runs touched, so forgetting one of them removes the summary too.
"""

from __future__ import annotations

from collections.abc import Sequence

from familiar.memory.core import Memory
from familiar.memory.records import MemoryItem
from familiar.models.base import ChatModel, ChatRequest, Message
from familiar.store import RecordStore, RunRecord

_PROMPT = (
    "Summarise this conversation in two or three sentences for your own memory: what the"
    " user wanted and what was done. Plain text, no preamble."
)
_MAX_LINE = 200


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
