"""Device state changes as events on memory's timeline ("Front Door: unlocked → locked")."""

from __future__ import annotations

import threading

from familiar.integrations.home.broker import HomeBroker
from familiar.integrations.home.discovery import Device
from familiar.memory import Memory


def record_changes(broker: HomeBroker, memory: Memory, stop: threading.Event) -> None:
    """Put each state change on the timeline until `stop` is set."""

    def changed(device: Device, old: str, new: str) -> None:
        text = f"{device.name}: {old} → {new}" if old else f"{device.name}: {new}"
        # device names and states come from the network, not from the user
        memory.add_event(text, source="home", trusted=False, tags=("device", device.component))

    broker.watch(changed, stop)
