"""Reminders and to-dos, kept in the store; times resolved by code, not by the model."""

from __future__ import annotations

import re
from typing import Any

from familiar.errors import AskUser, ToolRetry
from familiar.kernel.tools import Reply, ToolContext, tool
from familiar.security.policy import Effect
from familiar.skills.base import Skill
from familiar.store import Reminder
from familiar.timewords import resolve_when, users_time_words, users_words_in


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
def create_reminder(ctx: ToolContext, text: str, when: str) -> Reply:
    """Create a reminder or to-do, as in "remind me to <task> <time>".

    Args:
        text: what to remind the user of, e.g. "call Mom"
        when: the user's own time words, unchanged, e.g. "tomorrow at 6pm"
    """
    text = text.strip()
    if not text:
        raise ToolRetry("the reminder text is empty; say what to remind the user of")
    try:
        when = users_time_words(when, ctx.request_text, ctx.now())
    except AskUser as exc:
        what = users_words_in(text, ctx.request_text)
        question = f"When should I remind you to {what}?" if what else "When should it be?"
        raise AskUser(str(exc), question, retry_first=exc.retry_first) from None
    due = resolve_when(when, ctx.clock(), ctx.tz)
    # "water the plants on friday": the time words belong in `due`, not in the text
    text = re.sub(re.escape(when), "", text, flags=re.IGNORECASE).strip(" ,.") or text
    zone = str(getattr(ctx.tz, "key", ctx.tz))
    reminder = ctx.store.add_reminder(text, due, zone, ctx.clock(), ctx.run_id)
    shown = describe(reminder, ctx)
    return Reply({"created": shown}, f"Reminder set: {text}, {shown['due']}.")


@tool(effect=Effect.READ, permissions=["reminders.read"])
def list_reminders(ctx: ToolContext, include_done: bool = False) -> Reply:
    """List the user's reminders and to-dos,
    as in "what reminders do I have?", "anything to do <day>?".

    Args:
        include_done: also list the ones already completed
    """
    items = [describe(r, ctx) for r in ctx.store.reminders(include_done=include_done)]
    data = {"reminders": items, "now": ctx.now().strftime("%a %Y-%m-%d %H:%M")}
    if not items:
        return Reply(data, "You have no reminders.")
    lines = [f"- {i['text']}, {i['due']}{' (done)' if i['done'] else ''}" for i in items]
    return Reply(data, "Your reminders:\n" + "\n".join(lines))


@tool(effect=Effect.WRITE, permissions=["reminders.write"])
def complete_reminder(ctx: ToolContext, reminder_id: int) -> Reply:
    """Mark a reminder or to-do as done, as in "I finished reminder <id>".

    Args:
        reminder_id: the id shown by list_reminders
    """
    if not ctx.store.complete_reminder(reminder_id, ctx.clock()):
        raise ToolRetry(f"there is no open reminder {reminder_id}; call list_reminders first")
    return Reply({"completed": reminder_id}, f"Done: reminder #{reminder_id}.")


SKILL = Skill(
    name="reminders",
    description="Reminders and to-dos with times in your own words.",
    tools=(create_reminder, list_reminders, complete_reminder),
)
