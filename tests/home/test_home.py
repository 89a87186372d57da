"""Devices on a real mosquitto: discovery, state, commands through the dispatcher, timeline."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from homehelpers import Fleet, mosquitto

from familiar.app import build_app
from familiar.clock import fixed_clock
from familiar.config import Paths, Settings
from familiar.errors import ExternalError, UserError
from familiar.integrations.home.broker import HomeBroker, broker_config, open_broker
from familiar.integrations.home.timeline import record_changes
from familiar.kernel.agent import Request
from familiar.models.scripted import ScriptedModel, Step, call
from familiar.testing.confirm import Answers

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


def test_discovered_devices_are_listed_with_their_states(
    fleet: Fleet, home_settings: Settings
) -> None:
    skipped: list[str] = []
    with open_broker(home_settings) as broker:
        views = broker.devices(skipped)
    assert [(v.device.name, v.device.component, v.state) for v in views] == [
        ("Bedroom Lamp", "light", "off"),
        ("Front Door", "lock", "unlocked"),
        ("Kitchen Ceiling Light", "light", "on"),
        ("Kitchen Counter Light", "light", "on"),
        ("Living Room Temperature", "sensor", "21.5 °C"),
    ]
    assert sorted(skipped) == [
        "homeassistant/camera/porch/config: component 'camera' is not supported",
        "homeassistant/switch/broken/config: config is not JSON (Expecting value: line 1"
        " column 1 (char 0))",
    ]


def run_agent(
    paths: Paths, settings: Settings, steps: list[Step], answers: Answers, text: str
) -> tuple[str, list[str]]:
    fam = build_app(
        paths=paths,
        settings=settings,
        model=ScriptedModel(steps),
        clock=fixed_clock(NOW),
        confirmer=answers,
    )
    try:
        fam.skills.enable("home")
        result = fam.agent().run(Request(text))
        decisions = [s.decision or "" for s in fam.store.steps(result.run_id) if s.kind == "tool"]
        return result.answer, decisions
    finally:
        fam.close()


def test_turning_off_the_kitchen_lights_asks_then_switches_both(
    fleet: Fleet, home_settings: Settings, isolated_folders: Paths
) -> None:
    answers = Answers(True)
    answer, decisions = run_agent(
        isolated_folders,
        home_settings,
        [call("control_device", device="kitchen lights", action="off")],
        answers,
        "turn off the kitchen lights",
    )
    assert [d.split(":")[:2] for d in decisions] == [["ask", "yes"]]
    [asked] = answers.asked
    assert asked.tool == "control_device" and asked.arguments["device"] == "kitchen lights"
    assert sorted(fleet.commands) == [
        ("home/kitchen_ceiling/set", "OFF"),
        ("home/kitchen_counter/set", '{"state": "OFF"}'),
    ]
    assert answer == "Kitchen Ceiling Light: off\nKitchen Counter Light: off"
    with open_broker(home_settings) as broker:
        states = {v.device.name: v.state for v in broker.devices()}
    assert states["Kitchen Ceiling Light"] == "off" and states["Bedroom Lamp"] == "off"


def test_a_refused_confirmation_sends_nothing(
    fleet: Fleet, home_settings: Settings, isolated_folders: Paths
) -> None:
    _, decisions = run_agent(
        isolated_folders,
        home_settings,
        [call("control_device", device="front door", action="unlock"), "Not done."],
        Answers(False),
        "unlock the front door",
    )
    assert [d.split(":")[:2] for d in decisions] == [["ask", "no"]]
    time.sleep(0.3)
    assert fleet.commands == []


def test_is_the_front_door_locked_is_answered_from_its_state(
    fleet: Fleet, home_settings: Settings, isolated_folders: Paths
) -> None:
    answer, decisions = run_agent(
        isolated_folders,
        home_settings,
        [call("device_status", device="front door")],
        Answers(),
        "is the front door locked?",
    )
    assert answer == "Front Door: unlocked" and [d.split(":")[0] for d in decisions] == ["allow"]


def test_an_impossible_action_goes_back_to_the_model(
    fleet: Fleet, home_settings: Settings, isolated_folders: Paths
) -> None:
    seen: list[str] = []

    def look(request: object) -> object:
        from familiar.models.base import ChatRequest, ChatResponse

        assert isinstance(request, ChatRequest)
        seen.append(request.messages[-1].content)
        return ChatResponse(text="It can't.")

    run_agent(
        isolated_folders,
        home_settings,
        [call("control_device", device="living room temperature", action="off"), look],
        Answers(True),
        "turn off the living room temperature",
    )
    assert "Living Room Temperature cannot 'off'; possible: none" in seen[0]
    assert fleet.commands == []


def test_state_changes_become_timeline_events(
    fleet: Fleet, home_settings: Settings, isolated_folders: Paths
) -> None:
    fam = build_app(paths=isolated_folders, settings=home_settings, clock=fixed_clock(NOW))
    stop = threading.Event()
    try:
        with open_broker(home_settings) as broker:
            watcher = threading.Thread(target=record_changes, args=(broker, fam.memory, stop))
            watcher.start()
            time.sleep(1.0)  # the watcher has read the current states
            fleet.publish_state("home/front_door/state", "LOCKED")
            fleet.publish_state("home/bedroom/state", "ON")
            deadline = time.monotonic() + 5
            while len(fam.memory.timeline(NOW.replace(year=2000))) < 2:
                assert time.monotonic() < deadline, "no timeline events"
                time.sleep(0.05)
            stop.set()
            watcher.join(5)
        events = fam.memory.timeline(NOW.replace(year=2000))
        assert sorted(e.text for e in events) == [
            "Bedroom Lamp: off → on",
            "Front Door: unlocked → locked",
        ]
        assert all(e.source == "home" and not e.trusted for e in events)
    finally:
        stop.set()
        fam.close()


def test_a_broker_that_is_down_gives_one_clear_line() -> None:
    from homehelpers import free_port

    port = free_port()
    with pytest.raises(ExternalError) as err:
        HomeBroker(broker_config(Settings(mqtt_broker=f"127.0.0.1:{port}"))).__enter__()
    assert str(err.value) == (
        f"cannot reach the MQTT broker at 127.0.0.1:{port} (Connection refused);"
        " is it running? check mqtt_broker"
    )


def test_no_broker_configured_says_how_to_set_one() -> None:
    with pytest.raises(UserError, match="familiar config set mqtt_broker HOST:PORT"):
        broker_config(Settings())
    with pytest.raises(UserError, match="must be HOST:PORT"):
        broker_config(Settings(mqtt_broker="localhost"))


def test_a_password_comes_from_the_environment_and_a_wrong_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with mosquitto(tmp_path / "auth", password="s3cret") as port:
        settings = Settings(
            mqtt_broker=f"127.0.0.1:{port}",
            mqtt_username="familiar",
            mqtt_password_env="HOME_MQTT_PASSWORD",
            tool_timeout=5,
        )
        with pytest.raises(UserError, match=r"\$HOME_MQTT_PASSWORD, which is not set"):
            broker_config(settings)
        monkeypatch.setenv("HOME_MQTT_PASSWORD", "wrong")
        with pytest.raises(ExternalError, match="refused the login: Not authorized"):
            open_broker(settings).__enter__()
        monkeypatch.setenv("HOME_MQTT_PASSWORD", "s3cret")
        devices = Fleet(port, password="s3cret")
        try:
            with open_broker(settings) as broker:
                assert len(broker.devices()) == 5
        finally:
            devices.close()
