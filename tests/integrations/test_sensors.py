"""Sensors read from a sysfs tree laid out as Linux lays it out."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from familiar.integrations.sensors import read_sensors

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def sysfs(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n")
    return root


def test_a_laptop_on_battery_with_wifi(tmp_path: Path) -> None:
    root = sysfs(
        tmp_path,
        {
            "class/power_supply/AC/type": "Mains",
            "class/power_supply/AC/online": "0",
            "class/power_supply/BAT0/type": "Battery",
            "class/power_supply/BAT0/capacity": "37",
            "class/power_supply/BAT0/status": "Discharging",
            "class/net/lo/operstate": "unknown",
            "class/net/lo/carrier": "1",
            "class/net/wlp2s0/operstate": "up",
            "class/net/enp3s0/operstate": "down",
        },
    )
    readings = read_sensors(NOW, "Lisbon, Portugal", sys_root=root)
    assert readings.battery is not None and readings.battery.percent == 37
    assert readings.on_mains is False
    assert readings.online and readings.interfaces == ("wlp2s0",)
    lines = readings.lines()
    assert lines[0] == "time: Thursday 26 November 2026 09:30 UTC"
    assert "battery: 37% (discharging)" in lines
    assert "network: online via wlp2s0" in lines
    assert "location: Lisbon, Portugal" in lines


def test_a_desktop_offline_with_no_location(tmp_path: Path) -> None:
    root = sysfs(
        tmp_path,
        {
            "class/power_supply/ACAD/type": "Mains",
            "class/power_supply/ACAD/online": "1",
            "class/net/lo/operstate": "unknown",
            "class/net/eth0/operstate": "down",
            "class/net/tun0/operstate": "unknown",
            "class/net/tun0/carrier": "0",
        },
    )
    readings = read_sensors(NOW, "  ", sys_root=root)
    assert readings.battery is None and readings.on_mains is True
    assert not readings.online and readings.location is None
    assert readings.lines()[1:3] == ["battery: none (on mains power)", "network: offline"]


def test_a_machine_without_sysfs_reports_unknowns(tmp_path: Path) -> None:
    readings = read_sensors(NOW, "", sys_root=tmp_path / "missing")
    assert (readings.battery, readings.on_mains, readings.online) == (None, None, False)


def test_familiar_sensors_prints_the_readings_of_this_machine() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "familiar", "sensors"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("time: ") and "network: " in out.stdout
