"""The current date and time in the user's zone."""

from __future__ import annotations

from familiar.kernel.tools import Reply, ToolContext, tool
from familiar.security.labels import Confidentiality
from familiar.security.policy import Effect
from familiar.skills.base import Skill
from familiar.timewords import resolve_when


@tool(effect=Effect.READ, confidentiality=Confidentiality.PUBLIC, permissions=["time.read"])
def current_time(ctx: ToolContext, moment: str = "now") -> Reply:
    """Tell the date and time, as in "what time is it?", "what's the date <day>?".

    Args:
        moment: "now", or words like "next friday" or "in 3 days"
    """
    at = (
        ctx.now()
        if moment.strip().lower() in ("", "now")
        else resolve_when(moment, ctx.clock(), ctx.tz)
    )
    zone = str(getattr(ctx.tz, "key", ctx.tz))
    data = {"date": at.strftime("%A %d %B %Y"), "time": at.strftime("%H:%M"), "timezone": zone}
    return Reply(data, f"{data['date']}, {data['time']} ({zone}).")


SKILL = Skill(
    name="time",
    description="The date and time where you are.",
    tools=(current_time,),
)
