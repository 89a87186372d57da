"""The machine's own state, read locally: time, battery, network, idle time, location.

Nothing here touches the network: "online" means an interface other than loopback is
up, read from sysfs. A reading that this machine cannot give is None ("unknown"), never
a guess.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Battery:
    """The first battery's charge and whether it is charging."""

    percent: int
    status: str  # Charging, Discharging, Full, Not charging, Unknown


@dataclass(frozen=True)
class Readings:
    """One reading of every sensor."""

    now: datetime
    battery: Battery | None
    on_mains: bool | None
    online: bool
    interfaces: tuple[str, ...]  # up, other than loopback
    idle_seconds: float | None
    location: str | None

    def lines(self) -> list[str]:
        """The readings as short lines for people and for the model."""
        out = [f"time: {self.now.strftime('%A %d %B %Y %H:%M %Z')}"]
        if self.battery is not None:
            out.append(f"battery: {self.battery.percent}% ({self.battery.status.lower()})")
        elif self.on_mains is not None:
            out.append("battery: none (on mains power)")
        net = ", ".join(self.interfaces)
        out.append(f"network: online via {net}" if self.online else "network: offline")
        if self.idle_seconds is not None:
            out.append(f"idle: {int(self.idle_seconds // 60)} min")
        if self.location:
            out.append(f"location: {self.location}")
        return out


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def battery(sys_root: Path) -> tuple[Battery | None, bool | None]:
    """The first battery, and whether mains power is connected (None: no such supply)."""
    supplies = sys_root / "class" / "power_supply"
    found: Battery | None = None
    mains: bool | None = None
    for supply in sorted(supplies.glob("*")) if supplies.is_dir() else []:
        kind = _read(supply / "type")
        if kind == "Battery" and found is None:
            capacity = _read(supply / "capacity")
            if capacity is not None and capacity.isdigit():
                found = Battery(int(capacity), _read(supply / "status") or "Unknown")
        elif kind == "Mains":
            mains = (mains or False) or _read(supply / "online") == "1"
    return found, mains


def interfaces_up(sys_root: Path) -> tuple[str, ...]:
    """Network interfaces other than loopback whose link is up."""
    net = sys_root / "class" / "net"
    up = []
    for iface in sorted(net.glob("*")) if net.is_dir() else []:
        if iface.name == "lo":
            continue
        state = _read(iface / "operstate")
        # virtual links report "unknown"; their carrier says whether they carry traffic
        if state == "up" or (state == "unknown" and _read(iface / "carrier") == "1"):
            up.append(iface.name)
    return tuple(up)


def idle_seconds() -> float | None:
    """Seconds since the user last typed or moved the mouse, where this can be known."""
    if os.environ.get("DISPLAY") and shutil.which("xprintidle"):
        try:
            out = subprocess.run(["xprintidle"], capture_output=True, text=True, timeout=2)
            if out.returncode == 0 and out.stdout.strip().isdigit():
                return int(out.stdout.strip()) / 1000
        except (OSError, subprocess.TimeoutExpired):
            pass
    if sys.stdin.isatty():  # a terminal's device is read, so touched, on each keystroke
        return max(0.0, time.time() - os.stat(os.ttyname(sys.stdin.fileno())).st_atime)
    return None


def read_sensors(now: datetime, location: str, sys_root: Path = Path("/sys")) -> Readings:
    """Read every sensor once."""
    bat, mains = battery(sys_root)
    ifaces = interfaces_up(sys_root)
    return Readings(
        now=now,
        battery=bat,
        on_mains=mains,
        online=bool(ifaces),
        interfaces=ifaces,
        idle_seconds=idle_seconds(),
        location=location.strip() or None,
    )
