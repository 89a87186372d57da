"""The smart-home path on the real embedded model: a spoken request to a real broker."""

from __future__ import annotations

import os
import sys
import time

import pexpect
import pytest
from homehelpers import Fleet

from familiar.config import Paths

pytestmark = pytest.mark.model


def test_turn_off_the_kitchen_lights_on_the_real_model(
    fleet: Fleet, broker_port: int, isolated_folders: Paths
) -> None:
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "200"}
    for args in (
        ["config", "set", "mqtt_broker", f"127.0.0.1:{broker_port}"],
        ["skills", "enable", "home"],
    ):
        setup = pexpect.run(
            f"{sys.executable} -m familiar {' '.join(args)}", env=env, withexitstatus=True
        )
        assert setup[1] == 0, setup[0]
    child = pexpect.spawn(
        sys.executable,
        ["-m", "familiar", "ask", "turn off the kitchen lights"],
        env=env,
        encoding="utf-8",
        timeout=300,
    )
    asked = 0
    while child.expect([r"Run it\?", pexpect.EOF]) == 0:  # yes to each call it proposes
        asked += 1
        child.sendline("y")
    assert asked >= 1
    child.close()
    assert child.exitstatus == 0, child.before
    deadline = time.monotonic() + 5
    while len(fleet.commands) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(fleet.commands) == [
        ("home/kitchen_ceiling/set", "OFF"),
        ("home/kitchen_counter/set", '{"state": "OFF"}'),
    ]
