"""This machine's state as context: battery, network, idle time, the user's location."""

from __future__ import annotations

from dataclasses import asdict

from familiar.integrations.sensors import read_sensors
from familiar.kernel.tools import Reply, ToolContext, tool
from familiar.security.policy import Effect
from familiar.skills.base import Skill


@tool(effect=Effect.READ, permissions=["sensors.read"])
def system_status(ctx: ToolContext) -> Reply:
    """Tell this computer's state: battery, network, idle time and the user's location,
    as in "how much battery do I have?", "am I online?".
    """
    readings = read_sensors(ctx.now(), ctx.settings.location)
    data = asdict(readings)
    data["now"] = readings.now.isoformat(timespec="minutes")
    return Reply(data, "\n".join(readings.lines()))


SKILL = Skill(
    name="system",
    description="This computer's battery, network and idle time, and your location.",
    tools=(system_status,),
)
