"""Home Assistant discovery configs and state payloads, as devices send them."""

from __future__ import annotations

import json

import pytest

from familiar.integrations.home.discovery import DiscoveryError, parse_config
from familiar.integrations.home.names import match_devices


def config(topic: str, **fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_abbreviated_keys_and_the_base_topic_are_expanded() -> None:
    device = parse_config(
        "homeassistant/light/node7/desk/config",
        config("", **{"~": "zigbee/desk", "stat_t": "~/state", "cmd_t": "~/set", "name": "Desk"}),
    )
    assert device is not None
    assert (device.key, device.component, device.name) == ("light/desk", "light", "Desk")
    assert (device.state_topic, device.command_topic) == ("zigbee/desk/state", "zigbee/desk/set")
    assert device.actions == ("on", "off")
    assert device.payload("off") == "OFF"
    assert device.meaning("ON") == "on" and device.meaning("OFF") == "off"


def test_custom_payloads_json_schema_and_units_are_understood() -> None:
    lock = parse_config(
        "homeassistant/lock/door/config",
        config("", name="Door", cmd_t="d/set", stat_t="d/state", pl_lock="1", stat_locked="L"),
    )
    assert lock is not None and lock.payload("lock") == "1" and lock.payload("unlock") == "UNLOCK"
    assert lock.meaning("L") == "locked" and lock.meaning("UNLOCKED") == "unlocked"
    light = parse_config(
        "homeassistant/light/strip/config",
        config("", name="Strip", schema="json", cmd_t="s/set", stat_t="s/state"),
    )
    assert light is not None and json.loads(light.payload("on")) == {"state": "ON"}
    assert light.meaning('{"state": "OFF", "brightness": 3}') == "off"
    sensor = parse_config(
        "homeassistant/sensor/t/config",
        config("", name="Temp", stat_t="t", unit_of_meas="°C"),
    )
    assert sensor is not None and sensor.actions == () and sensor.meaning("19.0") == "19.0 °C"


def test_the_device_name_and_entity_name_are_combined_once() -> None:
    both = parse_config(
        "homeassistant/switch/p1/config",
        config("", name="Plug", dev={"name": "Office"}, cmd_t="p/set"),
    )
    nested = parse_config(
        "homeassistant/switch/p2/config",
        config("", name="Office Plug", dev={"name": "Office"}, cmd_t="p/set"),
    )
    unnamed = parse_config("homeassistant/switch/garden_pump/config", config("", cmd_t="g"))
    assert both is not None and both.name == "Office Plug"
    assert nested is not None and nested.name == "Office Plug"
    assert unnamed is not None and unnamed.name == "garden pump"


@pytest.mark.parametrize(
    ("topic", "payload", "reason"),
    [
        ("homeassistant/light/x/config", b"{nope", "config is not JSON"),
        ("homeassistant/light/x/config", b"[1]", "not a JSON object"),
        ("homeassistant/light/x/config", b"\xff\xfe", "config is not JSON"),
        ("homeassistant/vacuum/x/config", b"{}", "component 'vacuum' is not supported"),
        ("homeassistant/x/config", b"{}", "is not a discovery config topic"),
    ],
)
def test_a_bad_config_says_why(topic: str, payload: bytes, reason: str) -> None:
    with pytest.raises(DiscoveryError, match=reason):
        parse_config(topic, payload)


def test_an_empty_config_removes_the_device() -> None:
    assert parse_config("homeassistant/light/x/config", b"") is None


def test_names_people_use_find_the_devices_they_mean() -> None:
    devices = [
        parse_config(f"homeassistant/{c}/{o}/config", config("", name=n, cmd_t="x"))
        for c, o, n in [
            ("light", "kc", "Kitchen Ceiling Light"),
            ("light", "kn", "Kitchen Counter Light"),
            ("light", "bd", "Bedroom Lamp"),
            ("lock", "fd", "Front Door"),
            ("switch", "kt", "Kitchen Kettle"),
        ]
    ]
    known = [d for d in devices if d is not None]

    def names(query: str) -> list[str]:
        return [d.name for d in match_devices(known, query)]

    assert names("the kitchen lights") == ["Kitchen Ceiling Light", "Kitchen Counter Light"]
    assert names("front door") == ["Front Door"]
    assert names("bedroom light") == ["Bedroom Lamp"]  # a lamp is a light
    assert names("kitchen kettle") == ["Kitchen Kettle"]
    assert names("Frnt Door") == ["Front Door"]  # a typo still finds the one close name
    assert names("garage") == []
