"""The current date and time in the user's zone."""

from __future__ import annotations

from typing import Any

from familiar.kernel.tools import ToolContext, tool
from familiar.security.labels import Confidentiality
from familiar.security.policy import Effect
from familiar.skills.base import Skill
from familiar.timewords import resolve_when


@tool(effect=Effect.READ, confidentiality=Confidentiality.PUBLIC, permissions=["time.read"])
def current_time(ctx: ToolContext, moment: str = "now") -> dict[str, Any]:
    """Tell the date and time now, or of a moment in the user's words.

    Args:
        moment: "now", or words like "next friday" or "in 3 days"
    """
    at = (
        ctx.now()
        if moment.strip().lower() in ("", "now")
        else resolve_when(moment, ctx.clock(), ctx.tz)
    )
    return {
        "date": at.strftime("%A %d %B %Y"),
        "time": at.strftime("%H:%M"),
        "timezone": str(getattr(ctx.tz, "key", ctx.tz)),
    }


SKILL = Skill(
    name="time",
    description="The date and time where you are.",
    tools=(current_time,),
)
