"""Smart-home devices: what there is, what state it is in, and switching it."""

from __future__ import annotations

from typing import Literal

from familiar.errors import ToolRetry
from familiar.integrations.home.broker import DeviceView, open_broker
from familiar.integrations.home.names import match_devices
from familiar.kernel.tools import Reply, ToolContext, tool
from familiar.security.policy import Effect
from familiar.skills.base import Skill

# a closed set: the tool-call grammar then only lets the model write one of these
Action = Literal["on", "off", "lock", "unlock", "open", "close", "stop"]


def _find(views: list[DeviceView], device: str) -> list[DeviceView]:
    chosen = match_devices([v.device for v in views], device)
    if not chosen:
        names = ", ".join(v.device.name for v in views) or "none"
        raise ToolRetry(f"no device is called {device!r}; devices: {names}")
    keys = {d.key for d in chosen}
    return [v for v in views if v.device.key in keys]


def _line(view: DeviceView) -> str:
    return f"{view.device.name}: {view.state or 'no state reported'}"


@tool(effect=Effect.READ, trusted_output=False, permissions=["device.read"])
def device_status(ctx: ToolContext, device: str = "") -> Reply:
    """Tell the state of smart-home devices, as in "is the <door> locked?", "are the lights on?".

    Args:
        device: the device's name as the user said it, e.g. "front door"; empty: all devices
    """
    with open_broker(ctx.settings) as broker:
        views = broker.devices()
    chosen = _find(views, device) if device.strip() else views
    data = [{"device": v.device.name, "kind": v.device.component, "state": v.state} for v in chosen]
    if not chosen:
        return Reply(data, "No smart-home devices were found on the broker.")
    return Reply(data, "\n".join(_line(v) for v in chosen))


@tool(effect=Effect.EXTERNAL, trusted_output=False, permissions=["device.control"])
def control_device(ctx: ToolContext, device: str, action: Action) -> Reply:
    """Switch or set smart-home devices, as in "turn off the <room> lights", "lock the <door>".

    Args:
        device: the device's name as the user said it, e.g. "kitchen lights"
        action: what to do: on, off, lock, unlock, open, close or stop
    """
    with open_broker(ctx.settings) as broker:
        chosen = _find(broker.devices(), device)
        unable = [v.device.name for v in chosen if action not in v.device.actions]
        if unable:
            can = sorted({a for v in chosen for a in v.device.actions})
            raise ToolRetry(
                f"{', '.join(unable)} cannot {action!r}; possible: {', '.join(can) or 'none'}"
            )
        for view in chosen:
            view.state = broker.command(view.device, action) or view.state
    data = [{"device": v.device.name, "state": v.state} for v in chosen]
    return Reply(data, "\n".join(_line(v) for v in chosen))


SKILL = Skill(
    name="home",
    description="Your smart-home devices on an MQTT broker (Home Assistant discovery).",
    tools=(device_status, control_device),
    enabled_by_default=False,
)
