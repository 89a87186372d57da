"""Rows of the store as typed records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class RunRecord(BaseModel):
    """One request and how it ended."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    channel: str
    request: str
    model: str
    status: str
    answer: str | None
    error: str | None


class StepRecord(BaseModel):
    """One model call or one tool call inside a run."""

    id: int
    run_id: int
    idx: int
    kind: str
    started_at: datetime
    seconds: float
    prompt_tokens: int | None = None
    prompt_tokens_processed: int | None = None
    completion_tokens: int | None = None
    prefill_seconds: float | None = None
    decode_seconds: float | None = None
    output: str | None = None
    tool: str | None = None
    arguments: dict[str, Any] | None = None
    labels: dict[str, Any] | None = None
    decision: str | None = None
    error: str | None = None
    offered: list[str] | None = None  # model: the tools it could call in this step


# The step fields stored as JSON.
JSON_STEP_FIELDS = ("arguments", "labels", "offered")


class Reminder(BaseModel):
    """Something to tell the user at a time."""

    id: int
    text: str
    due_at: datetime  # aware, UTC
    timezone: str
    created_at: datetime
    done_at: datetime | None
    notified_at: datetime | None
    run_id: int | None
