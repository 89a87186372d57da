"""Home Assistant MQTT discovery: config messages to devices, state payloads to meaning.

A device announces itself with a retained JSON config on
`<prefix>/<component>/[<node_id>/]<object_id>/config`; keys may be abbreviated
(`stat_t`, `cmd_t`) and topics may start with `~`, the config's base topic. Only the
components a personal assistant controls or reads are understood; others are listed
as read-only sensors of their raw state.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

COMPONENTS = ("light", "switch", "fan", "lock", "cover", "binary_sensor", "sensor")

# the abbreviations Home Assistant documents for the keys read here
_ABBREVIATIONS = {
    "stat_t": "state_topic",
    "cmd_t": "command_topic",
    "uniq_id": "unique_id",
    "obj_id": "object_id",
    "pl_on": "payload_on",
    "pl_off": "payload_off",
    "stat_on": "state_on",
    "stat_off": "state_off",
    "pl_lock": "payload_lock",
    "pl_unlk": "payload_unlock",
    "stat_locked": "state_locked",
    "stat_unlocked": "state_unlocked",
    "pl_open": "payload_open",
    "pl_cls": "payload_close",
    "pl_stop": "payload_stop",
    "stat_open": "state_open",
    "stat_clsd": "state_closed",
    "dev_cla": "device_class",
    "unit_of_meas": "unit_of_measurement",
    "dev": "device",
    "schema": "schema",
}

# component -> action -> (config key of the payload, default payload)
_ACTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "light": {"on": ("payload_on", "ON"), "off": ("payload_off", "OFF")},
    "switch": {"on": ("payload_on", "ON"), "off": ("payload_off", "OFF")},
    "fan": {"on": ("payload_on", "ON"), "off": ("payload_off", "OFF")},
    "lock": {"lock": ("payload_lock", "LOCK"), "unlock": ("payload_unlock", "UNLOCK")},
    "cover": {
        "open": ("payload_open", "OPEN"),
        "close": ("payload_close", "CLOSE"),
        "stop": ("payload_stop", "STOP"),
    },
}

# component -> (config key, default state payload, meaning)
_STATES: dict[str, list[tuple[str, str, str]]] = {
    "light": [("state_on", "", "on"), ("state_off", "", "off")],
    "switch": [("state_on", "", "on"), ("state_off", "", "off")],
    "fan": [("state_on", "", "on"), ("state_off", "", "off")],
    "binary_sensor": [("payload_on", "ON", "on"), ("payload_off", "OFF", "off")],
    "lock": [
        ("state_locked", "LOCKED", "locked"),
        ("state_unlocked", "UNLOCKED", "unlocked"),
        ("state_locking", "LOCKING", "locking"),
        ("state_unlocking", "UNLOCKING", "unlocking"),
        ("state_jammed", "JAMMED", "jammed"),
    ],
    "cover": [
        ("state_open", "open", "open"),
        ("state_closed", "closed", "closed"),
        ("state_opening", "opening", "opening"),
        ("state_closing", "closing", "closing"),
    ],
}

_TOPIC = re.compile(
    r"^(?P<prefix>[^/]+)/(?P<component>[^/]+)/(?:(?P<node>[^/]+)/)?(?P<obj>[^/]+)/config$"
)
MAX_NAME = 80  # names come from devices on the network: third-party text


class DiscoveryError(ValueError):
    """A config message that cannot describe a device; the message says why."""


@dataclass(frozen=True)
class Device:
    """One discovered entity: what it is called, where its state is, how to command it."""

    key: str  # component/object id: stable across restarts
    component: str
    name: str
    state_topic: str | None
    command_topic: str | None
    config: dict[str, Any]

    @property
    def actions(self) -> tuple[str, ...]:
        """What it can be told to do (none for sensors or without a command topic)."""
        if not self.command_topic:
            return ()
        return tuple(_ACTIONS.get(self.component, {}))

    def payload(self, action: str) -> str:
        """The MQTT payload that performs `action`."""
        key, default = _ACTIONS[self.component][action]
        if self.config.get("schema") == "json":
            return json.dumps({"state": str(self.config.get(key, default))})
        return str(self.config.get(key, default))

    def meaning(self, payload: str) -> str:
        """A state payload in words ("on", "locked", "21.5 °C")."""
        value = payload.strip()
        if value.startswith("{"):
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError:
                parsed = None
            if isinstance(parsed, dict) and "state" in parsed:
                value = str(parsed["state"])
        for key, default, meaning in _STATES.get(self.component, []):
            expected = self.config.get(key) or default or self._command_default(meaning)
            if expected and value == str(expected):
                return meaning
        unit = self.config.get("unit_of_measurement")
        return f"{value} {unit}" if unit and self.component == "sensor" else value

    def _command_default(self, meaning: str) -> str:
        # lights and switches report their command payloads unless told otherwise
        if meaning in ("on", "off"):
            return str(self.config.get(f"payload_{meaning}", meaning.upper()))
        return ""


def parse_config(topic: str, payload: bytes) -> Device | None:
    """The device a discovery message announces; None for an empty (removal) message."""
    match = _TOPIC.match(topic)
    if match is None:
        raise DiscoveryError(f"{topic} is not a discovery config topic")
    if not payload.strip():
        return None
    try:
        raw = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DiscoveryError(f"{topic}: config is not JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise DiscoveryError(f"{topic}: config is not a JSON object")
    config: dict[str, Any] = {_ABBREVIATIONS.get(str(k), str(k)): v for k, v in raw.items()}
    base = config.get("~")
    for key in ("state_topic", "command_topic"):
        value = config.get(key)
        if isinstance(value, str) and base and (value.startswith("~") or value.endswith("~")):
            config[key] = value.replace("~", str(base))
    component = match["component"]
    if component not in COMPONENTS:
        raise DiscoveryError(f"{topic}: component {component!r} is not supported")
    name = _name(config, match["obj"])
    return Device(
        key=f"{component}/{match['obj']}",
        component=component,
        name=name,
        state_topic=_topic(config.get("state_topic")),
        command_topic=_topic(config.get("command_topic")),
        config=config,
    )


def _topic(value: Any) -> str | None:
    return (
        value
        if isinstance(value, str) and value and "#" not in value and "+" not in value
        else None
    )


def _name(config: dict[str, Any], object_id: str) -> str:
    entity = config.get("name")
    device = config.get("device")
    device_name = device.get("name") if isinstance(device, dict) else None
    parts = [str(p) for p in (device_name, entity) if isinstance(p, str) and p.strip()]
    if device_name and entity and str(entity).lower().startswith(str(device_name).lower()):
        parts = [str(entity)]
    name = " ".join(parts) or object_id.replace("_", " ")
    return " ".join(name.split())[:MAX_NAME]
