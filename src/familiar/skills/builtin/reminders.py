"""Reminders and to-dos, kept in the store; times resolved by code, not by the model."""

from __future__ import annotations

from typing import Any

from familiar.errors import ToolRetry
from familiar.kernel.tools import ToolContext, tool
from familiar.security.policy import Effect
from familiar.skills.base import Skill
from familiar.store import Reminder
from familiar.timewords import resolve_when


def describe(reminder: Reminder, ctx: ToolContext) -> dict[str, Any]:
    """A reminder as the model and the user see it, in the user's zone."""
    due = reminder.due_at.astimezone(ctx.tz)
    return {
        "id": reminder.id,
        "text": reminder.text,
        "due": due.strftime("%a %Y-%m-%d %H:%M"),
        "done": reminder.done_at is not None,
    }


@tool(effect=Effect.WRITE, permissions=["reminders.write"])
def create_reminder(ctx: ToolContext, text: str, when: str) -> dict[str, Any]:
    """Create a reminder or to-do for the user.

    Args:
        text: what to remind the user of, e.g. "call Mom"
        when: the user's own time words, unchanged, e.g. "tomorrow at 6pm"
    """
    text = text.strip()
    if not text:
        raise ToolRetry("the reminder text is empty; say what to remind the user of")
    due = resolve_when(when, ctx.clock(), ctx.tz)
    zone = str(getattr(ctx.tz, "key", ctx.tz))
    reminder = ctx.store.add_reminder(text, due, zone, ctx.clock(), ctx.run_id)
    return {"created": describe(reminder, ctx)}


@tool(effect=Effect.READ, permissions=["reminders.read"])
def list_reminders(ctx: ToolContext, include_done: bool = False) -> dict[str, Any]:
    """List the user's reminders and to-dos, soonest first.

    Args:
        include_done: also list the ones already completed
    """
    items = [describe(r, ctx) for r in ctx.store.reminders(include_done=include_done)]
    return {"reminders": items, "now": ctx.now().strftime("%a %Y-%m-%d %H:%M")}


@tool(effect=Effect.WRITE, permissions=["reminders.write"])
def complete_reminder(ctx: ToolContext, reminder_id: int) -> dict[str, Any]:
    """Mark a reminder or to-do as done.

    Args:
        reminder_id: the id shown by list_reminders
    """
    if not ctx.store.complete_reminder(reminder_id, ctx.clock()):
        raise ToolRetry(f"there is no open reminder {reminder_id}; call list_reminders first")
    return {"completed": reminder_id}


SKILL = Skill(
    name="reminders",
    description="Reminders and to-dos with times in your own words.",
    tools=(create_reminder, list_reminders, complete_reminder),
)
