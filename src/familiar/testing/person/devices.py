"""Smart-home devices as Home Assistant MQTT discovery payloads, and a day of their states.

Each discovery payload is stored at its MQTT topic plus ".json"
(devices/discovery/homeassistant/light/casa/kitchen/config.json is the retained message
on homeassistant/light/casa/kitchen/config); states.jsonl has one state message a line.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any

from familiar.testing.person.corpus import Corpus
from familiar.testing.person.manifest import Fact, Item
from familiar.testing.person.world import World

NODE = "casa"
STATES = "devices/states.jsonl"


def _device(object_id: str, name: str, model: str, area: str) -> dict[str, Any]:
    return {
        "identifiers": [f"{NODE}_{object_id}"],
        "name": name,
        "manufacturer": model.split()[0],
        "model": model,
        "suggested_area": area,
    }


def discovery(world: World) -> list[tuple[str, dict[str, Any]]]:
    """(topic, payload) for every device."""
    out: list[tuple[str, dict[str, Any]]] = []
    for obj, name, area in [
        ("living_room", "Living room light", "Living room"),
        ("kitchen", "Kitchen light", "Kitchen"),
        ("bedroom", "Bedroom light", "Bedroom"),
    ]:
        base = f"{NODE}/light/{obj}"
        out.append(
            (
                f"homeassistant/light/{NODE}/{obj}/config",
                {
                    "name": None,
                    "unique_id": f"{NODE}_light_{obj}",
                    "schema": "json",
                    "command_topic": f"{base}/set",
                    "state_topic": f"{base}/state",
                    "brightness": True,
                    "supported_color_modes": ["color_temp"],
                    "device": _device(f"light_{obj}", name, "IKEA TRADFRI bulb E27", area),
                },
            )
        )
    out.append(
        (
            f"homeassistant/lock/{NODE}/front_door/config",
            {
                "name": None,
                "unique_id": f"{NODE}_lock_front_door",
                "command_topic": f"{NODE}/lock/front_door/set",
                "state_topic": f"{NODE}/lock/front_door/state",
                "payload_lock": "LOCK",
                "payload_unlock": "UNLOCK",
                "state_locked": "LOCKED",
                "state_unlocked": "UNLOCKED",
                "device": _device(
                    "lock_front_door", "Front door lock", "Nuki Smart Lock 4", "Hallway"
                ),
            },
        )
    )
    base = f"{NODE}/climate/thermostat"
    out.append(
        (
            f"homeassistant/climate/{NODE}/thermostat/config",
            {
                "name": None,
                "unique_id": f"{NODE}_climate_thermostat",
                "modes": ["off", "heat"],
                "mode_command_topic": f"{base}/mode/set",
                "mode_state_topic": f"{base}/mode",
                "temperature_command_topic": f"{base}/target/set",
                "temperature_state_topic": f"{base}/target",
                "current_temperature_topic": f"{base}/current",
                "min_temp": 7,
                "max_temp": 28,
                "temp_step": 0.5,
                "temperature_unit": "C",
                "device": _device(
                    "thermostat", "Thermostat", "tado Smart Thermostat X", "Living room"
                ),
            },
        )
    )
    out.append(
        (
            f"homeassistant/sensor/{NODE}/balcony_temperature/config",
            {
                "name": "Temperature",
                "unique_id": f"{NODE}_sensor_balcony_temperature",
                "device_class": "temperature",
                "state_class": "measurement",
                "unit_of_measurement": "°C",
                "state_topic": f"{NODE}/sensor/balcony/state",
                "value_template": "{{ value_json.temperature }}",
                "device": _device(
                    "balcony_sensor", "Balcony sensor", "Aqara TH sensor T1", "Balcony"
                ),
            },
        )
    )
    return out


def write_devices(world: World, corpus: Corpus) -> None:
    """Discovery payloads and one day of state messages, with facts about that day."""
    rng = world.rng("devices")
    m = world.manifest
    for topic, payload in discovery(world):
        corpus.file(
            f"devices/discovery/{topic}.json",
            (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode(),
            "json",
        )
    day = world.day(-1)
    events: list[tuple[datetime, str, str]] = []

    def at(h: int, mi: int) -> datetime:
        return datetime.combine(day, time(h, mi))

    for minutes in range(0, 24 * 60, 30):
        hour = minutes / 60
        temp = 11.0 + 8.0 * max(0.0, 1 - abs(hour - 15) / 9) + rng.uniform(-0.4, 0.4)
        events.append(
            (
                at(minutes // 60, minutes % 60),
                f"{NODE}/sensor/balcony/state",
                json.dumps({"temperature": round(temp, 1)}),
            )
        )
    wake = at(6, 40 + rng.randrange(15))
    unlock = at(8, rng.randrange(5, 40))
    home = at(18, rng.randrange(0, 50))
    lights = [
        (wake, "bedroom", "ON", 40),
        (wake + timedelta(minutes=25), "bedroom", "OFF", 0),
        (wake + timedelta(minutes=10), "kitchen", "ON", 90),
        (unlock - timedelta(minutes=2), "kitchen", "OFF", 0),
        (home + timedelta(minutes=1), "living_room", "ON", 70),
        (at(19, 5), "kitchen", "ON", 100),
        (at(20, 10), "kitchen", "OFF", 0),
        (at(22, 35), "bedroom", "ON", 30),
        (at(23, 41), "living_room", "OFF", 0),
        (at(23, 58), "bedroom", "OFF", 0),
    ]
    for when, obj, state, brightness in lights:
        light: dict[str, Any] = {"state": state}
        if state == "ON":
            light["brightness"] = round(brightness * 2.55)
        events.append((when, f"{NODE}/light/{obj}/state", json.dumps(light)))
    for when, state in [
        (unlock, "UNLOCKED"),
        (unlock + timedelta(minutes=1), "LOCKED"),
        (home, "UNLOCKED"),
        (home + timedelta(minutes=1), "LOCKED"),
        (at(23, 0), "LOCKED"),
    ]:
        events.append((when, f"{NODE}/lock/front_door/state", state))
    for when, target in [
        (at(6, 30), "20.5"),
        (unlock + timedelta(minutes=3), "17.0"),
        (home - timedelta(minutes=30), "20.5"),
        (at(22, 30), "17.0"),
    ]:
        events.append((when, f"{NODE}/climate/thermostat/target", target))
    events.sort(key=lambda e: (e[0], e[1]))
    lines = []
    for when, topic, payload_text in events:
        stamp = world.zone.aware(when).isoformat()
        lines.append(
            json.dumps({"time": stamp, "topic": topic, "payload": payload_text}, ensure_ascii=False)
        )
    corpus.file(STATES, ("\n".join(lines) + "\n").encode(), "jsonl")

    def line_of(when: datetime, topic: str) -> int:
        return next(i for i, e in enumerate(events, start=1) if e[0] == when and e[1] == topic)

    stamp = world.zone.aware(home).isoformat()
    m.add_fact(
        Fact(
            "devices.arrived-home",
            f"On {day.isoformat()} the front door was unlocked "
            f"at {home:%H:%M} when the user came home.",
            "devices",
            f"When did I get home on {day.isoformat()}?",
            f"{home:%H:%M}",
            [
                Item(
                    STATES, (stamp, "UNLOCKED"), line=line_of(home, f"{NODE}/lock/front_door/state")
                )
            ],
        )
    )
    off = at(23, 41)
    m.add_fact(
        Fact(
            "devices.living-room-off",
            f"On {day.isoformat()} the living room light was switched off at 23:41.",
            "devices",
            "When was the living room light switched off last night?",
            "23:41",
            [
                Item(
                    STATES,
                    (world.zone.aware(off).isoformat(), "living_room"),
                    line=line_of(off, f"{NODE}/light/living_room/state"),
                )
            ],
        )
    )
    night = at(22, 30)
    m.add_fact(
        Fact(
            "devices.thermostat-night",
            "The thermostat goes down to 17.0 °C at 22:30.",
            "devices",
            "What does the thermostat do at night?",
            "17.0 at 22:30",
            [
                Item(
                    STATES,
                    (world.zone.aware(night).isoformat(), "17.0"),
                    line=line_of(night, f"{NODE}/climate/thermostat/target"),
                )
            ],
        )
    )
